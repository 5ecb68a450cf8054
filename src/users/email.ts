/** The one rule for an email address, used by the HTTP validation and by registration itself. */
import { isEmail, ValidateBy, type ValidationOptions } from 'class-validator';

export const MAX_EMAIL_LENGTH = 320;

/** An address validator.js accepts, at most 320 characters (what the column holds). */
export function isEmailAddress(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_EMAIL_LENGTH && isEmail(value);
}

export const IsEmailAddress = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isEmailAddress',
      validator: { validate: isEmailAddress, defaultMessage: () => 'email must be an email address' },
    },
    options,
  );
