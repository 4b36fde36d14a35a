// The community module's door (issue #14): groups, the content library with review, the content
// calendar; live sessions, surveys and feedback add their exports here.
export { articlePageRoutes } from './article-page.routes.ts';
export { audienceRoutes } from './audience.routes.ts';
export { type AudienceService, createAudienceService } from './audience.service.ts';
export { type CalendarJob, createCalendarJob } from './calendar.job.ts';
export { communityRoutes } from './community.routes.ts';
export { type CommunityServices, createCommunityServices, type WecomRobot } from './community-services.ts';
export { communityWorkspaceRoutes } from './community-workspace.routes.ts';
export { liveSessionRoutes } from './live.routes.ts';
export { createLiveServices, type LiveServices } from './live-services.ts';
export { liveWorkspaceRoutes } from './live-workspace.routes.ts';
export { createQuizJob, type QuizJob } from './quiz.job.ts';
export { quizRoutes } from './quiz.routes.ts';
export { createQuizService, type QuizService } from './quiz.service.ts';
export { createReferralServices, type ReferralServices } from './referral-services.ts';
export { referralWorkspaceRoutes } from './referral-workspace.routes.ts';
export { referralsRoutes } from './referrals.routes.ts';
