/** The one rule for an email address, used by the HTTP validation and by registration itself. */
import { isEmail, ValidateBy, type ValidationOptions } from 'class-validator';

/** What the column holds (and the longest text the users list searches for). */
export const MAX_EMAIL_LENGTH = 320;

/** The longest address accepted: what validator.js allows (RFC 5321's path length). */
export const MAX_ADDRESS_LENGTH = 254;

const LOCAL_CHAR = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]";
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const TOP_LABEL = '(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9](?:[A-Za-z0-9-]{0,57}[A-Za-z0-9])?)';

/**
 * An address in ASCII: a dot-atom local part of at most 64 characters, and a domain of labels of
 * at most 63 letters, digits and inner hyphens whose last is a name of letters or a punycode
 * (`xn--`) one. Every address it matches (at most MAX_ADDRESS_LENGTH long) is one validator.js's
 * isEmail takes too (email.spec.ts checks it), so the pattern and the length are the whole rule,
 * and the OpenAPI document states them as they are. Quoted local parts, addresses in other
 * scripts (send the domain in punycode) and IP-literal domains are not taken.
 */
export const EMAIL_PATTERN = new RegExp(
  `^(?=[^@]{1,64}@)${LOCAL_CHAR}+(?:\\.${LOCAL_CHAR}+)*@(?:${LABEL}\\.)+${TOP_LABEL}$`,
);

/** An address EMAIL_PATTERN matches, at most MAX_ADDRESS_LENGTH characters, that validator.js accepts. */
export function isEmailAddress(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_ADDRESS_LENGTH && EMAIL_PATTERN.test(value) && isEmail(value);
}

export const IsEmailAddress = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isEmailAddress',
      validator: { validate: isEmailAddress, defaultMessage: () => 'email must be an email address' },
    },
    options,
  );
