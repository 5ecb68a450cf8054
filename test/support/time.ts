/** Durations in milliseconds, and the instants most tests start from. */
export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** The fake clock's default start: a Wednesday, 10:00 UTC. */
export const NOW = '2026-05-20T10:00:00.000Z';
/** The daily and weekly (Monday) window starts around NOW, in UTC. */
export const TODAY = '2026-05-20T00:00:00.000Z';
export const THIS_WEEK = '2026-05-18T00:00:00.000Z';
