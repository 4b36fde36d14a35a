import type { ErrorCode } from '@medrelay/contracts';
import { AppError } from './errors.ts';

/**
 * Sliding-window limits counted from rows in the database (SMS sends, contact reveals): `times` are
 * the events inside the window, oldest first. Once they hold `max`, answers 429 with the seconds until
 * the oldest counted event leaves the window.
 */
export function refuseWhenFull(
  times: Date[],
  limit: { max: number; windowMs: number; code: ErrorCode; scope: string },
  now: Date,
): void {
  if (times.length < limit.max) return;
  const oldest = times[times.length - limit.max] as Date;
  const retryAfterSeconds = Math.max(
    1,
    Math.ceil((oldest.getTime() + limit.windowMs - now.getTime()) / 1000),
  );
  throw new AppError(limit.code, 429, { scope: limit.scope, limit: limit.max, retryAfterSeconds });
}
