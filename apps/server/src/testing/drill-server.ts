import { bootstrap } from '../bootstrap.ts';
import type { Clock } from '../platform/clock.ts';
import { loadConfig } from '../platform/config.ts';

// The server process of the fault drills: `main.ts` with what only a test may change. Push
// endpoints on http://127.0.0.1 are accepted (the drill's fake push service), posting quotas and
// rate limits are wide, and DRILL_CLOCK_OFFSET_MS runs the clock ahead, so a restarted process sees the delivery
// leases of the killed one as expired without the drill sleeping through them. Never for `npm start`.

const config = loadConfig();
const offset = Number(process.env.DRILL_CLOCK_OFFSET_MS ?? 0);
const clock: Clock = { now: () => new Date(Date.now() + offset) };
const running = await bootstrap(config, clock, (deps) => ({
  ...deps,
  channels: { ...deps.channels, allowInsecurePushEndpoints: true },
  quotas: { openPerKind: 1000, newPerDay: 1000, sameMedicineHours: 0 },
  rateLimitFactor: 100,
}));
await running.app.listen({ port: config.PORT, host: config.HOST });
