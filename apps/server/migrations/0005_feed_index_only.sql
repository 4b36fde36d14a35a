-- Nearest-first without a medicine filter read every table page of the circle because the covering
-- index lacked the post id (bench at 1M posts: PostgreSQL p50 12.4 → 2.2 ms, PGlite 19.5 → 4.2 ms).
DROP INDEX posts_open_near_idx;
CREATE INDEX posts_open_near_idx ON posts (kind, cell) INCLUDE (lat, lng, id, created_at, expires_at)
  WHERE status = 'open';
