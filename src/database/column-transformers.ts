/** How entities map NUMERIC money and BIGINT ids. */
import { PrimaryColumn, ValueTransformer } from 'typeorm';

import { formatMoney, Money, moneyFromDb } from '../common/money.js';

/** NUMERIC(20,10) <-> Decimal; raw rows go through the same `moneyFromDb`. */
export const moneyTransformer: ValueTransformer = {
  to: (value: Money | null | undefined) => (value == null ? value : formatMoney(value)),
  from: (value: string | null) => moneyFromDb(value),
};

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
