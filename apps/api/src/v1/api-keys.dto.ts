import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsOptional, IsString, MaxLength } from 'class-validator';
import { PERMISSIONS } from '#iam';

export class CreateApiKeyDto {
  @ApiPropertyOptional({ example: 'billing-service', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;

  @ApiProperty({ example: ['903e1cef-84b3-4500-a9a5-b2ca219f76f5'], description: 'Account UUIDs the key may act on, or ["*"] for every account' })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  accountIds: string[];

  @ApiProperty({ enum: PERMISSIONS, isArray: true, example: ['EmailConfiguration_Create', 'EmailConfiguration_Read'] })
  @IsArray()
  @ArrayNotEmpty()
  @IsString({ each: true })
  permissions: string[];
}

export class ApiKeyDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ nullable: true, type: String }) name: string | null;
  @ApiProperty({ example: 'sds_AbC123', description: 'first characters of the key, to tell keys apart' }) prefix: string;
  @ApiProperty({ example: ['*'] }) accountIds: string[];
  @ApiProperty({ enum: PERMISSIONS, isArray: true }) permissions: string[];
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) revokedAt: string | null;
}

export class CreatedApiKeyDto extends ApiKeyDto {
  @ApiProperty({ description: 'The secret. Shown once, never again: store it now.', example: 'sds_…' }) key: string;
}
