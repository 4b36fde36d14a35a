-- The square at 10M posts (issue 11, docs/benchmarks.md "10M posts").
-- Nearest first without a medicine: latitude joins the key, so a small circle reads a strip of each
-- cell (the query bounds lat by the circle's box) instead of the whole 0.05° cell.
DROP INDEX posts_open_near_idx;
CREATE INDEX posts_open_near_idx ON posts (kind, cell, lat) INCLUDE (lng, id, created_at, expires_at)
  WHERE status = 'open';
-- Newest first for a medicine within a circle read every row of the circle's cells to sort them by
-- time. Ordered by time within a cell, each cell's walk stops after a page's rows
-- (posts.feed.ts#newestInCells); nearest first still reads a cell's rows as one range. The same
-- columns as before, so the same size.
DROP INDEX post_items_open_near_idx;
CREATE INDEX post_items_open_near_idx ON post_items (medicine_id, kind, cell, created_at DESC, post_id DESC)
  INCLUDE (lat, lng, expires_at) WHERE status = 'open';
