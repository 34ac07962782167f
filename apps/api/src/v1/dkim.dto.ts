import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import { SERVED_KEY_STATES } from '#shared-kernel';
import { EXAMPLE_PRIVATE_KEY, EXAMPLE_PUBLIC_KEY, EXAMPLE_STANDBY_PUBLIC_KEY } from './dkim.examples.js';
import { ex, type Examples, EXAMPLE_ACCOUNT, problem } from './native.examples.js';

const ACCT = EXAMPLE_ACCOUNT.replace(/-/g, '');
const ZONE = 'email.cmtest.nl';
const PUBLIC_KEY = EXAMPLE_PUBLIC_KEY;
const STANDBY_KEY = EXAMPLE_STANDBY_PUBLIC_KEY;

export class RotateKeysDto {
  @ApiPropertyOptional({ description: 'the active key is compromised: publish it revoked (an empty `p=`) at once instead of letting it retire', default: false, example: false })
  @IsOptional()
  @IsBoolean()
  revoke?: boolean;
}

export class SelectorDto {
  @ApiProperty({ enum: ['cm1', 'cm2'], example: 'cm1' }) selector: string;
  @ApiProperty({ enum: ['active', 'standby', 'retiring', 'revoked'], example: 'active' }) state: string;
  @ApiProperty({ example: PUBLIC_KEY, description: 'base64 of the DER SubjectPublicKeyInfo' }) publicKey: string;
  @ApiProperty({ example: `${ACCT}cm1._domainkey.${ZONE}`, description: 'where the provider zone publishes it (the target of the customers\' CNAME)' }) dnsName: string;
  @ApiProperty({ example: `v=DKIM1; k=rsa; p=${PUBLIC_KEY}` }) dnsValue: string;
  @ApiProperty({ type: 'integer', example: 2048 }) bits: number;
  @ApiProperty({ format: 'date-time', example: '2026-12-01T10:00:00.000Z' }) createdAt: string;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true, example: '2026-12-01T10:00:00.000Z' }) activatedAt: string | null;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true, example: null, description: 'retiring or revoked: when its selector gets a fresh standby key' }) retiresAt: string | null;
  @ApiProperty({ enum: SERVED_KEY_STATES, example: 'published', description: 'what DNS serves at dnsName now' }) publishedInDns: string;
}

export class AccountDkimDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE_ACCOUNT }) accountId: string;
  @ApiProperty({ type: [SelectorDto] }) selectors: SelectorDto[];
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true, example: '2027-05-30T10:00:00.000Z', description: 'when the scheduler rotates next (DKIM_ROTATION_DAYS after the active key started to sign)' }) nextRotationAt: string | null;
}

export class SigningKeyDto {
  @ApiProperty({ example: 'example.com' }) domain: string;
  @ApiProperty({ example: `cm1${ACCT}`, description: 'the s= of the signature: the label before `._domainkey` in the customer\'s CNAME' }) selector: string;
  @ApiProperty({ example: 'rsa-sha256' }) algorithm: string;
  @ApiProperty({ example: EXAMPLE_PRIVATE_KEY, description: 'PKCS#8 PEM' })
  privateKey: string;
  @ApiProperty({ format: 'date-time', example: '2026-12-01T10:00:00.000Z' }) activeSince: string;
}

export class SigningKeyListDto {
  @ApiProperty({ type: [SigningKeyDto] }) items: SigningKeyDto[];
  @ApiProperty({ type: 'integer', example: 1 }) total: number;
  @ApiProperty({ type: 'integer', example: 100 }) limit: number;
  @ApiProperty({ type: 'integer', example: 0 }) offset: number;
}

export class VaultSelectorDto {
  @ApiProperty({ example: `cm1${ACCT}` }) selector: string;
  @ApiProperty({ example: EXAMPLE_PRIVATE_KEY, description: 'PKCS#8 PEM' }) key: string;
  @ApiProperty({ example: 'example.com' }) domain: string;
}

export class VaultSelectorsDto {
  @ApiProperty({ type: [VaultSelectorDto] }) selectors: VaultSelectorDto[];
}

/** What rspamd's Vault client reads (`data.selectors`), as HashiCorp Vault's KV v1 would answer it. */
export class VaultAnswerDto {
  @ApiProperty({ type: VaultSelectorsDto }) data: VaultSelectorsDto;
}

const selectors = (states: [string, string], extra: Partial<Record<'cm1' | 'cm2', Record<string, unknown>>> = {}) =>
  (['cm1', 'cm2'] as const).map((selector, i) => ({
    selector,
    state: states[i],
    publicKey: i === 0 ? PUBLIC_KEY : STANDBY_KEY,
    dnsName: `${ACCT}${selector}._domainkey.${ZONE}`,
    dnsValue: states[i] === 'revoked' ? 'v=DKIM1; p=' : `v=DKIM1; k=rsa; p=${i === 0 ? PUBLIC_KEY : STANDBY_KEY}`,
    bits: 2048,
    createdAt: '2026-12-01T10:00:00.000Z',
    activatedAt: states[i] === 'standby' ? null : '2026-12-01T10:00:00.000Z',
    retiresAt: null,
    publishedInDns: 'published',
    ...extra[selector],
  }));

export const DKIM_EXAMPLES: Record<'account' | 'rotated' | 'signingKeys' | 'vault', Examples> = {
  account: {
    keys: ex('cm1 signs, cm2 is published and ready to take over', { accountId: EXAMPLE_ACCOUNT, selectors: selectors(['active', 'standby']), nextRotationAt: '2027-05-30T10:00:00.000Z' }),
  },
  rotated: {
    rotated: ex('cm2 signs now; cm1 stays published for a week', {
      accountId: EXAMPLE_ACCOUNT,
      selectors: selectors(['retiring', 'active'], { cm1: { retiresAt: '2027-06-08T10:00:00.000Z' }, cm2: { activatedAt: '2027-06-01T10:00:00.000Z' } }),
      nextRotationAt: '2027-11-28T10:00:00.000Z',
    }),
    revoked: ex('cm1 was compromised: revoked at once', {
      accountId: EXAMPLE_ACCOUNT,
      selectors: selectors(['revoked', 'active'], { cm1: { retiresAt: '2027-06-08T10:00:00.000Z' }, cm2: { activatedAt: '2027-06-01T10:00:00.000Z' } }),
      nextRotationAt: null,
    }),
  },
  signingKeys: {
    keys: ex('One active built-in domain', {
      items: [{ domain: 'example.com', selector: `cm1${ACCT}`, algorithm: 'rsa-sha256', privateKey: EXAMPLE_PRIVATE_KEY, activeSince: '2026-12-01T10:00:00.000Z' }],
      total: 1,
      limit: 100,
      offset: 0,
    }),
  },
  vault: {
    key: ex('The active selector of example.com', {
      data: { selectors: [{ selector: `cm1${ACCT}`, key: EXAMPLE_PRIVATE_KEY, domain: 'example.com' }] },
    }),
  },
};


const noKeys = (instance: string): Examples => ({
  noKeys: ex('The account has no built-in domain (or is not one of the key\'s accounts)', problem(404, 'DKIM_KEYS_NOT_FOUND', 'This account has no DKIM keys (it has no built-in domain)', instance)),
});

/** The route-specific problems of the DKIM routes, by route. */
export const DKIM_PROBLEMS = {
  sign: (instance: string): Partial<Record<number, Examples>> => ({
    422: {
      otherAccount: ex('The From domain is not one of the key\'s accounts', problem(422, 'NOT_SIGNABLE', 'shop.example.net is not a domain of this API key\'s accounts', instance)),
      pending: ex('The domain is not active yet', problem(422, 'NOT_SIGNABLE', 'example.com is pending: it is signed for once its records are verified and it is active', instance)),
      noFrom: ex('No From header', problem(422, 'NOT_SIGNABLE', 'The message has no From: header: DKIM signs for the domain of its From address', instance)),
    },
  }),
  vault: (instance: string): Partial<Record<number, Examples>> => ({
    404: { notSignable: ex('Not an active built-in domain of the key\'s accounts', problem(404, 'DOMAIN_NOT_FOUND', 'Not an active built-in domain of this API key\'s accounts', instance)) },
  }),
  account: (instance: string): Partial<Record<number, Examples>> => ({ 404: noKeys(instance) }),
  rotate: (instance: string): Partial<Record<number, Examples>> => ({
    404: noKeys(instance),
    409: {
      standbyNotServed: ex('DNS does not serve the standby key yet', problem(
          409,
          'STANDBY_NOT_PUBLISHED',
          `The standby key (cm2) is not served at ${ACCT}cm2._domainkey.${ZONE}: rotating to it now would make every signature fail. Publish the provider zone first.`,
          instance,
          { selector: 'cm2', served: 'missing' },
        )),
    },
  }),
};
