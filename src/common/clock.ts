import { Injectable } from '@nestjs/common';

/** The one source of "now". Tests replace it to cross midnight, Mondays, month ends and DST changes. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
