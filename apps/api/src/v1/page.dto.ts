import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** `"20"` → 20; anything that is not plain digits stays a string and fails @IsInt. */
export const toInteger = ({ value }: { value: unknown }) => (typeof value === 'string' && /^[0-9]{1,10}$/.test(value) ? Number(value) : value);

/** `limit` and `offset` of every native list. */
export class PageQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 1000, default: 20 })
  @IsOptional()
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit: number = 20;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: 2_147_483_647, default: 0 })
  @IsOptional()
  @Transform(toInteger)
  @IsInt()
  @Min(0)
  @Max(2_147_483_647)
  offset: number = 0;
}
