import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import type { PersonalData } from '../../platform/personal-data.ts';
import type { Catalog } from '../catalog/index.ts';
import { createCaregiversService } from './reminder-caregivers.service.ts';
import { createReminderJob, type NotifyMany } from './reminder-job.ts';
import { createRemindersService } from './reminders.service.ts';

/** Dose reminders, caregivers and the scheduler, wired once by the app. */
export function createReminderServices(deps: {
  db: Db;
  clock: Clock;
  catalog: Catalog;
  personal: PersonalData;
  notifyMany: NotifyMany;
}) {
  const reminders = createRemindersService(deps);
  return {
    reminders,
    caregivers: createCaregiversService({ ...deps, reminders }),
    job: createReminderJob(deps),
  };
}

export type ReminderServices = ReturnType<typeof createReminderServices>;
