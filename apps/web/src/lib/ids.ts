/**
 * A random Idempotency-Key (8–100 of [A-Za-z0-9_.:-]). crypto.randomUUID exists only in secure contexts,
 * and the H5 page may be opened over plain http on a LAN; getRandomValues works everywhere.
 */
export function newIdempotencyKey(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return `web-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
