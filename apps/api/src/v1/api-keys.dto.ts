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
  @ApiProperty({ format: 'uuid', example: '83e9cdd5-eca0-4c26-88d6-31266e73e4a8' }) id: string;
  @ApiProperty({ type: String, nullable: true, example: 'billing-service' }) name: string | null;
  @ApiProperty({ example: 'sds_r9Mnki', description: 'the first 10 characters of the key, to tell keys apart' }) prefix: string;
  @ApiProperty({ type: [String], example: ['903e1cef-84b3-4500-a9a5-b2ca219f76f5'], description: 'account UUIDs, or ["*"] for every account' }) accountIds: string[];
  @ApiProperty({ enum: PERMISSIONS, isArray: true, example: ['EmailConfiguration_Create', 'EmailConfiguration_Read'] }) permissions: string[];
  @ApiProperty({ type: String, format: 'date-time', example: '2025-03-14T09:20:04.118Z' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null }) revokedAt: string | null;
}

export class CreatedApiKeyDto extends ApiKeyDto {
  @ApiProperty({ description: 'The secret. Shown once, never again: store it now.', example: 'sds_r9Mnki0LZwAI5nnVMk26SmSBd1-o1uHdHEhBu49g3Oc' }) key: string;
}

export class ApiKeyListDto {
  @ApiProperty({ type: [ApiKeyDto] }) items: ApiKeyDto[];
  @ApiProperty({ type: 'integer', minimum: 0, example: 2, description: 'keys in the whole list' }) total: number;
  @ApiProperty({ type: 'integer', example: 20 }) limit: number;
  @ApiProperty({ type: 'integer', example: 0 }) offset: number;
}
