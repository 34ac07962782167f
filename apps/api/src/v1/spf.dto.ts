import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIP, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { SPF_IP_MESSAGE, SPF_RESULTS } from '#verification';

export class SpfEvaluationRequestDto {
  @ApiProperty({ example: '192.0.2.7', description: 'the address the message came from: IPv4 (dotted quad) or IPv6; an IPv4-mapped IPv6 address is evaluated as IPv4' })
  @IsString({ message: SPF_IP_MESSAGE })
  @IsNotEmpty({ message: SPF_IP_MESSAGE })
  @MaxLength(64, { message: SPF_IP_MESSAGE })
  @IsIP(undefined, { message: SPF_IP_MESSAGE })
  ip: string;

  @ApiPropertyOptional({
    example: 'billing@example.com',
    maxLength: 1024,
    description: 'MAIL FROM. Left out or empty: the HELO identity is checked, as `postmaster@<helo>`. A malformed domain gives the RFC\'s result, `none`',
  })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  sender?: string;

  @ApiPropertyOptional({ example: 'mta1.email.cmtest.nl', maxLength: 1024, description: 'the HELO/EHLO name; any text (it may only feed the %{h} macro)' })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  helo?: string;
}

export class SpfTraceStepDto {
  @ApiProperty({ example: 'example.com', description: 'the domain whose record holds the term' }) domain: string;
  @ApiProperty({ type: String, nullable: true, example: 'v=spf1 -ip4:192.0.2.0/28 include:_spf.email.cmtest.nl ~all', description: 'that record (null: it has none)' }) record: string | null;
  @ApiProperty({ type: String, nullable: true, example: '-ip4:192.0.2.0/28', description: 'the term as written (null: the record as a whole, e.g. no record or the default result)' }) term: string | null;
  @ApiProperty({ example: 'matched: fail', description: 'what it gave, in words' }) outcome: string;
}

export class SpfEvaluationDto {
  @ApiProperty({ enum: SPF_RESULTS, example: 'fail', description: 'the RFC 7208 result' }) result: string;
  @ApiProperty({ example: 'example.com', description: 'the domain evaluated: the sender\'s, or the HELO name' }) domain: string;
  @ApiProperty({ type: String, nullable: true, example: '-ip4:192.0.2.0/28', description: 'the term that decided, as written (null: the default result, no record, or an error before any term)' }) mechanism: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'example.com', description: 'the domain whose record holds that term (another one after a redirect=)' }) decidedIn: string | null;
  @ApiProperty({ type: String, nullable: true, example: '192.0.2.7 is not one of example.com\'s mail servers.', description: 'for fail: the domain\'s explanation (exp=, expanded); null when it gives none' }) explanation: string | null;
  @ApiProperty({ type: String, nullable: true, example: null, description: 'for permerror, temperror and none: why, in words' }) reason: string | null;
  @ApiProperty({ type: 'integer', minimum: 0, example: 0, description: 'DNS-querying terms evaluated (include, a, mx, ptr, exists, redirect; at most 10)' }) lookups: number;
  @ApiProperty({ type: 'integer', minimum: 0, example: 0, description: 'of those, the lookups that found nothing (at most 2)' }) voidLookups: number;
  @ApiProperty({ type: [SpfTraceStepDto], description: 'every term evaluated, in order; an include\'s own terms follow its step' }) trace: SpfTraceStepDto[];
}
