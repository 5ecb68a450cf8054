import { DomainError, type FieldError } from '../common/domain-error.js';

/** A defaults document that cannot be stored: every problem with its path. */
export function invalidDefaults(errors: FieldError[]): DomainError {
  return new DomainError('INVALID_DEFAULT_PLATFORM_QUOTA', `${errors[0].field}: ${errors[0].message}`, {
    details: { errors },
  });
}
