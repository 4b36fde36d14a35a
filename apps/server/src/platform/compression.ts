import fastifyCompress from '@fastify/compress';
import type { FastifyInstance } from 'fastify';

/**
 * JSON (and other text) replies of 1 KB or more are compressed when the client accepts it: a page of
 * the square and the catalogue are repetitive JSON that shrinks several times over, which is what a
 * phone on a congested network waits for; the CPU it costs is measured in docs/benchmarks.md
 * ("Compression and caching"). Server-Sent Events are never compressed (the plugin's default types
 * leave text/event-stream alone, and a buffered event would arrive late); the web app's files come
 * pre-compressed from the build and are sent as they are.
 */
export async function installCompression(app: FastifyInstance): Promise<void> {
  await app.register(fastifyCompress, { global: true, threshold: 1024, encodings: ['br', 'gzip'] });
}
