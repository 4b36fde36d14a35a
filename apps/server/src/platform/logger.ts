import pino, { type Logger, type LoggerOptions } from 'pino';

// Personal data never reaches the logs (PIPL; DESIGN.md "Rules that are not optional").
// Request bodies are not logged at all; these paths catch anything that slips into a log object.
export const REDACT_PATHS = [
  'phone',
  '*.phone',
  'contactPhone',
  '*.contactPhone',
  'code',
  '*.code',
  'idNumber',
  '*.idNumber',
  'name',
  '*.name',
  'lat',
  'lng',
  '*.lat',
  '*.lng',
  'location',
  '*.location',
  'note',
  '*.note',
  'token',
  '*.token',
  // WeChat identities and one-time credentials (modules/wechat).
  'openid',
  '*.openid',
  'unionid',
  '*.unionid',
  'bindToken',
  '*.bindToken',
  'ticket',
  '*.ticket',
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
];

export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: {
      // The query string can carry `near=lat,lng`: log the route path only.
      req: (req: { method: string; url: string; id: string }) => ({
        id: req.id,
        method: req.method,
        path: req.url.split('?')[0],
      }),
    },
  };
}

/**
 * Pretty, coloured lines for a person at a terminal (`npm start`); one JSON object per line for
 * everything else (systemd, a container, a file, a log shipper), which is what machines parse.
 */
export function prettyLogs(stdout: { isTTY?: boolean }): boolean {
  return stdout.isTTY === true;
}

/** The server's logger: redacted as above, pretty-printed through pino-pretty only at a terminal. */
export function createLogger(level: string, stdout: { isTTY?: boolean } = process.stdout): Logger {
  if (!prettyLogs(stdout)) return pino(loggerOptions(level));
  return pino({
    ...loggerOptions(level),
    // pino-pretty runs in a worker thread (pino's transport), so formatting never blocks a request.
    transport: {
      target: 'pino-pretty',
      options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', singleLine: true },
    },
  });
}
