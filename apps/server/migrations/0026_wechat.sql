-- WeChat (issue 15): identities linked to a phone account, WeChat users waiting to bind a phone, and
-- the one-time tickets that open the H5 app logged in inside the mini program's web-view.

-- One row per WeChat app a person used: the openid is per app (mini program, official account); the
-- unionid is the same across the apps of one WeChat open-platform account. An openid belongs to one
-- account, and an account has at most one openid per app. users.wechat_openid (0011) stays the
-- mini program's openid for subscribe messages and is kept in step by the wechat module.
CREATE TABLE wechat_identities (
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  app_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('miniprogram', 'official')),
  openid text NOT NULL,
  unionid text,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (user_id, app_id),
  UNIQUE (app_id, openid)
);
CREATE INDEX wechat_identities_unionid_idx ON wechat_identities (unionid) WHERE unionid IS NOT NULL;

-- A WeChat user we know by a code but who has no account yet: they bind a phone (getPhoneNumber or
-- an SMS code) within 10 minutes. Only the SHA-256 of the bind token is stored.
CREATE TABLE wechat_pending (
  token_hash text PRIMARY KEY,
  app_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('miniprogram', 'official')),
  openid text NOT NULL,
  unionid text,
  expires_at timestamptz NOT NULL
);
CREATE INDEX wechat_pending_expires_idx ON wechat_pending (expires_at);

-- The mini program's web-view opens the H5 app with a ticket: valid 60 s, used once, stored hashed.
CREATE TABLE web_tickets (
  ticket_hash text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
CREATE INDEX web_tickets_expires_idx ON web_tickets (expires_at);
