-- The square's index reads every open post with its items at start (square-index/repo.ts). On PGlite
-- one probe of post_items per post was half of that read at 1M posts (docs/benchmarks.md, "The
-- start-up read as one text column"). The items as the index reads them, medicine and category split
-- by chr(31), items by chr(30), in position order, are kept on the post's own row too, written with
-- the items (posts.state.repo.ts).
ALTER TABLE posts ADD COLUMN item_keys text NOT NULL DEFAULT '';
UPDATE posts p SET item_keys = i.keys
  FROM (SELECT post_id, string_agg(medicine_id || chr(31) || category, chr(30) ORDER BY position) AS keys
          FROM post_items GROUP BY post_id) i
 WHERE i.post_id = p.id;
