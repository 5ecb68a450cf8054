/**
 * Money is DECIMAL(20,10) in the database and a Decimal here; it is never a JS number between the
 * two. Amounts arrive as JSON numbers or decimal strings and leave as decimal strings.
 */
import { Decimal } from 'decimal.js';

import { DomainError } from './domain-error.js';

export const MONEY_SCALE = 10;
export const MONEY_INTEGER_DIGITS = 10;

/** A Decimal constructor with enough precision for any sum of DECIMAL(20,10) values. */
export const Money = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -60, toExpPos: 60 });
export type Money = Decimal;

export const ZERO: Money = new Money(0);
/** The largest value DECIMAL(20,10) holds. */
export const MONEY_MAX: Money = new Money('9999999999.9999999999');

const DECIMAL_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;

/**
 * A limit written as a string: 1 to 10 integer digits and at most 10 fraction digits (`"12.5"`,
 * `".5"`, `"7."`), an optional `+`, no exponent, spaces around it ignored. A grammar that JSON
 * Schema states as it is: the OpenAPI document shows this pattern.
 */
export const LIMIT_TEXT = new RegExp(
  `^\\s*\\+?(\\d{1,${MONEY_INTEGER_DIGITS}}(\\.\\d{0,${MONEY_SCALE}})?|\\.\\d{1,${MONEY_SCALE}})\\s*$`,
);

/** The largest JSON number a limit may be: the last double below 10^10. */
export const LIMIT_NUMBER_MAX = 9999999999.999998;

/**
 * A limit in a request as JSON Schema: a string LIMIT_TEXT matches, or a JSON number from 0 to
 * LIMIT_NUMBER_MAX. A number's fraction digits (at most 10) are beyond what a binary `multipleOf`
 * can state exactly; the descriptions say it.
 */
export const LIMIT_SCHEMA = {
  oneOf: [
    { type: 'string', pattern: LIMIT_TEXT.source },
    { type: 'number', minimum: 0, maximum: LIMIT_NUMBER_MAX },
  ],
};

/**
 * Reads a request amount (a JSON number or a decimal string) without judging its range.
 * Returns a message instead of throwing, so DTO validators and services share it.
 */
function readAmount(value: unknown): Money | string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return 'must be a finite number';
    // String(n) is the shortest text that round-trips, so 0.1 stays 0.1 rather than its binary expansion.
    return new Money(String(value));
  }
  if (typeof value === 'string') {
    const text = value.trim();
    if (!DECIMAL_TEXT.test(text)) return 'must be a decimal number, as a JSON number or a string such as "12.5"';
    const amount = new Money(text);
    if (!amount.isFinite()) return 'must be a finite number';
    return amount;
  }
  return 'must be a decimal number, as a JSON number or a string such as "12.5"';
}

/**
 * Checks a limit set by a person: non-negative and exactly representable in DECIMAL(20,10).
 * Never rounds: a limit with more than 10 fraction digits is refused, not truncated.
 */
export function checkLimit(value: unknown): Money | string {
  const amount = readAmount(value);
  if (typeof amount === 'string') return amount;
  if (amount.isNegative() && !amount.isZero()) return 'must be >= 0';
  if (amount.decimalPlaces() > MONEY_SCALE) return `must have at most ${MONEY_SCALE} fraction digits`;
  if (amount.gt(MONEY_MAX))
    return `must have at most ${MONEY_INTEGER_DIGITS} integer digits (at most ${MONEY_MAX.toFixed()})`;
  if (typeof value === 'string' && !LIMIT_TEXT.test(value)) return limitTextProblem(value.trim());
  return amount.abs();
}

/** Why a limit's text that reads as an amount in range is still not LIMIT_TEXT. */
function limitTextProblem(text: string): string {
  if (/e/i.test(text)) return 'must be written without an exponent (such as "0.001", not "1e-3")';
  if (text.startsWith('-')) return 'must be written without a minus sign';
  const [integer = '', fraction = ''] = text.replace(/^\+/, '').split('.');
  if (integer.length > MONEY_INTEGER_DIGITS) return `must have at most ${MONEY_INTEGER_DIGITS} integer digits`;
  if (fraction.length > MONEY_SCALE) return `must have at most ${MONEY_SCALE} fraction digits`;
  return 'must be a decimal number, as a JSON number or a string such as "12.5"';
}

/**
 * Checks a charge's cost as gateways compute it: rounded half-up to 10 fraction digits (gateways
 * often send binary floats such as 0.30000000000000004), refused when negative or too large.
 */
export function checkCost(value: unknown): Money | string {
  const amount = readAmount(value);
  if (typeof amount === 'string') return amount;
  const rounded =
    amount.decimalPlaces() > MONEY_SCALE ? amount.toDecimalPlaces(MONEY_SCALE, Decimal.ROUND_HALF_UP) : amount;
  if (rounded.isNegative() && !rounded.isZero()) return 'must be >= 0';
  if (rounded.gt(MONEY_MAX)) return `must be at most ${MONEY_MAX.toFixed()}`;
  // -0 becomes 0.
  return rounded.isNegative() ? rounded.abs() : rounded;
}

export function parseCost(value: unknown, field: string): Money {
  const result = checkCost(value);
  if (typeof result === 'string') throw DomainError.field(field, `${field} ${result}`);
  return result;
}

/**
 * Parses a NUMERIC value as node-postgres returns it (a string). Zero, the usage of every window
 * not yet charged and what no hold keeps, is the shared ZERO: reading a Decimal costs about
 * half a microsecond, and a check reads seven.
 */
export function moneyFromDb(value: string): Money;
export function moneyFromDb(value: string | null): Money | null;
export function moneyFromDb(value: string | null): Money | null {
  if (value === null) return null;
  // A DECIMAL(20,10) column's zero, and a sum's or a literal's.
  return value === '0.0000000000' || value === '0' ? ZERO : new Money(value);
}

/**
 * The wire form of a NUMERIC value's text as node-postgres returns it, without reading it as a
 * Decimal: the same text as `formatMoney(moneyFromDb(value))`, as the database never writes an
 * exponent, a leading `+` or leading zeros; only the trailing zeros of the fraction go.
 */
export function wireFromDb(value: string): string {
  if (!value.includes('.')) return value;
  let end = value.length;
  while (value.charCodeAt(end - 1) === 48 /* 0 */) end--;
  if (value.charCodeAt(end - 1) === 46 /* . */) end--;
  return end === value.length ? value : value.slice(0, end);
}

/** The wire form: a plain decimal string without exponent or trailing zeros (`"12.5"`, `"0.0000000001"`). */
export function formatMoney(value: Money): string;
export function formatMoney(value: Money | null): string | null;
export function formatMoney(value: Money | null): string | null {
  return value === null ? null : value.toFixed();
}

/** The database form: always 10 fraction digits, so NUMERIC parameters never carry an exponent. */
export function moneyToDb(value: Money): string {
  return value.toFixed(MONEY_SCALE);
}
