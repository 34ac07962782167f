import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { PERMISSIONS } from '#iam';

export class CreateApiKeyDto {
  @ApiPropertyOptional({ example: 'billing-service', minLength: 1, maxLength: 200, description: 'a label to tell keys apart (trimmed)' })
  @IsOptional()
  @IsString()
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(200)
  name?: string;

  @ApiProperty({
    type: [String],
    minItems: 1,
    maxItems: 1000,
    example: ['903e1cef-84b3-4500-a9a5-b2ca219f76f5'],
    description: 'Account UUIDs the key may act on, or ["*"] for every account',
  })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  accountIds: string[];

  @ApiProperty({ enum: PERMISSIONS, isArray: true, minItems: 1, example: ['EmailConfiguration_Create', 'EmailConfiguration_Read'] })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(PERMISSIONS.length)
  @IsString({ each: true })
  permissions: string[];
}

export class ApiKeyDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: String, nullable: true, example: 'billing-service' }) name: string | null;
  @ApiProperty({ example: 'sds_AbC123', description: 'first characters of the key, to tell keys apart' }) prefix: string;
  @ApiProperty({ type: [String], example: ['*'], description: 'account UUIDs, or ["*"] for every account' }) accountIds: string[];
  @ApiProperty({ enum: PERMISSIONS, isArray: true }) permissions: string[];
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) revokedAt: string | null;
}

export class CreatedApiKeyDto extends ApiKeyDto {
  @ApiProperty({ description: 'The secret. Shown once, never again: store it now.', example: 'sds_…' }) key: string;
}

export class ApiKeyListDto {
  @ApiProperty({ type: [ApiKeyDto] }) items: ApiKeyDto[];
  @ApiProperty({ type: 'integer', minimum: 0, description: 'keys in the whole list' }) total: number;
  @ApiProperty({ type: 'integer' }) limit: number;
  @ApiProperty({ type: 'integer' }) offset: number;
}
