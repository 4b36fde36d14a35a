import type { WeekHours } from '@medrelay/contracts';
import { HOUR } from '../../platform/clock.ts';

// Pharmacies keep China time (Asia/Shanghai: UTC+8 all year, no daylight saving since 1991).
const CHINA_OFFSET_MS = 8 * HOUR;

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether the hours (Monday first) have the pharmacy open at `at`. */
export function isOpenAt(hours: WeekHours, at: Date): boolean {
  const china = new Date(at.getTime() + CHINA_OFFSET_MS);
  // getUTCDay: 0 = Sunday; the hours list starts on Monday.
  const day = (china.getUTCDay() + 6) % 7;
  const now = china.getUTCHours() * 60 + china.getUTCMinutes();
  return (hours[day] ?? []).some((s) => minutes(s.open) <= now && now < minutes(s.close));
}
