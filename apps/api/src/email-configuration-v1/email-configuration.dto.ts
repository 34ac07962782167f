import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';

const ACCOUNT = '903e1cef-84b3-4500-a9a5-b2ca219f76f5';
const ACCT = '903e1cef84b34500a9a5b2ca219f76f5';

export class DnsRecordDto {
  @ApiProperty({ example: `cm2${ACCT}._domainkey.example.com`, description: 'DNS record hostname (auto-generated)' })
  @IsString()
  @MaxLength(255)
  host: string;

  @ApiProperty({ example: 'CNAME', description: 'DNS record type (always "CNAME")' })
  @IsString()
  @MaxLength(16)
  type: string;

  @ApiProperty({ example: `${ACCT}cm2._domainkey.email.cmtest.nl.`, description: 'DNS record value (auto-generated)' })
  @IsString()
  @MaxLength(2048)
  value: string;

  @ApiProperty({ example: false, description: 'Validation status (initially false)' })
  @IsBoolean()
  isValid: boolean;
}

export class AddDomainConfigurationDto {
  @ApiProperty({ example: 'admin@example.com', description: 'Email address for notifications' })
  @IsOptional() // required, but checked after domain and accountId, in the seed's order
  @IsString({ message: 'emailAddress must be a string' })
  emailAddress?: string;

  @ApiProperty({ example: 'example.com', description: 'Domain name to configure (e.g., "example.com")' })
  @IsOptional()
  @IsString({ message: 'domain must be a string' })
  @MaxLength(1000)
  domain?: string;

  @ApiProperty({ example: ACCOUNT, format: 'uuid', description: 'Logical account identifier' })
  @IsOptional()
  @IsString({ message: 'Invalid AccountId Token' })
  accountId?: string;

  @ApiPropertyOptional({
    type: [DnsRecordDto],
    description: 'Accepted for compatibility; the server generates the records it stores and returns.',
  })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => DnsRecordDto)
  dnsRecords?: DnsRecordDto[];
}

export class DnsEntryDto {
  @ApiProperty({ example: `cm2${ACCT}._domainkey.example.com` }) host: string;
  @ApiProperty({ example: 'CNAME' }) type: string;
  @ApiProperty({ example: `${ACCT}cm2._domainkey.email.cmtest.nl.` }) value: string;
  @ApiProperty({ example: false }) isValid: boolean;
}

export class DnsRecordWithIdDto extends DnsEntryDto {
  @ApiProperty({ type: 'integer', example: 456 }) id: number;
  @ApiProperty({ type: 'integer', example: 123, description: 'id of the domain the record belongs to' }) fromDomain: number;
}

export class DomainConfigDto {
  @ApiProperty({ type: 'integer', example: 123 }) id: number;
  @ApiProperty({ example: 'example.com' }) domain: string;
  @ApiProperty({ example: ACCOUNT, format: 'uuid' }) accountId: string;
  @ApiProperty({ example: false, description: 'true when every record is verified (domain status active)' }) isValid: boolean;
  @ApiProperty({ example: '2024-03-15T10:30:00Z', format: 'date-time' }) createdOn: string;
  @ApiProperty({ example: null, format: 'date-time', nullable: true, type: String }) modifiedOn: string | null;
  @ApiProperty({ example: null, format: 'date-time', nullable: true, type: String }) deletedOn: string | null;
  @ApiProperty({ type: [DnsEntryDto] }) dnsRecords: DnsEntryDto[];
}

export class DomainConfigResponseDto {
  @ApiProperty({ enum: ['Ok'], example: 'Ok' }) statusCode: string;
  @ApiProperty({ example: 'Success' }) statusMessage: string;
  @ApiProperty({ type: DomainConfigDto }) domainConfig: DomainConfigDto;
}

export class DomainListResponseDto {
  @ApiProperty({ enum: ['Ok'], example: 'Ok' }) statusCode: string;
  @ApiProperty({ example: 'Success' }) statusMessage: string;
  @ApiProperty({ type: [DomainConfigDto] }) domains: DomainConfigDto[];
}

export class DnsRecordsResponseDto {
  @ApiProperty({ enum: ['Ok'], example: 'Ok' }) statusCode: string;
  @ApiProperty({ example: 'Success' }) statusMessage: string;
  @ApiProperty({ type: [DnsRecordWithIdDto] }) dnsRecords: DnsRecordWithIdDto[];
}

export class StatusResponseDto {
  @ApiProperty({ enum: ['Ok'], example: 'Ok' }) statusCode: string;
  @ApiProperty({ example: 'Domain deleted successfully' }) statusMessage: string;
}

export class VerifyResponseDto {
  @ApiProperty({ enum: ['Ok'], example: 'Ok' }) statusCode: string;
  @ApiProperty({ example: 'Success' }) message: string;
  @ApiProperty({ type: [DnsEntryDto] }) dnsEntries: DnsEntryDto[];
}

export class VerifyQueryDto {
  @ApiProperty({ description: 'Domain name to verify (e.g., "example.com")', example: 'example.com', maxLength: 1000 })
  @IsOptional() // required, but said in the seed's words by the handler
  @IsString({ message: 'domain must be a string' })
  @MaxLength(1000)
  domain?: string;
}
