-- Community operations, segments (issue 14): tags on an institution's members, audiences built from
-- them, messages sent to an audience through notifications, and what residents said about receiving
-- them (an opt-out per institution; a separate, default-off consent to marketing content).

-- A tag is manual (operators add and remove members) or a rule evaluated on demand (joined a group,
-- registered for or attended a live session, member of the institution's pharmacy, a condition from a
-- consented health-record share). The rule is stored as JSON, checked by the contracts' schema.
CREATE TABLE community_tags (
  id uuid PRIMARY KEY,
  partner_id uuid NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
  name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 30),
  rule jsonb,
  created_by uuid,
  created_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX community_tags_name_idx ON community_tags (partner_id, name);

CREATE TABLE community_tag_members (
  tag_id uuid NOT NULL REFERENCES community_tags (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  added_by uuid,
  added_at timestamptz NOT NULL,
  PRIMARY KEY (tag_id, user_id)
);

-- Every send, with who sent it, the audience as defined, and what happened to each person counted:
-- reached (an inbox row), or skipped by the resident's opt-out, by a missing marketing consent, or by
-- the daily cap on institution messages. Recipients are not listed here: the inbox holds that.
CREATE TABLE community_audience_sends (
  id uuid PRIMARY KEY,
  partner_id uuid NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
  sender_id uuid,
  audience jsonb NOT NULL,
  -- The audience's canonical form (sorted tags, match, region), for "one send per audience per N hours".
  audience_key text NOT NULL,
  title text NOT NULL,
  body text NOT NULL,
  marketing boolean NOT NULL,
  matched integer NOT NULL,
  reached integer NOT NULL,
  skipped_opt_out integer NOT NULL,
  skipped_consent integer NOT NULL,
  skipped_cap integer NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX community_audience_sends_partner_idx ON community_audience_sends (partner_id, created_at DESC);
CREATE INDEX community_audience_sends_key_idx ON community_audience_sends (partner_id, audience_key, created_at DESC);

-- One row per resident per institution they stopped (one tap on a message, or the settings page).
CREATE TABLE institution_message_optouts (
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  partner_id uuid NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (user_id, partner_id)
);

-- Marketing content (offers, coupons, promotions) needs its own consent (PIPL art. 24; the
-- Advertising Law art. 43): off unless the resident turned it on.
CREATE TABLE marketing_consents (
  user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  consented_at timestamptz NOT NULL
);
