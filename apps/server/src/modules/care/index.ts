// The care module's door. Health data is read only through the access policy exported here.

export { careRoutes } from './care.routes.ts';
export { type CareServices, createCareServices } from './care-services.ts';
export { careWorkspaceRoutes } from './care-workspace.routes.ts';
export { type ConsultationServices, createConsultationServices } from './consultation-services.ts';
export { consultationWorkspaceRoutes } from './consultation-workspace.routes.ts';
export { consultationsRoutes } from './consultations.routes.ts';
export type { HealthGrantRow } from './health.tables.ts';
export {
  auditHealthRead,
  canAccessHealthData,
  grantHealthAccess,
  type HealthAccessDecision,
  type HealthAccessRequest,
  type HealthActor,
  requireHealthAccess,
  revokeHealthGrant,
} from './health-access.ts';
export { createHealthAudience, type HealthAudience } from './health-audience.ts';
export { createReminderJob, type ReminderJob } from './reminder-job.ts';
export { createReminderServices, type ReminderServices } from './reminder-services.ts';
export { remindersRoutes } from './reminders.routes.ts';
