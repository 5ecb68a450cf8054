/** Path parameters and pagination, checked like bodies: a bad value is a 400 naming it. */
import { createParamDecorator, type ExecutionContext, Injectable, PipeTransform } from '@nestjs/common';
import { ApiParam, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

import { isPlatform, PLATFORMS, type Platform } from '../common/domain.constants.js';
import { DomainError } from '../common/domain-error.js';
import { Optional } from './validation.js';

/** An id: what `SERIAL`/`BIGSERIAL` columns hold that JavaScript numbers represent exactly. */
export const ID_SCHEMA = { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER } as const;

/**
 * How an integer is written in a path or a query: decimal digits, no `+`, no leading zero, no
 * fraction or exponent (`12`, not `012`, `12.0`, `1.2e1` or `0xc`). Other text is not an integer,
 * as OpenAPI serialises integers, whatever JavaScript's Number() would make of it.
 */
const INTEGER_TEXT = /^-?(0|[1-9]\d*)$/;

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

/** The OpenAPI entry of an IdParam (which Nest cannot infer from a custom decorator). */
export const ApiIdParam = (name = 'id', what = 'User id') =>
  ApiParam({
    name,
    schema: ID_SCHEMA,
    example: 42,
    description: `${what}: written in decimal digits, without sign or leading zero.`,
  });

/**
 * A query parameter read as an integer when its text is one (INTEGER_TEXT); other text stays
 * text, which `@IsInt()` then refuses.
 */
export const IntegerQuery = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && INTEGER_TEXT.test(value) ? Number(value) : value,
  );

@Injectable()
export class PlatformParamPipe implements PipeTransform<string, Platform> {
  transform(value: string): Platform {
    if (!isPlatform(value)) throw DomainError.field('platform', `platform must be one of: ${PLATFORMS.join(', ')}`);
    return value;
  }
}

export class PageQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 1_000_000, default: 1 })
  @Optional()
  @IntegerQuery()
  @Min(1)
  @Max(1_000_000)
  @IsInt()
  page: number = 1;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100, default: 20 })
  @Optional()
  @IntegerQuery()
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
