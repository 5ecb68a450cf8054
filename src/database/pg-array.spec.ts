import { PgArray } from './pg-array.js';

describe('PgArray', () => {
  it('writes numbers and decimal strings unquoted', () => {
    expect(PgArray.of([1, 22, 333], false)).toBe('{1,22,333}');
    expect(PgArray.of(['0.0001234567', '12.5000000000'], false)).toBe('{0.0001234567,12.5000000000}');
  });

  it('writes an empty array as {}', () => {
    expect(PgArray.of([], true)).toBe('{}');
    expect(new PgArray(false).toString()).toBe('{}');
  });

  it('quotes text, escaping only quotes and backslashes', () => {
    expect(PgArray.of(['a', 'b,c', '{d}', 'NULL', ' e '], true)).toBe('{"a","b,c","{d}","NULL"," e "}');
    expect(PgArray.of(['say "hi"', 'back\\slash', '\\"'], true)).toBe('{"say \\"hi\\"","back\\\\slash","\\\\\\""}');
  });

  it('builds the same literal element by element', () => {
    const array = new PgArray(true).push('x').push('y"z');
    expect(array.toString()).toBe('{"x","y\\"z"}');
  });
});
