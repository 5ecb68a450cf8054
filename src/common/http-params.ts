/** Path parameters and pagination, checked like bodies: a bad value is a 400 naming it. */
import { Injectable, PipeTransform, type ArgumentMetadata } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

import { isPlatform, PLATFORMS, type Platform } from './domain.constants.js';
import { DomainError } from './domain-error.js';

@Injectable()
export class IdParamPipe implements PipeTransform<string, number> {
  transform(value: string, metadata: ArgumentMetadata): number {
    const id = Number(value);
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(id) || id < 1) {
      const name = metadata.data ?? 'id';
      throw DomainError.field(name, `${name} must be a positive integer`);
    }
    return id;
  }
}

@Injectable()
export class PlatformParamPipe implements PipeTransform<string, Platform> {
  transform(value: string): Platform {
    if (!isPlatform(value)) throw DomainError.field('platform', `platform must be one of: ${PLATFORMS.join(', ')}`);
    return value;
  }
}

export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @Min(1)
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
