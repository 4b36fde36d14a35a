import type { CommunityServices } from './community-services.ts';

/**
 * The content calendar's job, run by bootstrap.ts every half minute: sends the scheduled articles
 * that are due, each once across restarts and processes (see calendar.service.ts runDue).
 */
export function createCalendarJob(services: Pick<CommunityServices, 'calendar'>) {
  return { runOnce: () => services.calendar.runDue() };
}
export type CalendarJob = ReturnType<typeof createCalendarJob>;
