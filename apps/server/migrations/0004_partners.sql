-- Open platform: partner institutions, their members, API keys, webhooks fed by a transactional outbox.

CREATE TABLE partners (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  type text NOT NULL CHECK (type IN ('government', 'hospital', 'pharmacy', 'media', 'other')),
  contact_name_masked text NOT NULL,
  contact_phone_enc text NOT NULL,
  contact_phone_masked text NOT NULL,
  -- GB/T 2260 codes (province, city or district) the partner serves; assisted posts must fall inside.
  region_codes text[] NOT NULL,
  -- Origins allowed to frame the embedded square (CSP frame-ancestors) and to use publishable keys.
  allowed_origins text[] NOT NULL DEFAULT '{}',
  status text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'suspended')),
  created_at timestamptz NOT NULL,
  decided_at timestamptz,
  decided_by uuid REFERENCES users (id) ON DELETE SET NULL
);

CREATE TABLE partner_members (
  partner_id uuid NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('owner', 'developer', 'viewer')),
  created_at timestamptz NOT NULL,
  PRIMARY KEY (partner_id, user_id)
);
CREATE INDEX partner_members_user_idx ON partner_members (user_id);

-- Secret keys are shown once and stored only as a SHA-256 hash; the prefix lets people recognise them.
CREATE TABLE api_keys (
  id uuid PRIMARY KEY,
  partner_id uuid NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('secret', 'publishable')),
  name text NOT NULL,
  prefix text NOT NULL,
  key_hash text NOT NULL UNIQUE,
  scopes text[] NOT NULL,
  per_minute integer NOT NULL,
  per_day integer NOT NULL,
  created_at timestamptz NOT NULL,
  revoked_at timestamptz,
  last_used_at timestamptz,
  replaced_by uuid REFERENCES api_keys (id)
);
CREATE INDEX api_keys_partner_idx ON api_keys (partner_id);

CREATE TABLE api_key_usage (
  key_id uuid NOT NULL REFERENCES api_keys (id) ON DELETE CASCADE,
  day date NOT NULL,
  count integer NOT NULL,
  PRIMARY KEY (key_id, day)
);

-- How consent was given when it was not the resident's own tap (an assisting institution records it).
ALTER TABLE consents ADD COLUMN details jsonb;

-- Posts a partner published for a resident without a smartphone.
ALTER TABLE posts ADD COLUMN assisted_by uuid REFERENCES partners (id) ON DELETE SET NULL;
-- Shown on the post as the assisting institution (kept if the partner is later removed).
ALTER TABLE posts ADD COLUMN assisted_by_name text;

-- Events are written in the same transaction as the change they describe, so none is lost between the
-- write and its delivery; a dispatcher turns them into deliveries (FOR UPDATE SKIP LOCKED).
CREATE TABLE outbox (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  topic text NOT NULL,
  payload jsonb NOT NULL,
  region_codes text[] NOT NULL,
  created_at timestamptz NOT NULL,
  dispatched_at timestamptz
);
CREATE INDEX outbox_pending_idx ON outbox (id) WHERE dispatched_at IS NULL;

CREATE TABLE webhook_subscriptions (
  id uuid PRIMARY KEY,
  partner_id uuid NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
  url text NOT NULL,
  secret_enc text NOT NULL,
  events text[] NOT NULL,
  region_codes text[] NOT NULL,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL
);
CREATE INDEX webhook_subscriptions_partner_idx ON webhook_subscriptions (partner_id);

CREATE TABLE webhook_deliveries (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  subscription_id uuid NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
  event_id bigint NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
  status text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  last_status integer,
  last_latency_ms integer,
  last_error text,
  created_at timestamptz NOT NULL,
  delivered_at timestamptz,
  UNIQUE (subscription_id, event_id)
);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';

CREATE TABLE webhook_attempts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  delivery_id bigint NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
  attempt integer NOT NULL,
  status integer,
  latency_ms integer NOT NULL,
  error text,
  at timestamptz NOT NULL
);
CREATE INDEX webhook_attempts_delivery_idx ON webhook_attempts (delivery_id);
