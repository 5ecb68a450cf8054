/** Path parameters and pagination, checked like bodies: a bad value is a 400 naming it. */
import { createParamDecorator, type ExecutionContext, Injectable, PipeTransform } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

import { isPlatform, PLATFORMS, type Platform } from '../common/domain.constants.js';
import { DomainError } from '../common/domain-error.js';

/**
 * A positive integer path parameter, read from the path text itself: a `@Param() id: number`
 * reaches its pipes already converted by Number(), which reads "0x27" or "1e3" as other ids.
 */
export const IdParam = createParamDecorator((name: string, context: ExecutionContext): number => {
  const raw = context.switchToHttp().getRequest<{ params: Record<string, string> }>().params[name];
  const id = Number(raw);
  if (!/^[1-9]\d*$/.test(raw) || !Number.isSafeInteger(id))
    throw DomainError.field(name, `${name} must be a positive integer`);
  return id;
});

@Injectable()
export class PlatformParamPipe implements PipeTransform<string, Platform> {
  transform(value: string): Platform {
    if (!isPlatform(value)) throw DomainError.field('platform', `platform must be one of: ${PLATFORMS.join(', ')}`);
    return value;
  }
}

export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 1_000_000, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @Min(1)
  @Max(1_000_000)
  @IsInt()
  page: number = 1;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @Min(1)
  @Max(100)
  @IsInt()
  page_size: number = 20;
}

export interface Page<T> {
  items: T[];
  page: number;
  page_size: number;
  total: number;
}
