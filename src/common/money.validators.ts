/** The class-validator decorator for limits, sharing its rules with money.ts. */
import { ValidateBy, ValidationArguments, ValidationOptions } from 'class-validator';

import { checkLimit } from './money.js';

/**
 * A limit set by a person: exactly representable in DECIMAL(20,10), >= 0 (null is left to
 * `@IsOptional`). A limit that passes is replaced on the DTO by its Money, so nothing after the
 * validation reads the text again.
 */
export const IsLimit = (options?: ValidationOptions): PropertyDecorator => limitValidator(false, options);

/** As IsLimit, where null (unlimited) is a value to set rather than an absent field. */
export const IsLimitOrNull = (options?: ValidationOptions): PropertyDecorator => limitValidator(true, options);

const limitValidator = (nullable: boolean, options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: nullable ? 'isLimitOrNull' : 'isLimit',
      validator: {
        validate: (value: unknown, args?: ValidationArguments) => {
          if (nullable && value === null) return true;
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
