// ESLint flat config. Architecture between modules is checked by dependency-cruiser
// (.dependency-cruiser.cjs); this file keeps code hygiene plus a fast, editor-visible
// copy of the "domain/ imports no framework" rule (DESIGN.md §2).
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

const TS_FILES = ['apps/**/*.ts', 'libs/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'];

const FOCUSED_OR_SKIPPED =
  'Focused or skipped test left in: remove .only/.skip (or fit/fdescribe/xit/xdescribe/xtest) before committing.';
const JASMINE_STYLE = '/^(fit|fdescribe|xit|xdescribe|xtest)$/';

export default defineConfig(
  globalIgnores(['**/dist/', '**/node_modules/', '**/.data/', '**/coverage/', 'test/support/*.js']),

  {
    // typescript-eslint recommended, syntax only (no type information: stays fast)
    files: TS_FILES,
    extends: [tseslint.configs.recommended],
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          args: 'after-used',
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          // `only` or `skip` on it/describe/test, also with .each
          selector:
            'MemberExpression[object.type="Identifier"][object.name=/^(it|describe|test)$/][property.name=/^(only|skip)$/]',
          message: FOCUSED_OR_SKIPPED,
        },
        {
          // the Jasmine-style focused/excluded names (f- and x- prefixed it/describe/test)
          selector: `CallExpression[callee.type="Identifier"][callee.name=${JASMINE_STYLE}]`,
          message: FOCUSED_OR_SKIPPED,
        },
        {
          // fit.each(...)(...), xdescribe.each`...`
          selector: `MemberExpression[object.type="Identifier"][object.name=${JASMINE_STYLE}]`,
          message: FOCUSED_OR_SKIPPED,
        },
      ],
    },
  },

  {
    // DESIGN.md §2: domain/ folders import no framework (dependency-cruiser checks it too)
    files: ['libs/*/src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(@nestjs|@aws-sdk)/',
              message:
                'domain/ imports no framework or SDK (DESIGN.md §2): define a port in domain/, adapt it in infrastructure/.',
            },
            {
              regex: '^(typeorm|pg|nodemailer|express)(/.*)?$',
              message:
                'domain/ imports no ORM, driver, mailer or HTTP library (DESIGN.md §2): keep it in infrastructure/ or interface/.',
            },
            {
              regex: '^(node:)?dns(/.*)?$',
              message:
                'domain/ does no DNS I/O (DESIGN.md §2): use the DNS resolver port; the node:dns adapter lives in infrastructure/.',
            },
          ],
        },
      ],
    },
  },
);
