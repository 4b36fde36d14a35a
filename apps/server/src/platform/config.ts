import path from 'node:path';
import { z } from 'zod';

const optionalUrl = z
  .string()
  .trim()
  .transform((v) => v || undefined)
  .pipe(z.url().optional())
  .optional();

const ConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATA_DIR: z.string().default('./data'),
  // Unset means the embedded PGlite store in DATA_DIR; set means a real PostgreSQL server.
  DATABASE_URL: optionalUrl,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SMS_PROVIDER: z.enum(['console']).default('console'),
  SMS_OUTBOX: z.string().optional(),
  // Keys for phone encryption and keyed hashes: base64 of 32 bytes each. On the embedded store they are
  // generated into DATA_DIR on first start; with DATABASE_URL they must be given.
  PHONE_ENC_KEY: z.string().optional(),
  PHONE_ENC_KEY_ID: z.string().default('k1'),
  HASH_KEY: z.string().optional(),
  // Publishing and revealing a contact need a real-name verified account (the seed platform's rule).
  REQUIRE_VERIFICATION: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  ID_VERIFIER: z.enum(['format']).default('format'),
  REVEAL_PER_HOUR: z.coerce.number().int().min(1).default(3),
  REVEAL_PER_DAY: z.coerce.number().int().min(1).default(10),
  REVEAL_PER_IP_PER_DAY: z.coerce.number().int().min(1).default(30),
  STATS_MIN_COUNT: z.coerce.number().int().min(1).default(3),
  WEB_DIST: z.string().optional(),
  TRUST_PROXY: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});

export type Config = z.infer<typeof ConfigSchema> & { smsOutbox: string; webDist: string };

/** Parses the environment once; names every bad variable instead of failing on the first. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  const dataDir = path.resolve(c.DATA_DIR);
  return {
    ...c,
    DATA_DIR: dataDir,
    smsOutbox: path.resolve(c.SMS_OUTBOX ?? path.join(dataDir, 'sms-outbox.jsonl')),
    webDist: path.resolve(c.WEB_DIST ?? new URL('../../../web/dist', import.meta.url).pathname),
  };
}
