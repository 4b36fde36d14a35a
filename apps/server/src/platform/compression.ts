import fastifyCompress from '@fastify/compress';
import type { FastifyInstance } from 'fastify';

/**
 * JSON (and other text) replies of 1 KB or more are compressed when the client accepts it: a page of
 * the square shrinks from 16 KB to 3.5 KB, which is what a phone on a congested network waits for.
 * It costs ~0.5 ms of server CPU per page, about twice what the rest of the request costs
 * (bench/compression.bench.ts, docs/benchmarks.md "Compression"). That is mostly a fixed cost per
 * reply: the fastest levels (Brotli 1, gzip 1) saved ~0.1 ms and made the page 10% bigger, so the
 * plugin's defaults (Brotli 4, gzip 6) stay. A reverse proxy that compresses can take this over.
 * Server-Sent Events are never compressed (the plugin's default types leave text/event-stream alone,
 * and a buffered event would arrive late); the web app's files come pre-compressed from the build and
 * are sent as they are. Request bodies are not decompressed: no client of the API compresses what it
 * sends (they are small JSON), and the plugin's hook for it ran before every request, bodies or not.
 */
export async function installCompression(app: FastifyInstance): Promise<void> {
  await app.register(fastifyCompress, {
    globalCompression: true,
    globalDecompression: false,
    threshold: 1024,
    encodings: ['br', 'gzip'],
  });
}
