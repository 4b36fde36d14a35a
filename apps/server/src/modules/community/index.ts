// The community module's door (issue #14): groups, the content library with review, the content
// calendar; live sessions, surveys and feedback add their exports here.
export { type CalendarJob, createCalendarJob } from './calendar.job.ts';
export { communityRoutes } from './community.routes.ts';
export { type CommunityServices, createCommunityServices } from './community-services.ts';
export { communityWorkspaceRoutes } from './community-workspace.routes.ts';
