-- The demand-spike job reads the last day of needs page by page in creation order (on PGlite one
-- long statement held every request for about a second). This index carries what each page needs,
-- so a page is an index-only range scan instead of one random heap read per need.
DROP INDEX IF EXISTS posts_needs_created_idx;
CREATE INDEX posts_needs_scan_idx ON posts (created_at) INCLUDE (id, city_code, province_code, status)
  WHERE kind = 'need' AND NOT is_demo;
