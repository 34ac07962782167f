import { ApiExtraModels, ApiProperty, ApiPropertyOptional, type ApiPropertyOptions, getSchemaPath } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { DOMAIN_FIELD_LIMITS, DOMAIN_SORTS, DOMAIN_STATUSES, SPAM_ACTIONS, WEB_SCHEMES } from '#domains';
import { PROVIDER_NAMES } from '#mail-providers';
import { CHECK_STATUSES, RECORD_PURPOSES, RECORD_STATUSES, RECORD_TYPES } from '#shared-kernel';
import { PageQueryDto } from './page.dto.js';

const ACCOUNT = '903e1cef-84b3-4500-a9a5-b2ca219f76f5';
const ACCT = ACCOUNT.replace(/-/g, '');

// ---- requests ----

export class SettingsInputDto {
  @ApiPropertyOptional({ description: 'deliver only over TLS' }) @IsOptional() @IsBoolean() requireTls?: boolean;
  @ApiPropertyOptional({ enum: SPAM_ACTIONS }) @IsOptional() @IsIn(SPAM_ACTIONS) spamAction?: string;
  @ApiPropertyOptional({ enum: WEB_SCHEMES, description: 'scheme of tracking links' }) @IsOptional() @IsIn(WEB_SCHEMES) webScheme?: string;
}

const METADATA = {
  type: 'object',
  additionalProperties: { type: 'string' },
  maxProperties: DOMAIN_FIELD_LIMITS.metadataKeys,
  description: `your own key-value pairs (strings), at most ${DOMAIN_FIELD_LIMITS.metadataKeys} keys and ${DOMAIN_FIELD_LIMITS.metadataBytes / 1024} kB`,
  example: { client_name: 'Acme Corp', plan: 'enterprise' },
} as const;

export class RegisterDomainDto {
  @ApiProperty({ example: 'example.com', description: 'the domain name; Unicode (IDN) accepted, stored as punycode', maxLength: 1000 })
  @IsString()
  @MaxLength(1000)
  domain: string;

  @ApiPropertyOptional({ example: 'admin@example.com', description: 'contact for status-change notifications' })
  @IsOptional()
  @IsString()
  @MaxLength(320)
  emailAddress?: string;

  @ApiPropertyOptional({ maxLength: DOMAIN_FIELD_LIMITS.description, example: 'Transactional mail of the shop' })
  @IsOptional()
  @IsString()
  @MaxLength(DOMAIN_FIELD_LIMITS.description)
  description?: string;

  @ApiPropertyOptional({ maxLength: DOMAIN_FIELD_LIMITS.externalId, example: 'client_domain_123', description: 'your own id, for correlation' })
  @IsOptional()
  @IsString()
  @MaxLength(DOMAIN_FIELD_LIMITS.externalId)
  externalId?: string;

  @ApiPropertyOptional(METADATA)
  @IsOptional()
  @IsObject()
  metadata?: Record<string, string>;

  @ApiPropertyOptional({ description: "make it the account's default domain (at most one per account)", default: false })
  @IsOptional()
  @IsBoolean()
  isDefault?: boolean;

  @ApiPropertyOptional({ example: 'eu-west-1', description: 'with `provider: "ses"`: the region where its identity lives (default AWS_REGION); the built-in provider has none' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  region?: string;

  @ApiPropertyOptional({ enum: PROVIDER_NAMES, description: 'the mail provider that sends for it, fixed for good; default MAIL_PROVIDER' })
  @IsOptional()
  @IsIn(PROVIDER_NAMES)
  provider?: string;

  @ApiPropertyOptional({ example: 'email', description: "adds a tracking CNAME `<prefix>.<domain>` (Mailgun's web_prefix)" })
  @IsOptional()
  @IsString()
  @MaxLength(63)
  trackingPrefix?: string;

  @ApiPropertyOptional({ example: 'bounce', description: 'custom return path (MAIL FROM): the return-path CNAME moves to `<subdomain>.<domain>`' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  mailFromSubdomain?: string;

  @ApiPropertyOptional({ description: 'adds the MX records for receiving mail', default: false })
  @IsOptional()
  @IsBoolean()
  receiving?: boolean;

  @ApiPropertyOptional({ description: 'adds a TXT ownership record (`_sds-verification.<domain>`) with a token generated now; required for activation', default: false })
  @IsOptional()
  @IsBoolean()
  ownershipToken?: boolean;

  @ApiPropertyOptional({ description: 'adds the recommended SPF record (checked, not required)', default: true })
  @IsOptional()
  @IsBoolean()
  spf?: boolean;

  @ApiPropertyOptional({ description: 'adds the recommended DMARC record (checked, not required)', default: true })
  @IsOptional()
  @IsBoolean()
  dmarc?: boolean;

  @ApiPropertyOptional({ type: SettingsInputDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => SettingsInputDto)
  settings?: SettingsInputDto;
}

export class UpdateDomainDto {
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: DOMAIN_FIELD_LIMITS.description })
  @IsOptional()
  @IsString()
  @MaxLength(DOMAIN_FIELD_LIMITS.description)
  description?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: DOMAIN_FIELD_LIMITS.externalId })
  @IsOptional()
  @IsString()
  @MaxLength(DOMAIN_FIELD_LIMITS.externalId)
  externalId?: string | null;

  @ApiPropertyOptional(METADATA)
  @IsOptional()
  @IsObject()
  metadata?: Record<string, string>;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(320)
  emailAddress?: string | null;

  @ApiPropertyOptional({ description: "the account's default domain; setting one unsets the previous one, atomically" })
  @IsOptional()
  @IsBoolean()
  isDefault?: boolean;

  @ApiPropertyOptional({ type: SettingsInputDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => SettingsInputDto)
  settings?: SettingsInputDto;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'email', description: 'changes (or with null removes) the tracking record' })
  @IsOptional()
  @IsString()
  @MaxLength(63)
  trackingPrefix?: string | null;

  @ApiPropertyOptional({
    example: 'suspended',
    description:
      '"suspended" stops sending and checking (with an optional `reason`); "active" leaves a suspension: the domain is verified at once and becomes what verification says. Any other value is 409 INVALID_TRANSITION.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  status?: string;

  @ApiPropertyOptional({ maxLength: DOMAIN_FIELD_LIMITS.description, example: 'bounce rate too high', description: 'why it is suspended (with status "suspended")' })
  @IsOptional()
  @IsString()
  @MaxLength(DOMAIN_FIELD_LIMITS.description)
  reason?: string;
}

/** `?status=a&status=b` or `?status=a`: always a list. */
const toList = ({ value }: { value: unknown }) => (value === undefined ? undefined : Array.isArray(value) ? value : [value]);

export class ListDomainsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: DOMAIN_STATUSES.filter((s) => s !== 'deleted'), isArray: true, description: 'only domains in these statuses (repeat the parameter for several)' })
  @IsOptional()
  @Transform(toList)
  @IsIn(DOMAIN_STATUSES.filter((s) => s !== 'deleted'), { each: true })
  status?: string[];

  @ApiPropertyOptional({ maxLength: 253, example: 'mark', description: 'names starting with this (Unicode or punycode)' })
  @IsOptional()
  @IsString()
  @MaxLength(253)
  search?: string;

  @ApiPropertyOptional({ enum: DOMAIN_SORTS, default: 'createdAt', description: 'order; ties in creation order' })
  @IsOptional()
  @IsIn(DOMAIN_SORTS)
  sort: (typeof DOMAIN_SORTS)[number] = 'createdAt';
}

// ---- answers ----

export class RecordStateDto {
  @ApiProperty({ type: 'integer', example: 456 }) id: number;
  @ApiProperty({ enum: RECORD_PURPOSES, example: 'dkim' }) purpose: string;
  @ApiProperty({ example: true, description: 'required records decide whether the domain is active' }) required: boolean;
  @ApiProperty({ enum: RECORD_TYPES, example: 'CNAME' }) type: string;
  @ApiProperty({ example: `cm2${ACCT}._domainkey.example.com` }) host: string;
  @ApiProperty({ example: `${ACCT}cm2._domainkey.email.cmtest.nl.` }) value: string;
  @ApiProperty({ type: 'integer', nullable: true, example: null, description: 'MX preference' }) priority: number | null;
  @ApiProperty({ enum: RECORD_STATUSES, example: 'mismatch' }) status: string;
  @ApiProperty({ example: false, description: 'status is valid (the last conclusive check found it); a DNS error does not change it' }) isValid: boolean;
  @ApiProperty({ type: [String], example: [`${ACCT}cm2._domainkey.email.cmtest.nl.example.com`], description: 'what DNS returned at the last conclusive check (a CNAME: its whole chain)' })
  foundValues: string[];
  @ApiProperty({
    type: String,
    nullable: true,
    example: `The CNAME at cm2${ACCT}._domainkey.example.com points to ${ACCT}cm2._domainkey.email.cmtest.nl.example.com: your DNS provider added "example.com" to the end of the value because it did not end with a dot. Change the value to "${ACCT}cm2._domainkey.email.cmtest.nl.", including the final dot.`,
  })
  diagnosis: string | null;
  @ApiProperty({ type: String, nullable: true, example: null, description: 'the record to publish instead (your SPF record with ours merged in)' }) suggestedValue: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2025-03-14T09:27:14.208Z' }) lastCheckedAt: string | null;
}

export class CheckDto {
  @ApiProperty({ enum: CHECK_STATUSES, example: 'waiting_for_user' }) status: string;
  @ApiProperty({ type: 'integer', example: 2 }) attempts: number;
  @ApiProperty({ type: String, format: 'date-time', example: '2025-03-14T09:26:53.514Z' }) requestedAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null, description: 'when it was verified (null until it is)' }) completedAt: string | null;
  @ApiProperty({ type: String, nullable: true, example: `No CNAME record found at cm1${ACCT}._domainkey.example.com.`, description: 'what is wrong, in words' }) error: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, example: {}, description: 'what the check measured (SPF: lookups; DMARC: policy, effectivePolicy, inheritedFrom…)' })
  details: Record<string, unknown>;
}

export class SettingsDto {
  @ApiProperty({ example: false }) requireTls: boolean;
  @ApiProperty({ enum: SPAM_ACTIONS, example: 'disabled' }) spamAction: string;
  @ApiProperty({ enum: WEB_SCHEMES, example: 'https' }) webScheme: string;
}

export class SuspensionDto {
  @ApiProperty({ type: String, nullable: true, example: 'bounce rate too high' }) reason: string | null;
  @ApiProperty({ type: String, format: 'date-time', example: '2025-04-02T16:05:12.377Z' }) at: string;
}

const KIND_MAP = (schema: Record<string, unknown>, description: string): ApiPropertyOptions =>
  ({
    type: 'object',
    description,
    properties: Object.fromEntries(RECORD_PURPOSES.map((p) => [p, schema])),
    additionalProperties: false,
  }) as unknown as ApiPropertyOptions;

@ApiExtraModels(CheckDto)
export class DomainDto {
  @ApiProperty({ type: 'integer', example: 123 }) id: number;
  @ApiProperty({ format: 'uuid', example: ACCOUNT }) accountId: string;
  @ApiProperty({ example: 'bücher.de', description: 'the name, in Unicode for an IDN' }) domain: string;
  @ApiProperty({ example: 'xn--bcher-kva.de', description: 'the name as DNS knows it (punycode)' }) asciiDomain: string;
  @ApiProperty({ enum: DOMAIN_STATUSES, example: 'pending' }) status: string;
  @ApiProperty({ example: false, description: 'status is active' }) isValid: boolean;
  @ApiProperty({ example: false }) isDefault: boolean;
  @ApiProperty({ type: String, nullable: true, example: 'Transactional mail of the shop' }) description: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'client_domain_123' }) externalId: string | null;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, example: { client_name: 'Acme Corp', plan: 'enterprise' } }) metadata: Record<string, string>;
  @ApiProperty({ type: String, nullable: true, example: null, description: 'the provider\'s region (SES); null for the built-in provider, or when AWS_REGION applies' }) region: string | null;
  @ApiProperty({ enum: PROVIDER_NAMES, example: 'builtin', description: 'the mail provider that sends for it' }) provider: string;
  @ApiProperty({ type: SettingsDto }) settings: SettingsDto;
  @ApiProperty({ type: String, nullable: true, example: 'email' }) trackingPrefix: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'bounce' }) mailFromSubdomain: string | null;
  @ApiProperty({ example: false, description: 'has MX records for receiving' }) receiving: boolean;
  @ApiProperty({
    type: 'object',
    nullable: true,
    description: "why and since when it is suspended (Mailgun's `disabled`); null when it is not",
    required: ['reason', 'at'],
    properties: { reason: { type: 'string', nullable: true, example: 'bounce rate too high' }, at: { type: 'string', format: 'date-time' } },
  })
  suspension: SuspensionDto | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: '83e9cdd5-eca0-4c26-88d6-31266e73e4a8', description: 'id of the API key that registered it' }) createdBy: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'admin@example.com' }) emailAddress: string | null;
  @ApiProperty({ type: String, format: 'date-time', example: '2025-03-14T09:26:53.512Z' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', example: '2025-03-14T09:26:53.512Z' }) updatedAt: string;
  @ApiProperty({ type: String, format: 'date-time', example: '2025-03-14T09:26:53.512Z' }) statusChangedAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null, description: 'when it last became active' }) verifiedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null }) lastCheckedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2025-03-14T09:26:53.512Z', description: 'when the scheduler checks it next' }) nextCheckAt: string | null;
  @ApiProperty({ type: [String], example: [`cm2${ACCT}`, `cm1${ACCT}`], description: 'the DKIM selectors' }) dkimTokens: string[];
  @ApiProperty(KIND_MAP({ type: 'boolean' }, 'per check kind present: verified or not'))
  verificationStatus: Record<string, boolean>;
  @ApiProperty(KIND_MAP({ $ref: getSchemaPath(CheckDto) }, 'per check kind present: its state'))
  checks: Record<string, CheckDto>;
  @ApiProperty({ type: [RecordStateDto] }) dnsRecords: RecordStateDto[];
}

export class DomainListDto {
  @ApiProperty({ type: [DomainDto] }) items: DomainDto[];
  @ApiProperty({ type: 'integer', minimum: 0, example: 1, description: 'domains matching, in all pages' }) total: number;
  @ApiProperty({ type: 'integer', example: 20 }) limit: number;
  @ApiProperty({ type: 'integer', example: 0 }) offset: number;
}

export class RecordListDto {
  @ApiProperty({ type: [RecordStateDto] }) items: RecordStateDto[];
  @ApiProperty({ type: 'integer', minimum: 0, example: 5 }) total: number;
}

export class DeletedDto {
  @ApiProperty({ enum: [true], example: true }) success: boolean;
  @ApiProperty({ example: 'Domain deleted' }) message: string;
  @ApiProperty({ type: String, format: 'date-time', example: '2025-04-03T08:00:41.090Z' }) deletedAt: string;
}
