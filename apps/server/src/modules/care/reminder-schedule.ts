import { Cron } from 'croner';

/** Residents live on China time; reminders ring at their wall-clock times there. */
export const REMINDER_TZ = 'Asia/Shanghai';
const DAY_MS = 86_400_000;
const CHINA_OFFSET_MS = 8 * 3_600_000;

export interface ReminderSchedule {
  /** 'HH:MM' in China time. */
  times: readonly string[];
  /** China dates, inclusive. */
  startsOn: string;
  endsOn: string;
}

// One paused croner job per wall-clock time, used only to compute the next run; there are at most
// 1,440 distinct times, so the cache stays small.
const crons = new Map<string, Cron>();
function cronAt(time: string): Cron {
  let c = crons.get(time);
  if (!c) {
    const [h, m] = time.split(':').map(Number);
    c = new Cron(`${m} ${h} * * *`, { timezone: REMINDER_TZ, paused: true });
    crons.set(time, c);
  }
  return c;
}

/** The China date (YYYY-MM-DD) of an instant. */
export const chinaDay = (at: Date): string =>
  new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
/** The instant a China date begins. */
export const chinaMidnight = (day: string): Date =>
  new Date(Date.parse(`${day}T00:00:00Z`) - CHINA_OFFSET_MS);
export const addDays = (day: string, n: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

/**
 * Remembers croner's answers within one scheduler run: a busy minute's reminders mostly share their
 * time and the instant they are computed from, and croner's timezone arithmetic costs ~0.15 ms a call.
 */
export type OccurrenceMemo = Map<string, Date | null>;

/** The first occurrence strictly after `after` within the course, or null when the course is over. */
export function nextOccurrence(s: ReminderSchedule, after: Date, memo?: OccurrenceMemo): Date | null {
  const start = chinaMidnight(s.startsOn);
  const end = chinaMidnight(addDays(s.endsOn, 1));
  const from = after < start ? new Date(start.getTime() - 1) : after;
  let best: Date | null = null;
  for (const time of s.times) {
    const key = `${time}@${from.getTime()}`;
    let next = memo?.get(key);
    if (next === undefined) {
      next = cronAt(time).nextRun(from);
      memo?.set(key, next);
    }
    if (next && (!best || next < best)) best = next;
  }
  return best && best < end ? best : null;
}

/**
 * The occurrences from `first` (already known to be due) up to `now`: the server may have been
 * down through several. At most `cap`, the latest kept.
 */
export function dueOccurrences(
  s: ReminderSchedule,
  first: Date,
  now: Date,
  memo?: OccurrenceMemo,
  cap = 200,
): Date[] {
  const out = [first];
  let at: Date | null = first;
  for (;;) {
    at = nextOccurrence(s, at, memo);
    if (!at || at > now) break;
    out.push(at);
    if (out.length > cap) out.shift();
  }
  return out;
}
