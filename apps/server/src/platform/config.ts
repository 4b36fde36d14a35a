import path from 'node:path';
import { z } from 'zod';
import { isVapidPair } from './vapid-keys.ts';

const optionalUrl = z
  .string()
  .trim()
  .transform((v) => v || undefined)
  .pipe(z.url().optional())
  .optional();

const ConfigSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    HOST: z.string().default('0.0.0.0'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    DATA_DIR: z.string().default('./data'),
    // Unset means the embedded PGlite store in DATA_DIR; set means a real PostgreSQL server.
    DATABASE_URL: optionalUrl,
    // How long start-up waits for PostgreSQL (containers start together; a restart), with back-off.
    DATABASE_WAIT_SECONDS: z.coerce.number().int().min(0).default(60),
    // Server processes on this machine sharing PORT (node:cluster), each with its own square index:
    // one per core. More than one needs DATABASE_URL; REDIS_URL makes their rate limits shared.
    SERVER_PROCESSES: z.coerce.number().int().min(1).max(64).default(1),
    // SIGTERM: how long requests and jobs in flight may take before the process exits anyway.
    SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().int().min(1).default(10),
    // Optional: a streaming-replication replica for the read-heavy square and statistics.
    DATABASE_READ_URL: optionalUrl,
    // Where residents reach the H5 app (deep links, QR codes); defaults to http://localhost:PORT.
    PUBLIC_URL: optionalUrl,
    // Optional: shared rate limits across server processes.
    REDIS_URL: optionalUrl,
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    // Real vendors: Tencent Cloud SMS and FaceID (one API key pair), Alibaba Cloud privacy numbers (AXB).
    SMS_PROVIDER: z.enum(['console', 'tencent']).default('console'),
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
    ID_VERIFIER: z.enum(['format', 'tencent-faceid']).default('format'),
    PRIVACY_NUMBER: z.enum(['off', 'aliyun-axb']).default('off'),
    TENCENT_SECRET_ID: z.string().optional(),
    TENCENT_SECRET_KEY: z.string().optional(),
    TENCENT_SMS_APP_ID: z.string().optional(),
    TENCENT_SMS_SIGN_NAME: z.string().optional(),
    TENCENT_SMS_TEMPLATE_ID: z.string().optional(),
    // Optional: an approved template without parameters for notices ("someone nearby offers what you
    // need"); without it SMS notices are off with SMS_PROVIDER=tencent.
    TENCENT_SMS_NOTICE_TEMPLATE_ID: z.string().optional(),
    TENCENT_SMS_REGION: z.string().default('ap-guangzhou'),
    TENCENT_SMS_ENDPOINT: optionalUrl,
    TENCENT_FACEID_ENDPOINT: optionalUrl,
    ALIYUN_ACCESS_KEY_ID: z.string().optional(),
    ALIYUN_ACCESS_KEY_SECRET: z.string().optional(),
    ALIYUN_AXB_POOL_KEY: z.string().optional(),
    ALIYUN_AXB_ENDPOINT: optionalUrl,
    // Web Push (VAPID, RFC 8292): base64url keys as printed by `npx web-push generate-vapid-keys`. On
    // the embedded store they are generated into DATA_DIR on first start; with DATABASE_URL and no
    // keys Web Push is off. The subject defaults to PUBLIC_URL when it is https.
    VAPID_PUBLIC_KEY: z.string().trim().optional(),
    VAPID_PRIVATE_KEY: z.string().trim().optional(),
    VAPID_SUBJECT: z
      .string()
      .trim()
      .regex(/^(mailto:\S+@\S+|https:\/\/\S+)$/, 'a mailto: address or an https: URL')
      .optional(),
    // The WeChat mini program (小程序): login, phone binding and mini program codes with the AppID and
    // secret; subscribe messages (小程序订阅消息) also need the template. All off unless set (docs/wechat.md).
    WECHAT_APP_ID: z.string().trim().optional(),
    WECHAT_APP_SECRET: z.string().trim().optional(),
    WECHAT_SUBSCRIBE_TEMPLATE_ID: z.string().trim().optional(),
    WECHAT_MINIPROGRAM_STATE: z.enum(['formal', 'trial', 'developer']).default('formal'),
    WECHAT_API_BASE: optionalUrl,
    // The official account (公众号/服务号) for WeChat login in the H5 app (OAuth) and JS-SDK share data.
    WECHAT_MP_APP_ID: z.string().trim().optional(),
    WECHAT_MP_APP_SECRET: z.string().trim().optional(),
    // Where the OAuth authorize page is (default https://open.weixin.qq.com; the local fake in development).
    WECHAT_OPEN_BASE: optionalUrl,
    // The WeCom group robot (企业微信群机器人) that mirrors community announcements; off by default.
    WECOM_ROBOT: z.enum(['off', 'on']).default('off'),
    WECOM_ROBOT_BASE: optionalUrl,
    // Online payment of pharmacy orders (docs/pharmacies.md): off by default (pay at pickup only).
    // wechat-pay = WeChat Pay API v3, JSAPI / mini program; keys as PEM text or a path to a PEM file.
    PAYMENT_PROVIDER: z.enum(['off', 'wechat-pay']).default('off'),
    WECHAT_PAY_MCH_ID: z.string().trim().optional(),
    WECHAT_PAY_APP_ID: z.string().trim().optional(),
    WECHAT_PAY_SERIAL_NO: z.string().trim().optional(),
    WECHAT_PAY_PRIVATE_KEY: z.string().trim().optional(),
    WECHAT_PAY_API_V3_KEY: z.string().trim().length(32, '32 characters').optional(),
    WECHAT_PAY_PLATFORM_SERIAL: z.string().trim().optional(),
    WECHAT_PAY_PLATFORM_PUBLIC_KEY: z.string().trim().optional(),
    WECHAT_PAY_ENDPOINT: optionalUrl,
    // Same-city delivery for pharmacies that choose it: off by default (pharmacies' own riders).
    DELIVERY_PLATFORM: z.enum(['off', 'dada']).default('off'),
    DADA_APP_KEY: z.string().trim().optional(),
    DADA_APP_SECRET: z.string().trim().optional(),
    DADA_SOURCE_ID: z.string().trim().optional(),
    DADA_SHOP_NO: z.string().trim().optional(),
    DADA_CITY_CODE: z.string().trim().optional(),
    DADA_ENDPOINT: optionalUrl,
    VENDOR_TIMEOUT_MS: z.coerce.number().int().min(100).default(5000),
    REVEAL_PER_HOUR: z.coerce.number().int().min(1).default(3),
    REVEAL_PER_DAY: z.coerce.number().int().min(1).default(10),
    REVEAL_PER_IP_PER_DAY: z.coerce.number().int().min(1).default(30),
    STATS_MIN_COUNT: z.coerce.number().int().min(1).default(3),
    // A demand spike: at least SPIKE_MIN_NEEDS needs in a city in the last hour, and SPIKE_RATIO
    // times its hourly rate over the day before.
    SPIKE_MIN_NEEDS: z.coerce.number().int().min(1).default(10),
    SPIKE_RATIO: z.coerce.number().min(1).default(3),
    WEB_DIST: z.string().optional(),
    // The map's tiles, read by the web app at run time: a Leaflet URL template ({z}/{x}/{y}, {s}), or
    // "off" for markers on a plain background; unset keeps the web app's built-in default.
    MAP_TILE_URL: z.string().trim().optional(),
    // gcj02 for Chinese providers (AutoNavi, Tencent); their tiles are offset from WGS-84.
    MAP_TILE_COORD: z.enum(['wgs84', 'gcj02']).default('wgs84'),
    MAP_TILE_ATTRIBUTION: z.string().default(''),
    MAP_TILE_SUBDOMAINS: z.string().optional(),
    TRUST_PROXY: z
      .enum(['true', 'false'])
      .default('false')
      .transform((v) => v === 'true'),
    // The square answered from memory (docs/architecture.md, "The square's index"); false reads every
    // page with SQL.
    SQUARE_INDEX: z
      .enum(['true', 'false'])
      .default('true')
      .transform((v) => v === 'true'),
    // How many posts' public views the square keeps serialised (about 1 KB each, outside the JS heap).
    SQUARE_BODY_CACHE: z.coerce.number().int().min(0).default(200_000),
    // How often the square's index looks for post changes by event number. On PostgreSQL other
    // processes' changes arrive at once by LISTEN/NOTIFY; this catch-up is for a missed notification.
    SQUARE_INDEX_POLL_MS: z.coerce.number().int().min(100).max(3_600_000).default(1000),
    // How often the reach consumer looks for post events that other processes wrote; this process's
    // own post changes run it at once.
    REACH_POLL_MS: z.coerce.number().int().min(100).max(3_600_000).default(1000),
  })
  .superRefine((c, ctx) => {
    // A chosen vendor without its credentials is a start-up error that names each missing variable.
    const need = (when: boolean, names: (keyof typeof c)[]) => {
      if (!when) return;
      for (const name of names)
        if (!c[name]) ctx.addIssue({ code: 'custom', path: [name], message: 'required' });
    };
    need(c.SMS_PROVIDER === 'tencent', [
      'TENCENT_SECRET_ID',
      'TENCENT_SECRET_KEY',
      'TENCENT_SMS_APP_ID',
      'TENCENT_SMS_SIGN_NAME',
      'TENCENT_SMS_TEMPLATE_ID',
    ]);
    if (
      c.MAP_TILE_URL &&
      c.MAP_TILE_URL !== 'off' &&
      !(
        /^https?:\/\//.test(c.MAP_TILE_URL) && ['{z}', '{x}', '{y}'].every((k) => c.MAP_TILE_URL?.includes(k))
      )
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['MAP_TILE_URL'],
        message: 'an http(s) Leaflet template with {z}, {x} and {y}, or "off"',
      });
    }
    if (c.SERVER_PROCESSES > 1 && !c.DATABASE_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['SERVER_PROCESSES'],
        message: 'more than 1 needs DATABASE_URL (the embedded store belongs to one process)',
      });
    }
    if (c.DATABASE_READ_URL && !c.DATABASE_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['DATABASE_READ_URL'],
        message: 'needs DATABASE_URL (a replica of it)',
      });
    }
    if (Boolean(c.VAPID_PUBLIC_KEY) !== Boolean(c.VAPID_PRIVATE_KEY)) {
      const missing = c.VAPID_PUBLIC_KEY ? 'VAPID_PRIVATE_KEY' : 'VAPID_PUBLIC_KEY';
      ctx.addIssue({ code: 'custom', path: [missing], message: 'required with the other VAPID key' });
    } else if (
      c.VAPID_PUBLIC_KEY &&
      c.VAPID_PRIVATE_KEY &&
      !isVapidPair(c.VAPID_PUBLIC_KEY, c.VAPID_PRIVATE_KEY)
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['VAPID_PUBLIC_KEY'],
        message: 'VAPID keys must be base64url: a 65-byte P-256 public key and a 32-byte private key',
      });
    }
    const mini = ['WECHAT_APP_ID', 'WECHAT_APP_SECRET'] as const;
    need(mini.some((n) => c[n]) || Boolean(c.WECHAT_SUBSCRIBE_TEMPLATE_ID), [...mini]);
    const official = ['WECHAT_MP_APP_ID', 'WECHAT_MP_APP_SECRET'] as const;
    need(
      official.some((n) => c[n]),
      [...official],
    );
    need(c.ID_VERIFIER === 'tencent-faceid', ['TENCENT_SECRET_ID', 'TENCENT_SECRET_KEY']);
    need(c.PAYMENT_PROVIDER === 'wechat-pay', [
      'WECHAT_PAY_MCH_ID',
      'WECHAT_PAY_APP_ID',
      'WECHAT_PAY_SERIAL_NO',
      'WECHAT_PAY_PRIVATE_KEY',
      'WECHAT_PAY_API_V3_KEY',
      'WECHAT_PAY_PLATFORM_SERIAL',
      'WECHAT_PAY_PLATFORM_PUBLIC_KEY',
      'PUBLIC_URL',
    ]);
    need(c.DELIVERY_PLATFORM === 'dada', [
      'DADA_APP_KEY',
      'DADA_APP_SECRET',
      'DADA_SOURCE_ID',
      'DADA_SHOP_NO',
      'DADA_CITY_CODE',
      'PUBLIC_URL',
    ]);
    need(c.PRIVACY_NUMBER === 'aliyun-axb', [
      'ALIYUN_ACCESS_KEY_ID',
      'ALIYUN_ACCESS_KEY_SECRET',
      'ALIYUN_AXB_POOL_KEY',
    ]);
  });

/** Every variable the server reads (deploy/medrelay.env.example lists each; a test holds it to that). */
export const CONFIG_KEYS: readonly string[] = Object.keys(ConfigSchema.shape);

export type Config = z.infer<typeof ConfigSchema> & {
  smsOutbox: string;
  webDist: string;
  vapidSubject: string;
};

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
    vapidSubject:
      c.VAPID_SUBJECT ??
      (c.PUBLIC_URL?.startsWith('https:') ? c.PUBLIC_URL : 'mailto:webpush@medrelay.invalid'),
  };
}
