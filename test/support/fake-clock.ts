import { Clock } from '../../src/common/clock.js';
import { NOW } from './time.js';

/** A clock the test moves by hand. */
export class FakeClock extends Clock {
  private current: number;

  constructor(start: string | Date = NOW) {
    super();
    this.current = new Date(start).getTime();
  }

  override now(): Date {
    return new Date(this.current);
  }

  set(instant: string | Date): void {
    this.current = new Date(instant).getTime();
  }

  advance(ms: number): void {
    this.current += ms;
  }
}
