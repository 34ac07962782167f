/**
 * Architecture rules of DESIGN.md §2, checked by `npm run lint`.
 *
 * Module layout: libs/<module>/src/{domain,application,infrastructure,interface}/…,
 * libs/<module>/src/<module>.module.ts and libs/<module>/src/index.ts (the module's
 * public face). Modules reach each other only through package.json `imports`
 * aliases (#domains, #dns-records, …) whose `types` condition points at that index.ts.
 *
 * @type {import('dependency-cruiser').IConfiguration}
 */
// `to.path` is matched against the resolved path (node_modules/@nestjs/common/index.js,
// node_modules/@types/express/index.d.ts), or the bare name for core and unresolved modules (dns).
const FRAMEWORK_AND_IO =
  '(^|(^|/)node_modules/)(@types/)?(@nestjs/|@aws-sdk/|typeorm(/|$)|pg(/|$)|(node:)?dns(/|$)|nodemailer(/|$)|express(/|$))';

module.exports = {
  forbidden: [
    {
      name: 'module-only-through-index',
      severity: 'error',
      comment:
        'A module may use another module only through its public face libs/<module>/src/index.ts ' +
        '(import it as #<module>). Never reach into its domain/application/infrastructure files.',
      from: { path: '^libs/([^/]+)/' },
      to: { path: '^libs/(?!$1/)[^/]+/', pathNot: '^libs/[^/]+/src/index\\.ts$' },
    },
    {
      name: 'module-import-via-alias',
      severity: 'error',
      comment:
        "Another module's index.ts is imported through its #alias (package.json `imports`), " +
        'not through a relative path: the relative path breaks once compiled to dist/.',
      from: { path: '^libs/([^/]+)/' },
      to: {
        path: '^libs/(?!$1/)[^/]+/src/index\\.ts$',
        dependencyTypesNot: ['aliased-subpath-import'],
      },
    },
    {
      name: 'domain-no-framework',
      severity: 'error',
      comment:
        'domain/ holds plain TypeScript: no framework, ORM, driver or network I/O ' +
        '(@nestjs/*, typeorm, pg, node:dns, @aws-sdk/*, nodemailer, express).',
      from: { path: '^libs/[^/]+/src/domain/' },
      to: { path: FRAMEWORK_AND_IO },
    },
    {
      name: 'domain-inward-only',
      severity: 'error',
      comment:
        "domain/ must not depend on its own module's application/, infrastructure/, interface/ " +
        'or on the Nest module file / index.ts that wires them.',
      from: { path: '^libs/([^/]+)/src/domain/' },
      to: {
        path: [
          '^libs/$1/src/(application|infrastructure|interface)/',
          '^libs/$1/src/[^/]+\\.module\\.ts$',
          '^libs/$1/src/index\\.ts$',
        ],
      },
    },
    {
      name: 'libs-not-to-apps',
      severity: 'error',
      comment: 'Modules know nothing of the composition root or the API surfaces in apps/.',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'apps-libs-only-through-index',
      severity: 'error',
      comment:
        'apps/ uses a module only through its #alias (libs/<module>/src/index.ts): ' +
        'commands, queries, events, read types, its Nest module.',
      from: { path: '^apps/' },
      to: { path: '^libs/', pathNot: '^libs/[^/]+/src/index\\.ts$' },
    },
    {
      name: 'apps-libs-via-alias',
      severity: 'error',
      comment: 'apps/ imports a module through its #alias, not a relative path into libs/.',
      from: { path: '^apps/' },
      to: { path: '^libs/[^/]+/src/index\\.ts$', dependencyTypesNot: ['aliased-subpath-import'] },
    },
    {
      name: 'no-circular-between-modules',
      severity: 'error',
      comment:
        'Modules must not depend on each other in a cycle (A -> B -> A), ' +
        'even through type-only imports: break it with an event, or move the shared type to shared-kernel.',
      from: { path: '^libs/([^/]+)/' },
      to: {
        circular: true,
        // a cycle counts when it leaves the module it starts in
        viaSomeNot: '^libs/$1/',
      },
    },
    {
      name: 'no-circular-within-module',
      severity: 'warn',
      comment:
        'A cycle inside one module (or inside apps/api): allowed to pass CI, but usually a sign ' +
        'that a file should be split or a type moved down a layer.',
      from: { path: '^((apps|libs)/[^/]+)/' },
      to: { circular: true, viaOnly: '^$1/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'This import cannot be resolved to a file or a package: typo, or missing dependency.',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'not-to-undeclared-dependency',
      severity: 'error',
      comment: 'Every npm package used in apps/ or libs/ must be listed in package.json.',
      from: { path: '^(apps|libs)/' },
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'not-to-dev-dep',
      severity: 'error',
      comment:
        'Production code must not use devDependencies (they are pruned from the Docker image). ' +
        'Specs and test-only helpers are exempt.',
      from: {
        path: '^(apps|libs)/',
        pathNot: ['\\.spec\\.ts$', '\\.e2e-spec\\.ts$', '/testing\\.ts$', '/testing/'],
      },
      to: {
        dependencyTypes: ['npm-dev'],
        // type-only imports vanish when compiled
        dependencyTypesNot: ['type-only'],
        pathNot: ['node_modules/@types/'],
      },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|coverage|\\.data)/' },
    // keep type-only imports: a type import across modules breaks encapsulation just as well
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      // `types` first so #alias imports land on libs/<module>/src/index.ts, not on dist/
      conditionNames: ['types', 'import', 'node', 'default'],
      extensions: ['.ts', '.js'],
      mainFields: ['module', 'main', 'types'],
    },
    skipAnalysisNotInRules: true,
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
