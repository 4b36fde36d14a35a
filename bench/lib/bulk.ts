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

// Epoch seconds with millisecond precision: to_timestamp(float8) is much cheaper than parsing ISO text.
const epoch = (ms: number | null) => (ms === null ? 'NULL' : String(ms / 1000));
const nullable = (v: string | boolean | null) => (v === null ? 'NULL' : String(v));

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

export function pgBatch(batch: PostRow[]): { posts: string[]; items: string[] } {
  const posts = new Columns(20);
  const items = new Columns(18);
  for (const x of batch) {
    const created = epoch(x.createdAt);
    const expires = epoch(x.expiresAt);
    posts.push([
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
      nullable(x.note),
      nullable(x.phoneEnc),
      nullable(x.phoneMasked),
      x.categories.join(';'),
      created,
      epoch(x.updatedAt),
      expires,
      epoch(x.closedAt),
      x.renewCount,
    ]);
    for (const i of x.items) {
      items.push([
        x.id,
        i.medicineId,
        i.position,
        i.quantity,
        nullable(i.expiresOn),
        nullable(i.unopened),
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
        created,
        expires,
      ]);
    }
  }
  return { posts: posts.literals(), items: items.literals() };
}

// ----- PGlite: COPY … FROM '/dev/blob' in PostgreSQL's text format.

const iso = (ms: number | null) => (ms === null ? '\\N' : new Date(ms).toISOString());
const text = (v: string | null) => v ?? '\\N';

export function copyBlobs(batch: PostRow[]): { posts: Blob; items: Blob } {
  const posts: string[] = [];
  const items: string[] = [];
  for (const x of batch) {
    posts.push(
      [
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
        text(x.note),
        text(x.phoneEnc),
        text(x.phoneMasked),
        `{${x.categories.join(',')}}`,
        iso(x.createdAt),
        iso(x.updatedAt),
        iso(x.expiresAt),
        iso(x.closedAt),
        x.renewCount,
      ].join('\t'),
    );
    for (const i of x.items) {
      items.push(
        [
          x.id,
          i.medicineId,
          i.position,
          i.quantity,
          text(i.expiresOn),
          i.unopened === null ? '\\N' : i.unopened ? 't' : 'f',
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
          iso(x.createdAt),
          iso(x.expiresAt),
        ].join('\t'),
      );
    }
  }
  const blob = (lines: string[]) => new Blob([`${lines.join('\n')}\n`]);
  return { posts: blob(posts), items: blob(items) };
}
