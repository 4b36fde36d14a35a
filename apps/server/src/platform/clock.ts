/** Time is injected so that tests move it instead of sleeping through it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export class ManualClock implements Clock {
  constructor(private current = new Date('2026-01-15T08:00:00.000Z')) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
  set(date: Date): void {
    this.current = new Date(date);
  }
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

// Residents live on China time (UTC+8, no daylight saving): calendar dates on packs, daily quotas.
const CHINA_OFFSET_MS = 8 * HOUR;

/** The calendar date in China, 'YYYY-MM-DD'. */
export const chinaDate = (now: Date): string =>
  new Date(now.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);

/** Seconds until the next midnight in China, when daily counts start again. */
export function secondsUntilChinaMidnight(now: Date): number {
  const chinaMs = now.getTime() + CHINA_OFFSET_MS;
  return Math.ceil((DAY - (((chinaMs % DAY) + DAY) % DAY)) / 1000);
}
