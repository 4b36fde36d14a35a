-- Real-name verification, contact privacy, consents and retention (PIPL).

-- Verification keeps no raw ID number: a keyed hash (one identity, one account) and masked forms.
ALTER TABLE users ADD COLUMN verified_at timestamptz;
ALTER TABLE users ADD COLUMN verify_method text;
ALTER TABLE users ADD COLUMN id_hash text UNIQUE;
ALTER TABLE users ADD COLUMN name_masked text;
ALTER TABLE users ADD COLUMN id_masked text;

-- Explicit consent to process sensitive data (location, phone), recorded per purpose and notice version.
CREATE TABLE consents (
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  purpose text NOT NULL,
  version text NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (user_id, purpose, version)
);

ALTER TABLE posts ADD COLUMN contact_mode text NOT NULL DEFAULT 'phone' CHECK (contact_mode IN ('phone', 'relay'));
ALTER TABLE posts ADD COLUMN reveal_count integer NOT NULL DEFAULT 0;
ALTER TABLE posts ADD COLUMN purged_at timestamptz;
CREATE INDEX posts_purge_due_idx ON posts (closed_at) WHERE purged_at IS NULL AND status <> 'open';

-- Every contact reveal, written in the same transaction as the answer that shows the number.
-- One row per (post, viewer): revealing the same post again shows the number without counting twice.
CREATE TABLE contact_reveals (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  post_id uuid NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
  viewer_id uuid REFERENCES users (id) ON DELETE SET NULL,
  ip_hash text NOT NULL,
  via text NOT NULL CHECK (via IN ('direct', 'privacy_number')),
  created_at timestamptz NOT NULL,
  UNIQUE (post_id, viewer_id)
);
CREATE INDEX contact_reveals_viewer_idx ON contact_reveals (viewer_id, created_at);
CREATE INDEX contact_reveals_ip_idx ON contact_reveals (ip_hash, created_at);

-- Privacy-number bindings (AXB) live as long as the post; the middle number is encrypted like a phone.
CREATE TABLE privacy_bindings (
  post_id uuid NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
  viewer_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  binding_id text NOT NULL,
  middle_number_enc text NOT NULL,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (post_id, viewer_id)
);

-- "Message me in the app": one thread per (post, helper); neither side sees the other's number.
CREATE TABLE relay_threads (
  id uuid PRIMARY KEY,
  post_id uuid NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
  helper_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL,
  last_message_at timestamptz NOT NULL,
  UNIQUE (post_id, helper_id)
);
CREATE INDEX relay_threads_helper_idx ON relay_threads (helper_id, last_message_at DESC);

CREATE TABLE relay_messages (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  thread_id uuid NOT NULL REFERENCES relay_threads (id) ON DELETE CASCADE,
  sender_id uuid REFERENCES users (id) ON DELETE SET NULL,
  body text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX relay_messages_thread_idx ON relay_messages (thread_id, id);

ALTER TABLE sms_codes ADD COLUMN ip_hash text;
CREATE INDEX sms_codes_ip_idx ON sms_codes (ip_hash, created_at);
