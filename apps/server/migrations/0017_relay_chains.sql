-- 传递下去: after a need resolves, its owner may offer what is left; the offer records the need it
-- passes on from, so relay chains can be counted. NULL for every other post.
ALTER TABLE posts ADD COLUMN relayed_from uuid REFERENCES posts (id) ON DELETE SET NULL;
CREATE INDEX posts_relayed_from_idx ON posts (relayed_from) WHERE relayed_from IS NOT NULL;
