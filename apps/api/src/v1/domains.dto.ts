import { ApiProperty } from '@nestjs/swagger';
import { DOMAIN_STATUSES } from '#domains';

export class RecordStateDto {
  @ApiProperty({ type: 'integer', example: 456 }) id: number;
  @ApiProperty({ enum: ['dkim', 'returnPath', 'spf', 'dmarc', 'mx', 'tracking', 'ownership'], example: 'dkim' }) purpose: string;
  @ApiProperty({ example: 'CNAME' }) type: string;
  @ApiProperty({ example: 'cm2903e1cef84b34500a9a5b2ca219f76f5._domainkey.example.com' }) host: string;
  @ApiProperty({ example: '903e1cef84b34500a9a5b2ca219f76f5cm2._domainkey.email.cmtest.nl.' }) value: string;
  @ApiProperty({ description: 'required records decide whether the domain is active' }) required: boolean;
  @ApiProperty({ enum: ['unchecked', 'valid', 'missing', 'mismatch', 'error'], example: 'mismatch' }) status: string;
  @ApiProperty({ description: 'last known validity; a DNS error does not change it' }) isValid: boolean;
  @ApiProperty({ type: [String], example: ['903e1cef84b34500a9a5b2ca219f76f5cm2._domainkey.email.cmtest.nl.example.com'], description: 'what DNS returned at the last conclusive check' })
  foundValues: string[];
  @ApiProperty({
    type: String,
    nullable: true,
    example:
      'The CNAME at cm2903e1cef84b34500a9a5b2ca219f76f5._domainkey.example.com points to 903e1cef84b34500a9a5b2ca219f76f5cm2._domainkey.email.cmtest.nl.example.com: your DNS provider added "example.com" to the end of the value because it did not end with a dot. Change the value to "903e1cef84b34500a9a5b2ca219f76f5cm2._domainkey.email.cmtest.nl.", including the final dot.',
  })
  diagnosis: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastCheckedAt: string | null;
}

export class DomainStateDto {
  @ApiProperty({ type: 'integer', example: 123 }) id: number;
  @ApiProperty({ format: 'uuid' }) accountId: string;
  @ApiProperty({ example: 'example.com' }) domain: string;
  @ApiProperty({ enum: DOMAIN_STATUSES, example: 'pending' }) status: string;
  @ApiProperty() isValid: boolean;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time' }) statusChangedAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastCheckedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) verifiedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'when the scheduler checks it next' }) nextCheckAt: string | null;
  @ApiProperty({ type: [RecordStateDto] }) dnsRecords: RecordStateDto[];
}
