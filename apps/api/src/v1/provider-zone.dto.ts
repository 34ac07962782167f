import { ApiProperty } from '@nestjs/swagger';
import { ZONE_PUBLISHER_KINDS } from '#dns-publishing';
import { txtChunks } from '#dns-records';
import { ex, type Examples, problem } from './native.examples.js';

const ACCT = '903e1cef84b34500a9a5b2ca219f76f5';
const KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAwq0yQ6v2yDW0S1TvC7pN9uZ3kOe8J2cYgE1Rz5xk0mV4qH3r7JbLh2W8yT6s0fD1nC9pQ4aR3uV5wX7zA8bE2cF6dG0hI4jK9lM1nO3pQ5rS7tU9vW1xY3zA5bC7dE9fG1hI3jK5lM7nO9pQ1rS3tU5vW7xY9zA1bC3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5zA7bC9dE1fG3hI5jK7lM9nO1pQ3rS5tU7vW9xY1zA3bC5dE7fG9hI1jK3lM5nO7pQ9rS1tU3vW5xY7zA9bC1dE3fG5hI7jK9lM1nO3pQ5rS7tU9vW1xY3zA5bC7dE9fG1hI3jK5lM7nO9pQIDAQAB';

export class ProviderZoneRecordDto {
  @ApiProperty({ example: `${ACCT}cm1._domainkey.email.cmtest.nl`, description: 'fully qualified, without the final dot' }) host: string;
  @ApiProperty({ enum: ['TXT', 'MX'], example: 'TXT' }) type: string;
  @ApiProperty({ type: 'integer', example: 300 }) ttl: number;
  @ApiProperty({ example: `v=DKIM1; k=rsa; p=${KEY}`, description: 'TXT: the whole text (split into 255-byte strings when published); MX: `priority host.`' }) value: string;
}

export class ZonePublicationDto {
  @ApiProperty({ enum: ['published', 'pending', 'failing', 'off'], example: 'published', description: '`off`: PROVIDER_ZONE_PUBLISHER=none, the operator publishes the zone file' }) state: string;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true, example: '2026-12-01T10:00:02.000Z' }) lastPublishedAt: string | null;
  @ApiProperty({ type: 'string', nullable: true, example: null, description: 'why the last try was refused (the server\'s rcode, in words)' }) lastError: string | null;
  @ApiProperty({ type: 'integer', example: 0, description: 'changes waiting to be published' }) pending: number;
}

export class ProviderZoneDto {
  @ApiProperty({ example: 'email.cmtest.nl' }) zone: string;
  @ApiProperty({ enum: ZONE_PUBLISHER_KINDS, example: 'rfc2136' }) publisher: string;
  @ApiProperty({ type: [ProviderZoneRecordDto] }) records: ProviderZoneRecordDto[];
  @ApiProperty({ type: ZonePublicationDto }) publication: ZonePublicationDto;
}

const records = [
  { host: '_spf.email.cmtest.nl', type: 'TXT', ttl: 300, value: 'v=spf1 ip4:192.0.2.7 ip4:198.51.100.0/24 -all' },
  { host: `${ACCT}cm1._domainkey.email.cmtest.nl`, type: 'TXT', ttl: 300, value: `v=DKIM1; k=rsa; p=${KEY}` },
  { host: `${ACCT}cm2._domainkey.email.cmtest.nl`, type: 'TXT', ttl: 300, value: `v=DKIM1; k=rsa; p=${KEY.replace('wq0y', 'xr1z')}` },
  { host: `${ACCT}.email.cmtest.nl`, type: 'MX', ttl: 300, value: '10 bounces.email.cmtest.nl.' },
  { host: `${ACCT}.email.cmtest.nl`, type: 'TXT', ttl: 300, value: 'v=spf1 include:_spf.email.cmtest.nl -all' },
];

/** The zone file of the records above, as the route renders it. */
export const PROVIDER_ZONE_FILE_EXAMPLE = [
  "; The provider zone email.cmtest.nl: the built-in provider's DKIM keys and return-path targets.",
  '; Put an SOA and NS records in front to load it as a zone; names are fully qualified.',
  '',
  ...records.map((r) => `${r.host}.\t${r.ttl}\tIN\t${r.type}\t${r.type === 'TXT' ? txtChunks(r.value).join(' ') : r.value}`),
  '',
].join('\n');

export const PROVIDER_ZONE_EXAMPLES: Record<'zone', Examples> = {
  zone: {
    published: ex('One account, published by RFC 2136', { zone: 'email.cmtest.nl', publisher: 'rfc2136', records, publication: { state: 'published', lastPublishedAt: '2026-12-01T10:00:02.000Z', lastError: null, pending: 0 } }),
    failing: ex('The server refuses the updates', {
      zone: 'email.cmtest.nl',
      publisher: 'rfc2136',
      records,
      publication: { state: 'failing', lastPublishedAt: null, lastError: 'The DNS server refused the update: BADSIG (the TSIG key is not the one it knows)', pending: 2 },
    }),
  },
};

export const providerZoneProblems = (instance: string): Partial<Record<number, Examples>> => ({
  403: {
    oneAccount: ex(
      'A key for some accounts only',
      problem(403, 'FORBIDDEN', 'The provider zone holds every account\'s records: it needs a key for every account (accountIds ["*"]) with Provider_Manage', instance),
    ),
  },
});
