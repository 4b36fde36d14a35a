export { moderationRoutes } from './moderation.routes.ts';
export {
  createModerationService,
  type ModerationService,
  REPORTS_TO_HIDE,
  type RulesEngine,
} from './moderation.service.ts';
export { rulesEngine } from './rules-engine.ts';
