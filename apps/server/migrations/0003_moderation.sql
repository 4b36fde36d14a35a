-- Trust and safety: post moderation states, reports, roles, bans, editable rules, audit of moderators.

-- review = held for a moderator before it shows; hidden = reported by several people, awaiting review;
-- removed = taken down by a moderator. None of them is in the square (the feed reads status = 'open').
ALTER TABLE posts DROP CONSTRAINT posts_status_check;
ALTER TABLE posts ADD CONSTRAINT posts_status_check
  CHECK (status IN ('open', 'resolved', 'expired', 'deleted', 'review', 'hidden', 'removed'));
ALTER TABLE posts ADD COLUMN moderation_reason text;
-- Which rules fired, for moderators only (the poster sees the reason code, never the pattern).
ALTER TABLE posts ADD COLUMN moderation_signals jsonb NOT NULL DEFAULT '[]'::jsonb;
ALTER TABLE posts ADD COLUMN red_flags text[] NOT NULL DEFAULT '{}';
ALTER TABLE posts ADD COLUMN report_count integer NOT NULL DEFAULT 0;
CREATE INDEX posts_moderation_queue_idx ON posts (created_at) WHERE status IN ('review', 'hidden');

ALTER TABLE users ADD COLUMN role text NOT NULL DEFAULT 'resident' CHECK (role IN ('resident', 'moderator', 'admin'));
ALTER TABLE users ADD COLUMN banned_at timestamptz;

-- A ban follows the person, not only the account: a new account with the same identity stays banned.
CREATE TABLE banned_identities (
  id_hash text PRIMARY KEY,
  reason text NOT NULL,
  banned_at timestamptz NOT NULL
);

CREATE TABLE reports (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  post_id uuid NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
  reporter_id uuid REFERENCES users (id) ON DELETE SET NULL,
  reason text NOT NULL CHECK (reason IN ('trading', 'fake', 'spam', 'dangerous', 'personal_info', 'other')),
  note text,
  reporter_verified boolean NOT NULL,
  created_at timestamptz NOT NULL,
  UNIQUE (post_id, reporter_id)
);

-- Versioned rule sets; exactly one is active. Version 1 is the file shipped with the code.
CREATE TABLE rule_sets (
  version integer PRIMARY KEY,
  rules jsonb NOT NULL,
  note text,
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL,
  active boolean NOT NULL DEFAULT false
);
CREATE UNIQUE INDEX rule_sets_one_active_idx ON rule_sets (active) WHERE active;

-- Every moderator and admin action, append-only.
CREATE TABLE moderation_actions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  actor_id uuid REFERENCES users (id) ON DELETE SET NULL,
  action text NOT NULL,
  target_type text NOT NULL,
  target_id text NOT NULL,
  reason text,
  details jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL
);
CREATE INDEX moderation_actions_time_idx ON moderation_actions (created_at DESC);
