export {
  createDemandSpikeDetector,
  DEFAULT_SPIKE_THRESHOLDS,
  type DemandSpike,
  type DemandSpikeDetector,
  type SpikeThresholds,
} from './demand-spikes.ts';
export { statsRoutes } from './stats.routes.ts';
export { createStatsService, type StatsService } from './stats.service.ts';
