-- Community operations, part 1 (issue 14): an institution's groups (社群) by neighbourhood or topic,
-- their members, pinned announcements (optionally mirrored into a WeCom group by its robot); the
-- content library with review (draft → reviewed by a doctor or pharmacist → published) and the
-- content calendar that sends a published article into a group at a set time, once.

-- Which institution members may review articles, and as what. A member of the partner first
-- (partners own membership); the profession is the community module's own fact about them.
CREATE TABLE community_reviewers (
  partner_id uuid NOT NULL,
  user_id uuid NOT NULL,
  profession text NOT NULL CHECK (profession IN ('doctor', 'pharmacist')),
  created_at timestamptz NOT NULL,
  PRIMARY KEY (partner_id, user_id),
  FOREIGN KEY (partner_id, user_id) REFERENCES partner_members (partner_id, user_id) ON DELETE CASCADE
);

CREATE TABLE community_groups (
  id uuid PRIMARY KEY,
  partner_id uuid NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
  name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 40),
  kind text NOT NULL CHECK (kind IN ('neighbourhood', 'topic')),
  description text NOT NULL DEFAULT '',
  rules text NOT NULL DEFAULT '',
  -- The join link's secret part: knowing the group id alone does not let anyone in.
  join_token text NOT NULL UNIQUE,
  -- The WeCom group robot's webhook key, encrypted like phone numbers (it is the robot's credential).
  wecom_robot_key_enc text,
  archived_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX community_groups_partner_idx ON community_groups (partner_id, created_at DESC);

CREATE TABLE community_group_members (
  group_id uuid NOT NULL REFERENCES community_groups (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- What the member calls themselves here; the operators see it only if show_name (consent).
  nickname text,
  show_name boolean NOT NULL DEFAULT false,
  joined_at timestamptz NOT NULL,
  PRIMARY KEY (group_id, user_id)
);
CREATE INDEX community_group_members_user_idx ON community_group_members (user_id);

CREATE TABLE community_announcements (
  id uuid PRIMARY KEY,
  group_id uuid NOT NULL REFERENCES community_groups (id) ON DELETE CASCADE,
  body text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 2000),
  pinned boolean NOT NULL DEFAULT false,
  author_id uuid REFERENCES users (id) ON DELETE SET NULL,
  -- null: not mirrored; otherwise how the WeCom robot answered ('sent', 'key_refused', …).
  wecom_status text,
  created_at timestamptz NOT NULL
);
CREATE INDEX community_announcements_group_idx ON community_announcements (group_id, pinned DESC, created_at DESC);

CREATE TABLE community_articles (
  id uuid PRIMARY KEY,
  partner_id uuid NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('medicine_guidance', 'faq', 'disease', 'vaccine')),
  title text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 80),
  summary text NOT NULL DEFAULT '',
  body_md text NOT NULL,
  tags text[] NOT NULL DEFAULT '{}',
  cover_url text,
  status text NOT NULL CHECK (status IN ('draft', 'reviewed', 'published')),
  author_id uuid REFERENCES users (id) ON DELETE SET NULL,
  reviewer_id uuid REFERENCES users (id) ON DELETE SET NULL,
  reviewer_profession text CHECK (reviewer_profession IN ('doctor', 'pharmacist')),
  reviewed_at timestamptz,
  published_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX community_articles_partner_idx ON community_articles (partner_id, updated_at DESC);

-- The content calendar: an article into a group at a time. sent_at is set in the transaction that
-- queues the members' notifications, so a restart never sends one twice and a missed one goes once.
CREATE TABLE community_schedule (
  id uuid PRIMARY KEY,
  group_id uuid NOT NULL REFERENCES community_groups (id) ON DELETE CASCADE,
  article_id uuid NOT NULL REFERENCES community_articles (id) ON DELETE CASCADE,
  send_at timestamptz NOT NULL,
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL,
  sent_at timestamptz,
  recipients integer,
  cancelled_at timestamptz
);
CREATE INDEX community_schedule_group_idx ON community_schedule (group_id, send_at);
CREATE INDEX community_schedule_due_idx ON community_schedule (send_at)
  WHERE sent_at IS NULL AND cancelled_at IS NULL;
