import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import type { PersonalData } from '../../platform/personal-data.ts';
import type { Catalog } from '../catalog/index.ts';
import { createFollowupService } from './followup.service.ts';
import { createGuidance, readGuidance } from './guidance.data.ts';
import { createHealthRecordService } from './health-record.service.ts';

/** The care module's record side, wired once by the app (reminders and consultations are beside it). */
export function createCareServices(deps: { db: Db; clock: Clock; personal: PersonalData; catalog: Catalog }) {
  const guidance = createGuidance(readGuidance(), deps.catalog);
  const record = createHealthRecordService({ ...deps, guidance });
  const followup = createFollowupService({ ...deps, record });
  return { guidance, record, followup };
}

export type CareServices = ReturnType<typeof createCareServices>;
