/** class-validator decorators for amounts, sharing their rules with money.ts. */
import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';

import { checkCost, checkLimit } from './money.js';

function amountDecorator(
  name: string,
  check: (value: unknown) => unknown,
  options?: ValidationOptions,
): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => typeof check(value) !== 'string',
        defaultMessage: (args: ValidationArguments) => `${args.property} ${check(args.value) as string}`,
      },
    });
}

/** A charge's cost: JSON number or decimal string, >= 0, at most DECIMAL(20,10) after rounding. */
export const IsCost = (options?: ValidationOptions) => amountDecorator('isCost', checkCost, options);

/** A limit set by a person: exactly representable in DECIMAL(20,10), >= 0 (null is handled by the caller). */
export const IsLimit = (options?: ValidationOptions) => amountDecorator('isLimit', checkLimit, options);
