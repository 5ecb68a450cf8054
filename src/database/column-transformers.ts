/** How entities map NUMERIC money and BIGINT ids. */
import { Column, PrimaryColumn, ValueTransformer } from 'typeorm';

import { type Money, MONEY_INTEGER_DIGITS, MONEY_SCALE, moneyFromDb, moneyToDb } from '../common/money.js';

/** NUMERIC(20,10) <-> Decimal, in the one text form money is sent to the database in. */
export const moneyTransformer: ValueTransformer = {
  to: (value: Money | null | undefined) => (value == null ? value : moneyToDb(value)),
  from: (value: string | null) => moneyFromDb(value),
};

/** A `DECIMAL(20,10)` column read as Money (raw rows go through the same `moneyFromDb`). */
export function MoneyColumn(name: string, options: { nullable?: boolean; default?: number } = {}): PropertyDecorator {
  return Column({
    name,
    type: 'decimal',
    precision: MONEY_INTEGER_DIGITS + MONEY_SCALE,
    scale: MONEY_SCALE,
    transformer: moneyTransformer,
    ...options,
  });
}

/** BIGINT ids come back from node-postgres as strings; the API speaks JSON numbers. */
export function idFromDb(value: string | number): number {
  const id = Number(value);
  if (!Number.isSafeInteger(id)) throw new RangeError(`id ${value} is beyond the range of a JSON number`);
  return id;
}

export const idTransformer: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : idFromDb(value)),
};

/** A BIGSERIAL primary key read as a JSON number. */
export function PrimaryIdColumn(): PropertyDecorator {
  return PrimaryColumn({ type: 'bigint', generated: 'increment', transformer: idTransformer });
}
