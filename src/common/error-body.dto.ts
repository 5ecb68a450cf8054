import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The body of every error response. */
export class ErrorBodyDto {
  @ApiProperty({ example: 400 })
  statusCode: number;

  @ApiProperty({ example: 'VALIDATION_FAILED', description: 'Stable machine-readable code.' })
  code: string;

  @ApiProperty({ example: 'cost_usd: cost_usd must be >= 0' })
  message: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'For refused input, `errors`: the offending fields; other codes carry their own facts.',
    example: { errors: [{ field: 'cost_usd', message: 'cost_usd must be >= 0' }] },
  })
  details?: Record<string, unknown>;

  @ApiPropertyOptional({
    example: 1,
    description:
      'Only in the error of one item of a batch answer (which is 200): the seconds a single request would have ' +
      'been told to wait in its Retry-After header (503 OVERLOADED, DATABASE_UNAVAILABLE, SHUTTING_DOWN).',
  })
  retryAfterSeconds?: number;
}
