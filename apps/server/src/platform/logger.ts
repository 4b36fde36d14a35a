import type { LoggerOptions } from 'pino';

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
