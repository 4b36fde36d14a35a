// A worker thread of bench/generate.ts: makes the posts of the batches it is asked for and hands
// them back as COPY text, encoded and transferred (not copied). Generating and encoding a post costs
// several times the database's work on it, so with one thread the database waited on Node; with a
// worker per core they keep pace. Each batch has its own seeded generator, so the data depends on
// the seed and the batch size, never on how many workers made it or in which order they finished.
import { parentPort, workerData } from 'node:worker_threads';
import { copyBytes } from './bulk.ts';
import { loadMedicines, loadPlaces, makePost, type PostRow, rng } from './model.ts';

export interface BatchRequest {
  batch: number;
  size: number;
}
export interface BatchReply {
  batch: number;
  posts: Uint8Array;
  items: Uint8Array;
}
export interface WorkerSetup {
  seed: number;
  now: number;
}

/** The seed of batch `b`: mixed so that neighbouring batches do not start from neighbouring states. */
export const batchSeed = (seed: number, b: number) =>
  (Math.imul(seed, 0x9e3779b1) ^ Math.imul(b + 1, 0x85ebca77)) >>> 0;

if (parentPort) {
  const port = parentPort;
  const { seed, now } = workerData as WorkerSetup;
  const places = loadPlaces();
  const medicines = loadMedicines();
  port.on('message', ({ batch, size }: BatchRequest) => {
    const r = rng(batchSeed(seed, batch));
    const rows: PostRow[] = [];
    for (let i = 0; i < size; i++) rows.push(makePost(now, places, medicines, r));
    const reply: BatchReply = { batch, ...copyBytes(rows) };
    port.postMessage(reply, [reply.posts.buffer as ArrayBuffer, reply.items.buffer as ArrayBuffer]);
  });
}
