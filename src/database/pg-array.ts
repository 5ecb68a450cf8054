/**
 * PostgreSQL array literals (`{1,2}`, `{"a","b"}`) built one element at a time, for the hot path's
 * array parameters. node-postgres would serialise a JS array itself, escaping every element
 * through several intermediate strings; a batch of charges sends seven such arrays, so this
 * writes each literal directly instead. The statement casts the parameter (`$1::text[]`).
 */
const NEEDS_ESCAPE = /["\\]/;
const ESCAPED = /["\\]/g;

export class PgArray {
  private body = '';
  private empty = true;

  /**
   * @param quoted whether elements are written in double quotes (text, which may hold commas,
   *   braces, quotes or backslashes); numbers and decimal strings go unquoted.
   */
  constructor(private readonly quoted: boolean) {}

  /** The literal of a whole array. */
  static of(values: readonly (string | number)[], quoted: boolean): string {
    const array = new PgArray(quoted);
    for (const value of values) array.push(value);
    return array.toString();
  }

  push(value: string | number): this {
    const text = typeof value === 'number' ? String(value) : value;
    const element = !this.quoted
      ? text
      : `"${NEEDS_ESCAPE.test(text) ? text.replace(ESCAPED, (c) => `\\${c}`) : text}"`;
    this.body = this.empty ? element : `${this.body},${element}`;
    this.empty = false;
    return this;
  }

  toString(): string {
    return `{${this.body}}`;
  }
}
