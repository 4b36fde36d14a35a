// How bench/generate.ts turns generated posts into COPY input (its worker threads call copyText).
import type { PostRow } from './model.ts';

export const POST_COLUMNS = `id, kind, status, lat, lng, cell, province_code, city_code, district_code, for_whom, flags,
  note, contact_phone_enc, contact_phone_masked, categories, created_at, updated_at, expires_at, closed_at,
  renew_count`;
export const ITEM_COLUMNS = `post_id, medicine_id, position, quantity, expires_on, unopened, category, kind, status,
  lat, lng, cell, province_code, city_code, district_code, flags, created_at, expires_at`;

// COPY in PostgreSQL's text format: FROM STDIN on PostgreSQL, FROM '/dev/blob' on PGlite. Every value
// is a number, a code, a uuid, an ISO time or one of the model's own notes (no tab, newline or
// backslash), so none needs escaping. Each line is one template string, and what a post shares with
// its items (place, times) is formatted once: at ten million posts the text costs more CPU than the
// database's insert, and arrays of values per row kept the garbage collector busy.
const NULL = '\\N';
const time = (ms: number | null) => (ms === null ? NULL : new Date(ms).toISOString());

/** One batch as COPY text, one string per table, columns in the order of POST_COLUMNS / ITEM_COLUMNS. */
export function copyText(batch: PostRow[]): { posts: string; items: string } {
  let posts = '';
  let items = '';
  for (const x of batch) {
    const created = time(x.createdAt);
    const expires = time(x.expiresAt);
    const place = `${x.lat}\t${x.lng}\t${x.cell}\t${x.provinceCode}\t${x.cityCode}\t${x.districtCode}`;
    posts += `${x.id}\t${x.kind}\t${x.status}\t${place}\t${x.forWhom}\t${x.flags}\t${x.note ?? NULL}\t${
      x.phoneEnc ?? NULL
    }\t${x.phoneMasked ?? NULL}\t{${x.categories.join(',')}}\t${created}\t${
      x.updatedAt === x.createdAt ? created : time(x.updatedAt)
    }\t${expires}\t${x.closedAt === x.expiresAt ? expires : time(x.closedAt)}\t${x.renewCount}\n`;
    const tail = `${x.kind}\t${x.status}\t${place}\t${x.flags}\t${created}\t${expires}\n`;
    for (const i of x.items) {
      const unopened = i.unopened === null ? NULL : i.unopened ? 't' : 'f';
      items += `${x.id}\t${i.medicineId}\t${i.position}\t${i.quantity}\t${i.expiresOn ?? NULL}\t${unopened}\t${i.category}\t${tail}`;
    }
  }
  return { posts, items };
}
