/** The array literals the hot path writes by hand, read back by PostgreSQL itself. */
import fc from 'fast-check';

import { REQUEST_ID_PATTERN } from '../src/billing/billing.schemas.js';
import { PgArray } from '../src/database/pg-array.js';
import { useTestApp } from './support/test-app.js';

const t = useTestApp();

const roundTrip = async (values: string[]): Promise<string[]> => {
  const [{ a }] = await t.dataSource.query('SELECT $1::text[] AS a', [PgArray.of(values, true)]);
  return a;
};

describe('PgArray read back by PostgreSQL', () => {
  it('gives back every text exactly, whatever characters it holds', async () => {
    for (const text of [
      '',
      '"',
      '\\',
      '\\"',
      '{}',
      'a,b',
      'NULL',
      'null',
      ' x ',
      '\t',
      '\u0085NULL\u0085',
      '\u{10FFFF}',
    ]) {
      expect(await roundTrip([text])).toEqual([text]);
    }
  });

  it('gives back any list of request ids the API accepts', async () => {
    const awkward = fc.constantFrom(
      '"',
      '\\',
      ',',
      '{',
      '}',
      ' ',
      'NULL',
      "'",
      '\u00a0',
      '\u2028',
      '\ufeff',
      '\u{1F600}',
    );
    const requestId = fc
      .array(fc.oneof(awkward, fc.string({ unit: 'binary', maxLength: 3 })), { minLength: 1, maxLength: 8 })
      .map((parts) => parts.join(''))
      .filter((id) => REQUEST_ID_PATTERN.test(id));
    await fc.assert(
      fc.asyncProperty(fc.array(requestId, { maxLength: 6 }), async (ids) => {
        expect(await roundTrip(ids)).toEqual(ids);
      }),
      { numRuns: 300 },
    );
  });

  it('writes numbers and decimal strings that PostgreSQL reads as the same values', async () => {
    const [row] = await t.dataSource.query('SELECT $1::bigint[]::text[] AS ids, $2::numeric[]::text[] AS costs', [
      PgArray.of([1, 9_007_199_254_740_991], false),
      PgArray.of(['0.0000000001', '9999999999.9999999999'], false),
    ]);
    expect(row).toEqual({ ids: ['1', '9007199254740991'], costs: ['0.0000000001', '9999999999.9999999999'] });
  });
});
