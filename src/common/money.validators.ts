/** class-validator decorators for amounts, sharing their rules with money.ts. */
import { ValidateBy, ValidationArguments, ValidationOptions } from 'class-validator';

import { checkCost, checkLimit } from './money.js';

/** A charge's cost: JSON number or decimal string, >= 0, at most DECIMAL(20,10) after rounding. */
export const IsCost = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isCost',
      validator: {
        validate: (value: unknown) => typeof checkCost(value) !== 'string',
        defaultMessage: (args?: ValidationArguments) => `${args?.property} ${checkCost(args?.value) as string}`,
      },
    },
    options,
  );

/**
 * A limit set by a person: exactly representable in DECIMAL(20,10), >= 0 (null is left to
 * `@IsOptional`). A limit that passes is replaced on the DTO by its Money, so nothing after the
 * validation reads the text again.
 */
export const IsLimit = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isLimit',
      validator: {
        validate: (value: unknown, args?: ValidationArguments) => {
          const limit = checkLimit(value);
          if (typeof limit === 'string') return false;
          (args!.object as Record<string, unknown>)[args!.property] = limit;
          return true;
        },
        defaultMessage: (args?: ValidationArguments) => `${args?.property} ${checkLimit(args?.value) as string}`,
      },
    },
    options,
  );
