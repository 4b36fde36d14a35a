import { bootstrap } from '../bootstrap.ts';
import { loadConfig } from '../platform/config.ts';
import { seedDemo } from './demo-seed.ts';

// `npm run demo`: the platform with demo posts around eight cities, in its own data folder so that
// demo data never mixes with real data.
const config = loadConfig({ DATA_DIR: './data-demo', ...process.env });
const running = await bootstrap(config);
const { removed, created } = await seedDemo(running);
running.app.log.info({ removed, created }, 'demo posts seeded (marked isDemo / 演示)');
await running.app.listen({ port: config.PORT, host: config.HOST });
console.log(`\n  MedRelay demo: http://localhost:${config.PORT}/  (API docs: /docs)\n`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    running.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
