// How bench/generate.ts turns generated posts into COPY input (its worker threads call copyText).
import { itemKeysOf } from '../../apps/server/src/modules/posts/square-index/item-keys.ts';
import type { PostRow } from './model.ts';

export const POST_COLUMNS = `id, kind, status, lat, lng, cell, province_code, city_code, district_code, for_whom, flags,
  note, contact_phone_enc, contact_phone_masked, categories, created_at, updated_at, expires_at, closed_at,
  renew_count, item_keys`;
export const ITEM_COLUMNS = `post_id, medicine_id, position, quantity, expires_on, unopened, category, kind, status,
  lat, lng, cell, province_code, city_code, district_code, flags, created_at, expires_at`;

// COPY in PostgreSQL's text format: FROM STDIN on PostgreSQL, FROM '/dev/blob' on PGlite. Every value
// is a number, a code, a uuid, an ISO time or one of the model's own notes (no tab, newline or
// backslash), so none needs escaping. Each line is one template string, and what a post shares with
// its items (place, times) is formatted once: at ten million posts the text costs more CPU than the
// database's insert. Each line is written into a growing buffer as UTF-8 as soon as it is made: one
// string per batch (8 MB of concatenations) had the garbage collector and the final encoding take
// two thirds of the worker's time (docs/benchmarks.md, "10M posts").
const NULL = '\\N';
const time = (ms: number | null) => (ms === null ? NULL : new Date(ms).toISOString());

/** UTF-8 bytes appended line by line into one buffer that doubles when full. */
class Lines {
  private buf: Buffer;
  private at = 0;
  constructor(bytes: number) {
    // Never from Node's shared pool: the batch's buffer is transferred whole to the main thread.
    this.buf = Buffer.allocUnsafeSlow(bytes);
  }
  add(line: string) {
    // A UTF-8 character takes at most 3 bytes per UTF-16 unit.
    if (this.at + line.length * 3 > this.buf.length) {
      const bigger = Buffer.allocUnsafeSlow(Math.max(this.buf.length * 2, this.at + line.length * 3));
      this.buf.copy(bigger, 0, 0, this.at);
      this.buf = bigger;
    }
    this.at += this.buf.write(line, this.at);
  }
  /** The bytes written: a view of the buffer, whose memory can be transferred to the main thread. */
  bytes(): Uint8Array {
    return new Uint8Array(this.buf.buffer, this.buf.byteOffset, this.at);
  }
}

/** One batch as COPY text (UTF-8), one per table, columns in the order of POST_COLUMNS / ITEM_COLUMNS. */
export function copyBytes(batch: PostRow[]): { posts: Uint8Array; items: Uint8Array } {
  const posts = new Lines(batch.length * 400);
  const items = new Lines(batch.length * 500);
  for (const x of batch) {
    const created = time(x.createdAt);
    const expires = time(x.expiresAt);
    const place = `${x.lat}\t${x.lng}\t${x.cell}\t${x.provinceCode}\t${x.cityCode}\t${x.districtCode}`;
    posts.add(
      `${x.id}\t${x.kind}\t${x.status}\t${place}\t${x.forWhom}\t${x.flags}\t${x.note ?? NULL}\t${
        x.phoneEnc ?? NULL
      }\t${x.phoneMasked ?? NULL}\t{${x.categories.join(',')}}\t${created}\t${
        x.updatedAt === x.createdAt ? created : time(x.updatedAt)
      }\t${expires}\t${x.closedAt === x.expiresAt ? expires : time(x.closedAt)}\t${x.renewCount}\t${itemKeysOf(
        x.items,
      )}\n`,
    );
    const tail = `${x.kind}\t${x.status}\t${place}\t${x.flags}\t${created}\t${expires}\n`;
    for (const i of x.items) {
      const unopened = i.unopened === null ? NULL : i.unopened ? 't' : 'f';
      items.add(
        `${x.id}\t${i.medicineId}\t${i.position}\t${i.quantity}\t${i.expiresOn ?? NULL}\t${unopened}\t${i.category}\t${tail}`,
      );
    }
  }
  return { posts: posts.bytes(), items: items.bytes() };
}
