// How bench/generate.ts turns generated posts into each store's bulk input.
import type { PostRow } from './model.ts';

// ----- PostgreSQL: one INSERT … SELECT FROM unnest(arrays) per table and batch.

export const POST_COLUMNS = `id, kind, status, lat, lng, cell, province_code, city_code, district_code, for_whom, flags,
  note, contact_phone_enc, contact_phone_masked, categories, created_at, updated_at, expires_at, closed_at,
  renew_count`;
export const ITEM_COLUMNS = `post_id, medicine_id, position, quantity, expires_on, unopened, category, kind, status,
  lat, lng, cell, province_code, city_code, district_code, flags, created_at, expires_at`;

export const INSERT_POSTS = `INSERT INTO posts (${POST_COLUMNS})
  SELECT id, kind, status, lat, lng, cell, pc, cc, dc, fw, flags, note, enc, masked, string_to_array(cats, ';'),
    to_timestamp(c), to_timestamp(u), to_timestamp(e), to_timestamp(cl), rc
  FROM unnest($1::uuid[], $2::text[], $3::text[], $4::float8[], $5::float8[], $6::int[], $7::text[],
    $8::text[], $9::text[], $10::text[], $11::smallint[], $12::text[], $13::text[], $14::text[], $15::text[],
    $16::float8[], $17::float8[], $18::float8[], $19::float8[], $20::int[])
    AS s(id, kind, status, lat, lng, cell, pc, cc, dc, fw, flags, note, enc, masked, cats, c, u, e, cl, rc)`;
export const INSERT_ITEMS = `INSERT INTO post_items (${ITEM_COLUMNS})
  SELECT pid, mid, pos, qty, exp, unopened, cat, kind, status, lat, lng, cell, pc, cc, dc, flags,
    to_timestamp(c), to_timestamp(e)
  FROM unnest($1::uuid[], $2::text[], $3::smallint[], $4::int[], $5::date[], $6::bool[], $7::text[],
    $8::text[], $9::text[], $10::float8[], $11::float8[], $12::int[], $13::text[], $14::text[], $15::text[],
    $16::smallint[], $17::float8[], $18::float8[])
    AS s(pid, mid, pos, qty, exp, unopened, cat, kind, status, lat, lng, cell, pc, cc, dc, flags, c, e)`;

/**
 * Array literals built by hand: every value here is a number, a code, a uuid or one of our own notes
 * (no commas, quotes, braces, backslashes or spaces), so none needs quoting. node-postgres' generic
 * array serialiser escapes element by element and costs more than the database's insert.
 */
class Columns {
  private readonly cols: string[][];
  constructor(n: number) {
    this.cols = Array.from({ length: n }, () => []);
  }
  push(values: (string | number)[]) {
    for (let c = 0; c < values.length; c++) (this.cols[c] as string[]).push(String(values[c]));
  }
  literals = () => this.cols.map((c) => `{${c.join(',')}}`);
}

/** How one store writes the values that are not plain numbers or codes. */
interface Encoding {
  time(ms: number | null): string;
  text(v: string | null): string;
  bool(v: boolean | null): string;
  categories(list: string[]): string;
}

type Item = PostRow['items'][number];

// The column order of POST_COLUMNS and ITEM_COLUMNS, written once for both stores.
const postValues = (x: PostRow, e: Encoding): (string | number)[] => [
  x.id,
  x.kind,
  x.status,
  x.lat,
  x.lng,
  x.cell,
  x.provinceCode,
  x.cityCode,
  x.districtCode,
  x.forWhom,
  x.flags,
  e.text(x.note),
  e.text(x.phoneEnc),
  e.text(x.phoneMasked),
  e.categories(x.categories),
  e.time(x.createdAt),
  e.time(x.updatedAt),
  e.time(x.expiresAt),
  e.time(x.closedAt),
  x.renewCount,
];
const itemValues = (x: PostRow, i: Item, e: Encoding): (string | number)[] => [
  x.id,
  i.medicineId,
  i.position,
  i.quantity,
  e.text(i.expiresOn),
  e.bool(i.unopened),
  i.category,
  x.kind,
  x.status,
  x.lat,
  x.lng,
  x.cell,
  x.provinceCode,
  x.cityCode,
  x.districtCode,
  x.flags,
  e.time(x.createdAt),
  e.time(x.expiresAt),
];

// Array elements for unnest(): NULL unquoted, epoch seconds for times (to_timestamp(float8) is much
// cheaper than parsing ISO text), categories joined with ';' and split again by string_to_array.
const PG_ARRAYS: Encoding = {
  time: (ms) => (ms === null ? 'NULL' : String(ms / 1000)),
  text: (v) => v ?? 'NULL',
  bool: (v) => (v === null ? 'NULL' : String(v)),
  categories: (list) => list.join(';'),
};

export function pgBatch(batch: PostRow[]): { posts: string[]; items: string[] } {
  const posts = new Columns(20);
  const items = new Columns(18);
  for (const x of batch) {
    posts.push(postValues(x, PG_ARRAYS));
    for (const i of x.items) items.push(itemValues(x, i, PG_ARRAYS));
  }
  return { posts: posts.literals(), items: items.literals() };
}

// ----- PGlite: COPY … FROM '/dev/blob' in PostgreSQL's text format.

const COPY_TEXT: Encoding = {
  time: (ms) => (ms === null ? '\\N' : new Date(ms).toISOString()),
  text: (v) => v ?? '\\N',
  bool: (v) => (v === null ? '\\N' : v ? 't' : 'f'),
  categories: (list) => `{${list.join(',')}}`,
};

export function copyBlobs(batch: PostRow[]): { posts: Blob; items: Blob } {
  const posts: string[] = [];
  const items: string[] = [];
  for (const x of batch) {
    posts.push(postValues(x, COPY_TEXT).join('\t'));
    for (const i of x.items) items.push(itemValues(x, i, COPY_TEXT).join('\t'));
  }
  const blob = (lines: string[]) => new Blob([`${lines.join('\n')}\n`]);
  return { posts: blob(posts), items: blob(items) };
}
