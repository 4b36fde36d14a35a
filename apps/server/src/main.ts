import { bootstrap } from './bootstrap.ts';
import { loadConfig } from './platform/config.ts';

const config = loadConfig();
const running = await bootstrap(config);
await running.app.listen({ port: config.PORT, host: config.HOST });

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    running.app.log.info({ signal }, 'shutting down');
    running.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
