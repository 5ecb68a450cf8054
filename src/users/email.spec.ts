import { isEmail } from 'class-validator';
import fc from 'fast-check';

import { EMAIL_PATTERN, isEmailAddress, MAX_ADDRESS_LENGTH } from './email.js';

/** EMAIL_PATTERN without its look-ahead (the local part's length), which fast-check cannot generate from. */
const SHAPE = new RegExp(EMAIL_PATTERN.source.replace('(?=[^@]{1,64}@)', ''));

describe('email addresses', () => {
  it('takes every address the pattern matches: validator.js accepts each of them', () => {
    const addresses = fc
      .stringMatching(SHAPE)
      .filter((s) => s.length <= MAX_ADDRESS_LENGTH && s.indexOf('@') <= 64 && EMAIL_PATTERN.test(s));
    fc.assert(
      fc.property(addresses, (address) => {
        expect(isEmail(address)).toBe(true);
        expect(isEmailAddress(address)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('is the pattern and the length, exactly', () => {
    const near = fc
      .tuple(fc.stringMatching(SHAPE), fc.string({ maxLength: 3 }), fc.nat(80))
      .map(([address, noise, at]) => address.slice(0, at) + noise + address.slice(at));
    fc.assert(
      fc.property(fc.oneof(near, fc.string()), (text) => {
        expect(isEmailAddress(text)).toBe(text.length <= MAX_ADDRESS_LENGTH && EMAIL_PATTERN.test(text));
      }),
      { numRuns: 5000 },
    );
  });

  it.each([
    ['ada@example.com', true],
    ['a.b-c+d@mail.example.co', true],
    ['x@xn--80ak6aa92e.com', true],
    [`${'a'.repeat(64)}@example.com`, true],
    [`${'a'.repeat(65)}@example.com`, false],
    [`a@${'b'.repeat(63)}.com`, true],
    [`a@${'b'.repeat(64)}.com`, false],
    ['a..b@example.com', false],
    ['.a@example.com', false],
    ['a@example', false],
    ['a@example.c', false],
    ['a@example.123', false],
    ['a@-example.com', false],
    ['a@exa_mple.com', false],
    ['ü@example.com', false],
    ['"a b"@example.com', false],
    ['a@[127.0.0.1]', false],
    [' ada@example.com', false],
  ])('%s: %p', (address, accepted) => {
    expect(isEmailAddress(address)).toBe(accepted);
  });
});
