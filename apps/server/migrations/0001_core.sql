-- MedRelay core schema: accounts, one-time codes, sessions, catalogue, posts and their feed rows.
-- Valid on PostgreSQL 15 and on PGlite (PostgreSQL 18); no extensions needed.

CREATE TABLE users (
  id uuid PRIMARY KEY,
  -- Phone numbers are personal data: a keyed hash for look-ups, AES-GCM ciphertext, and a masked form.
  phone_hash text NOT NULL UNIQUE,
  phone_enc text NOT NULL,
  phone_masked text NOT NULL,
  is_demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL
);

CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE sms_codes (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  phone_hash text NOT NULL,
  code_hash text NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  consumed_at timestamptz
);
CREATE INDEX sms_codes_phone_idx ON sms_codes (phone_hash, created_at DESC);

-- Loaded from the versioned catalogue file at start-up; rows are never deleted so old posts keep
-- their items when an entry leaves the catalogue (active = false).
CREATE TABLE medicines (
  id text PRIMARY KEY,
  category text NOT NULL,
  name_zh text NOT NULL,
  name_en text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  catalog_version text NOT NULL
);

CREATE TABLE posts (
  id uuid PRIMARY KEY,
  user_id uuid REFERENCES users (id) ON DELETE SET NULL,
  kind text NOT NULL CHECK (kind IN ('need', 'offer')),
  status text NOT NULL CHECK (status IN ('open', 'resolved', 'expired', 'deleted')),
  lat double precision NOT NULL,
  lng double precision NOT NULL,
  -- 0.05-degree grid cell of (lat, lng): the nearest-first query covers its circle with these cells.
  cell integer NOT NULL,
  province_code char(6) NOT NULL,
  city_code char(6) NOT NULL,
  district_code char(6) NOT NULL,
  for_whom text NOT NULL CHECK (for_whom IN ('self', 'family', 'other')),
  flags smallint NOT NULL DEFAULT 0,
  note text,
  contact_phone_enc text,
  contact_phone_masked text,
  categories text[] NOT NULL,
  is_demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  closed_at timestamptz,
  renew_count integer NOT NULL DEFAULT 0
);
CREATE INDEX posts_open_near_idx ON posts (kind, cell) INCLUDE (lat, lng, created_at, expires_at)
  WHERE status = 'open';
CREATE INDEX posts_open_time_idx ON posts (kind, created_at DESC, id DESC) WHERE status = 'open';
CREATE INDEX posts_open_province_idx ON posts (province_code, kind, created_at DESC, id DESC) WHERE status = 'open';
CREATE INDEX posts_open_city_idx ON posts (city_code, kind, created_at DESC, id DESC) WHERE status = 'open';
CREATE INDEX posts_open_district_idx ON posts (district_code, kind, created_at DESC, id DESC) WHERE status = 'open';
CREATE INDEX posts_open_expiry_idx ON posts (expires_at) WHERE status = 'open';
CREATE INDEX posts_user_idx ON posts (user_id, created_at DESC);
CREATE INDEX posts_city_stats_idx ON posts (kind, city_code);

-- One row per item of a post, carrying the filter columns next to the location (DESIGN.md "Geo"):
-- the feed's hot query, "nearest open needs for medicine X", reads only this index.
CREATE TABLE post_items (
  post_id uuid NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
  medicine_id text NOT NULL REFERENCES medicines (id),
  position smallint NOT NULL,
  quantity integer NOT NULL CHECK (quantity > 0),
  expires_on date,
  unopened boolean,
  category text NOT NULL,
  kind text NOT NULL,
  status text NOT NULL,
  lat double precision NOT NULL,
  lng double precision NOT NULL,
  cell integer NOT NULL,
  province_code char(6) NOT NULL,
  city_code char(6) NOT NULL,
  district_code char(6) NOT NULL,
  flags smallint NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (post_id, medicine_id)
);
CREATE INDEX post_items_open_near_idx ON post_items (medicine_id, kind, cell)
  INCLUDE (lat, lng, post_id, created_at, expires_at) WHERE status = 'open';
CREATE INDEX post_items_open_time_idx ON post_items (medicine_id, kind, created_at DESC, post_id DESC)
  WHERE status = 'open';
CREATE INDEX post_items_stats_idx ON post_items (kind, medicine_id);

-- A retried POST /posts with the same key returns the first answer instead of a second post.
CREATE TABLE idempotency_keys (
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  key text NOT NULL,
  request_hash text NOT NULL,
  post_id uuid NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (user_id, key)
);
