export { statsRoutes } from './stats.routes.ts';
export { createStatsService, type StatsService } from './stats.service.ts';
