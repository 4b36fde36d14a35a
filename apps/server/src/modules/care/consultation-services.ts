import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import type { PersonalData } from '../../platform/personal-data.ts';
import type { Notice } from '../notifications/index.ts';
import { createConsultationsService } from './consultations.service.ts';

/** Pharmacist consultations, wired once by the app. */
export function createConsultationServices(deps: {
  db: Db;
  clock: Clock;
  personal: PersonalData;
  notify: (tx: Db, notice: Notice) => Promise<unknown>;
  redFlags: (text: string) => string[];
}) {
  return { consultations: createConsultationsService(deps) };
}

export type ConsultationServices = ReturnType<typeof createConsultationServices>;
