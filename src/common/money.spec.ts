import fc from 'fast-check';

import {
  checkCost,
  checkLimit,
  formatMoney,
  LIMIT_NUMBER_MAX,
  LIMIT_TEXT,
  Money,
  moneyFromDb,
  moneyToDb,
  parseCost,
  wireFromDb,
} from './money.js';
import { DomainError } from './domain-error.js';

describe('money', () => {
  it('accepts limits as JSON numbers and decimal strings, exactly', () => {
    const limit = (value: unknown) => formatMoney(checkLimit(value) as Money);
    expect(limit(12.5)).toBe('12.5');
    expect(limit('0.0000000001')).toBe('0.0000000001');
    expect(limit('9999999999.9999999999')).toBe('9999999999.9999999999');
    expect(limit(0)).toBe('0');
    expect(limit(-0)).toBe('0');
    expect(limit(' +7. ')).toBe('7');
    expect(limit('.5')).toBe('0.5');
  });

  it.each([
    [-1, 'must be >= 0'],
    ['-0.5', 'must be >= 0'],
    ['0.00000000001', 'at most 10 fraction digits'],
    ['10000000000', 'at most 10 integer digits'],
    [Number.NaN, 'finite'],
    [Number.POSITIVE_INFINITY, 'finite'],
    ['Infinity', 'decimal number'],
    ['NaN', 'decimal number'],
    ['0x10', 'decimal number'],
    ['', 'decimal number'],
    ['1e-3', 'without an exponent'],
    ['-0', 'without a minus sign'],
    ['00000000001', 'at most 10 integer digits'],
    ['1.00000000000', 'at most 10 fraction digits'],
    [true, 'decimal number'],
    [{}, 'decimal number'],
  ])('refuses the limit %p (%s), never rounding it', (value, message) => {
    expect(checkLimit(value)).toEqual(expect.stringContaining(message));
  });

  it('accepts exactly the strings LIMIT_TEXT matches, the pattern the OpenAPI document shows', () => {
    const digits = (max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength: max });
    const decimal = fc
      .tuple(
        fc.constantFrom('', ' ', '+', '-', ' +'),
        digits(12),
        fc.constantFrom('', '.'),
        digits(12),
        fc.constantFrom('', 'e3', 'E-2', ' ', 'x'),
      )
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.oneof(decimal, fc.string()), (text) => {
        expect(typeof checkLimit(text) !== 'string').toBe(LIMIT_TEXT.test(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('accepts a JSON number from 0 to the largest double below 10^10 with at most 10 fraction digits', () => {
    expect(formatMoney(checkLimit(LIMIT_NUMBER_MAX) as Money)).toBe('9999999999.999998');
    expect(LIMIT_NUMBER_MAX + Number.EPSILON * LIMIT_NUMBER_MAX).toBe(10_000_000_000);
    expect(checkLimit(10_000_000_000)).toEqual(expect.stringContaining('at most 10 integer digits'));
    fc.assert(
      fc.property(fc.double({ min: 0, max: 9999999999.999998, noNaN: true }), (n) => {
        const fraction = new Money(String(n)).decimalPlaces();
        expect(typeof checkLimit(n) !== 'string').toBe(fraction <= 10);
      }),
      { numRuns: 5000 },
    );
  });

  it('rounds costs half-up to 10 fraction digits', () => {
    expect(formatMoney(parseCost(0.30000000000000004, 'cost_usd'))).toBe('0.3');
    expect(formatMoney(parseCost('0.00000000005', 'cost_usd'))).toBe('0.0000000001');
    expect(formatMoney(parseCost('0.00000000004999', 'cost_usd'))).toBe('0');
    expect(formatMoney(parseCost('1e-3', 'cost_usd'))).toBe('0.001');
    expect(formatMoney(parseCost(0, 'cost_usd'))).toBe('0');
    expect(formatMoney(parseCost('12.5000000000', 'cost_usd'))).toBe('12.5');
  });

  it('takes a negative zero, or a negative cost that rounds to zero, as zero', () => {
    for (const value of ['-0', -0, '-0.00000000004']) {
      const cost = parseCost(value, 'cost_usd');
      expect(cost.isNegative()).toBe(false);
      expect(moneyToDb(cost)).toBe('0.0000000000');
    }
  });

  it.each([
    ['-0.01', 'must be >= 0'],
    ['1e400', 'must be at most'],
    ['10000000000', 'must be at most'],
    [Number.NaN, 'finite'],
    ['abc', 'decimal number'],
  ])('refuses the cost %p', (value, message) => {
    expect(checkCost(value)).toEqual(expect.stringContaining(message));
  });

  it('names the field in the error details', () => {
    try {
      parseCost('-1', 'cost_usd');
      throw new Error('expected a DomainError');
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe('VALIDATION_FAILED');
      expect((error as DomainError).details).toEqual({
        errors: [{ field: 'cost_usd', message: 'cost_usd must be >= 0' }],
      });
    }
  });

  it('round-trips database values without exponent notation', () => {
    expect(moneyToDb(new Money('0.0000000001'))).toBe('0.0000000001');
    expect(moneyToDb(new Money('1e-10'))).toBe('0.0000000001');
    expect(formatMoney(moneyFromDb('9999999999.9999999999'))).toBe('9999999999.9999999999');
    expect(moneyFromDb(null)).toBeNull();
    for (const zero of ['0.0000000000', '0', '0.0', '-0.0000000000']) {
      expect(formatMoney(moneyFromDb(zero))).toBe('0');
      expect(moneyToDb(moneyFromDb(zero))).toBe('0.0000000000');
    }
    expect(formatMoney(moneyFromDb('0.0000000001'))).toBe('0.0000000001');
    // Sums keep every digit: 20 significant digits plus carries.
    expect(new Money('9999999999.9999999999').plus('0.0000000001').toFixed()).toBe('10000000000');
  });

  it('writes database text in the wire form without reading it as a Decimal, as formatMoney does', () => {
    expect(wireFromDb('12.5000000000')).toBe('12.5');
    expect(wireFromDb('7.0000000000')).toBe('7');
    expect(wireFromDb('0.0000000000')).toBe('0');
    expect(wireFromDb('100.0000000000')).toBe('100');
    expect(wireFromDb('0.0000000001')).toBe('0.0000000001');
    expect(wireFromDb('42')).toBe('42');
    // Every DECIMAL(20,10) value, as the column's text (always 10 fraction digits).
    // In units of 10^-10 USD; the second kind has at most 3 fraction digits, so trailing zeros.
    const units = fc.bigInt({ min: 0n, max: 99999999999999999999n });
    fc.assert(
      fc.property(
        fc.oneof(
          units,
          units.map((n) => (n / 10n ** 7n) * 10n ** 7n),
        ),
        (n) => {
          const text = moneyToDb(new Money(n.toString()).div(10 ** 10));
          expect(wireFromDb(text)).toBe(formatMoney(moneyFromDb(text)));
        },
      ),
      { numRuns: 5000 },
    );
  });
});
