/** The class-validator decorator for limits, sharing its rules with money.ts. */
import { ValidateBy, ValidationArguments, ValidationOptions } from 'class-validator';

import { checkLimit } from './money.js';

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
