/**
 * The console's rules about limits, kept apart from the pages so that they can be tested alone:
 * reading what an admin typed (never guessing), the colour of a bar, what a new user of a source
 * gets, and what changes between two states.
 */

/** A limit as the API carries it: a decimal string, or null (unlimited, or "inherit" in a source). */
export type Limit = string | null;

/** The limits of one platform in one document, by window name. */
export type WindowLimits = Record<string, Limit>;

/** platform → window → limit. */
export type Matrix = Record<string, WindowLimits>;

/** The money rules the service states in /api/v1/meta. */
export interface MoneyRules {
  /** Fraction digits an amount may have. */
  scale: number;
  /** The largest amount, as a decimal string. */
  max: string;
}

export type LimitProblem =
  { kind: 'notAnAmount' } | { kind: 'tooManyDecimals'; scale: number } | { kind: 'tooLarge'; max: string };

export type ParsedLimit = { ok: true; value: Limit } | { ok: false; problem: LimitProblem };

const AMOUNT = /^(\d+)(?:\.(\d*))?$/;

/**
 * What an admin typed in a limit field: blank is null (unlimited, or inherit), `0` disables, any
 * other amount is a cap kept exactly as typed (normalised: no leading zeros, no trailing dot).
 * Anything else — a minus sign, a comma, an exponent, letters — is refused with the reason: a typo
 * never becomes "unlimited".
 */
export function parseLimit(input: string, rules: MoneyRules): ParsedLimit {
  const text = input.trim();
  if (text === '') return { ok: true, value: null };
  const match = AMOUNT.exec(text.startsWith('.') ? `0${text}` : text);
  if (!match) return { ok: false, problem: { kind: 'notAnAmount' } };
  const whole = match[1].replace(/^0+(?=\d)/, '');
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (fraction.length > rules.scale) return { ok: false, problem: { kind: 'tooManyDecimals', scale: rules.scale } };
  const value = fraction ? `${whole}.${fraction}` : whole;
  if (compareDecimals(value, rules.max) > 0) return { ok: false, problem: { kind: 'tooLarge', max: rules.max } };
  return { ok: true, value };
}

/** Compares two non-negative decimal strings exactly. */
export function compareDecimals(a: string, b: string): number {
  const [aw, af = ''] = a.split('.');
  const [bw, bf = ''] = b.split('.');
  const wa = aw.replace(/^0+(?=\d)/, '');
  const wb = bw.replace(/^0+(?=\d)/, '');
  if (wa.length !== wb.length) return wa.length < wb.length ? -1 : 1;
  if (wa !== wb) return wa < wb ? -1 : 1;
  const width = Math.max(af.length, bf.length);
  const fa = af.padEnd(width, '0');
  const fb = bf.padEnd(width, '0');
  return fa === fb ? 0 : fa < fb ? -1 : 1;
}

/** Two limits mean the same: both absent, or equal amounts however written ("10" and "10.00"). */
export function sameLimit(a: Limit | undefined, b: Limit | undefined): boolean {
  if (a === null || a === undefined || b === null || b === undefined) {
    return (a === null || a === undefined) && (b === null || b === undefined);
  }
  return compareDecimals(a, b) === 0;
}

/** The text of a limit in an input: the full string, blank when unlimited. */
export function limitInput(limit: Limit | undefined): string {
  return limit ?? '';
}

/** A grid of input texts: platform → window → text. */
export type InputGrid = Record<string, Record<string, string>>;

export function gridFromMatrix(matrix: Matrix | null | undefined, platforms: string[], windows: string[]): InputGrid {
  return Object.fromEntries(
    platforms.map((p) => [p, Object.fromEntries(windows.map((w) => [w, limitInput(matrix?.[p]?.[w])]))]),
  );
}

export interface GridReading {
  /** The limits read, for the cells that read. */
  matrix: Matrix;
  /** `platform.window` → problem, for the cells that did not. */
  problems: Record<string, LimitProblem>;
}

export function readGrid(grid: InputGrid, rules: MoneyRules): GridReading {
  const matrix: Matrix = {};
  const problems: Record<string, LimitProblem> = {};
  for (const [platform, row] of Object.entries(grid)) {
    matrix[platform] = {};
    for (const [window, text] of Object.entries(row)) {
      const parsed = parseLimit(text, rules);
      if (parsed.ok) matrix[platform][window] = parsed.value;
      else problems[`${platform}.${window}`] = parsed.problem;
    }
  }
  return { matrix, problems };
}

/**
 * What a new user of a source gets for each platform and window: the source's value where it sets
 * one (0 included) and its grant flag is on, otherwise the system default.
 */
export function effectiveDefaults(
  system: Matrix | null | undefined,
  source: Matrix | null | undefined,
  grant: boolean,
  platforms: string[],
  windows: string[],
): Matrix {
  return Object.fromEntries(
    platforms.map((p) => [
      p,
      Object.fromEntries(
        windows.map((w) => {
          const own = grant ? source?.[p]?.[w] : null;
          return [w, own ?? system?.[p]?.[w] ?? null];
        }),
      ),
    ]),
  );
}

export type BarLevel = 'ok' | 'warn' | 'danger';

/** Green below 75 %, amber from 75 %, red from 95 % (and for a disabled window). */
export function barLevel(percent: number): BarLevel {
  if (percent >= 95) return 'danger';
  if (percent >= 75) return 'warn';
  return 'ok';
}

/**
 * usage / limit × 100 for display, from the strings (to two decimals, as the service computes
 * it): a disabled window is 100, an unlimited one has none.
 */
export function usedPercent(usage: string, limit: Limit): number | null {
  if (limit === null) return null;
  if (compareDecimals(limit, '0') === 0) return 100;
  return Math.round((Number(usage) / Number(limit)) * 10_000) / 100;
}

export interface Change {
  /** Where: e.g. `default_platform_quotas`, `openai`, `daily`. */
  path: string[];
  before: unknown;
  after: unknown;
}

/**
 * Every leaf that differs between two JSON values, in a stable order (keys sorted, arrays by
 * index); amounts compare by value ("10" equals "10.0"). Used for the preview before saving and
 * for the audit log's before/after.
 */
export function diff(before: unknown, after: unknown, path: string[] = []): Change[] {
  if (isRecord(before) && isRecord(after)) {
    // In the documents' own order (the server's: daily, weekly, monthly), not alphabetical.
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((key) => diff(before[key], after[key], [...path, key]));
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const length = Math.max(before.length, after.length);
    return Array.from({ length }, (_, i) => diff(before[i], after[i], [...path, String(i)])).flat();
  }
  if (isRecord(before) && (after === null || after === undefined)) return diff(before, {}, path);
  if ((before === null || before === undefined) && isRecord(after)) return diff({}, after, path);
  if (equalLeaves(before, after)) return [];
  return [{ path, before: before ?? null, after: after ?? null }];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const DECIMAL = /^\d+(\.\d+)?$/;

function equalLeaves(a: unknown, b: unknown): boolean {
  if ((a === null || a === undefined) && (b === null || b === undefined)) return true;
  if (typeof a === 'string' && typeof b === 'string' && DECIMAL.test(a) && DECIMAL.test(b)) {
    return compareDecimals(a, b) === 0;
  }
  return a === b;
}

/** The exact sum of non-negative decimal strings (the spend totals), as a decimal string. */
export function sumDecimals(values: string[]): string {
  let scale = 0;
  for (const v of values) scale = Math.max(scale, (v.split('.')[1] ?? '').length);
  const total = values.reduce((sum, v) => {
    const [whole, fraction = ''] = v.split('.');
    return sum + BigInt(whole + fraction.padEnd(scale, '0'));
  }, 0n);
  if (scale === 0) return total.toString();
  const digits = total.toString().padStart(scale + 1, '0');
  const fraction = digits.slice(-scale).replace(/0+$/, '');
  return fraction ? `${digits.slice(0, -scale)}.${fraction}` : digits.slice(0, -scale);
}
