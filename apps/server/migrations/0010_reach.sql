-- Reaching people (matches, alerts, notifications, the live square).

-- "Tell me when someone within 3 km offers ibuprofen": kind is the kind of post to be told about.
-- A new post finds its alerts by (medicine or category, kind) and a latitude band as wide as the
-- largest radius (an index-only range scan; longitude, radius and expiry are read from the index),
-- then checks the exact distance.
CREATE TABLE alerts (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('need', 'offer')),
  medicine_id text,
  category text,
  lat double precision NOT NULL,
  lng double precision NOT NULL,
  radius_km smallint NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  CHECK ((medicine_id IS NULL) <> (category IS NULL))
);
CREATE INDEX alerts_medicine_idx ON alerts (medicine_id, kind, lat) INCLUDE (lng, radius_km, expires_at, user_id, id)
  WHERE medicine_id IS NOT NULL;
CREATE INDEX alerts_category_idx ON alerts (category, kind, lat) INCLUDE (lng, radius_km, expires_at, user_id, id)
  WHERE category IS NOT NULL;
CREATE INDEX alerts_user_idx ON alerts (user_id);

-- The inbox. One notification per event and person: (user_id, dedup_key) is unique, so a consumer
-- that runs an event twice (after a crash) cannot show it twice.
CREATE TABLE notifications (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  type text NOT NULL,
  dedup_key text NOT NULL,
  data jsonb NOT NULL,
  urgent boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL,
  read_at timestamptz,
  UNIQUE (user_id, dedup_key)
);
CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC, id DESC);
CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL;

CREATE TABLE notification_prefs (
  user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  prefs jsonb NOT NULL,
  updated_at timestamptz NOT NULL
);

-- One row per notification and outside channel (push, SMS, WeChat): the delivery job and its log.
-- A crash between sending and marking sends again; the channels carry the notification id so the
-- receiving side shows it once.
CREATE TABLE notification_deliveries (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  notification_id uuid NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  channel text NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'skipped')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  last_error text,
  created_at timestamptz NOT NULL,
  sent_at timestamptz,
  UNIQUE (notification_id, channel)
);
CREATE INDEX notification_deliveries_due_idx ON notification_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX notification_deliveries_cap_idx ON notification_deliveries (user_id, channel, sent_at) WHERE status = 'sent';

CREATE TABLE push_subscriptions (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  endpoint text NOT NULL UNIQUE,
  p256dh text NOT NULL,
  auth text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX push_subscriptions_user_idx ON push_subscriptions (user_id);

-- Event consumers other than the webhook dispatcher: each handles an outbox event once, recording a
-- receipt in the same transaction as what it did.
CREATE TABLE event_receipts (
  consumer text NOT NULL,
  event_id bigint NOT NULL,
  PRIMARY KEY (consumer, event_id)
);
CREATE TABLE event_cursors (
  consumer text PRIMARY KEY,
  last_id bigint NOT NULL
);
