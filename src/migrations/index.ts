import { InitialSchema1764115200000 } from './1764115200000-InitialSchema.js';
import { RecordChargeResults1764201600000 } from './1764201600000-RecordChargeResults.js';
import { ChargeHistoryIndex1764288000000 } from './1764288000000-ChargeHistoryIndex.js';
import { QuotaHolds1764374400000 } from './1764374400000-QuotaHolds.js';
import { ChargeHistoryCovering1764460800000 } from './1764460800000-ChargeHistoryCovering.js';

/** Every migration, oldest first. Listed by class so source, build and tests load the same set. */
export const MIGRATIONS = [
  InitialSchema1764115200000,
  RecordChargeResults1764201600000,
  ChargeHistoryIndex1764288000000,
  QuotaHolds1764374400000,
  ChargeHistoryCovering1764460800000,
];
