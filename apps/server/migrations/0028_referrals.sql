-- Referral campaigns and invite leaderboards (邀请达人榜, issue 14). An institution runs a campaign;
-- each verified resident has a personal invite link; an invite counts only when the invitee is a
-- new account that passed real-name verification and completed the campaign's first action.
-- Self-invites, farms (many invites from one address or device in minutes) and invitees already
-- referred are held for the operator's review. Addresses and device ids are kept only as keyed
-- hashes (HMAC), never raw.

CREATE TABLE referral_campaigns (
  id uuid PRIMARY KEY,
  partner_id uuid NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
  name text NOT NULL CHECK (char_length(name) BETWEEN 2 AND 60),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL CHECK (ends_at > starts_at),
  closed_at timestamptz,
  first_action text NOT NULL CHECK (first_action IN ('join_group', 'first_post')),
  group_id uuid REFERENCES community_groups (id) ON DELETE SET NULL,
  -- Points per counted invite, credited to the inviter once; a medicine is never a prize.
  reward_points integer CHECK (reward_points > 0),
  farm_limit integer NOT NULL CHECK (farm_limit > 0),
  farm_window_minutes integer NOT NULL CHECK (farm_window_minutes > 0),
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX referral_campaigns_partner_idx ON referral_campaigns (partner_id, created_at DESC);
CREATE INDEX referral_campaigns_open_idx ON referral_campaigns (ends_at) WHERE closed_at IS NULL;

-- One personal link per inviter and campaign; the token is random, the ids alone open nothing.
CREATE TABLE referral_links (
  campaign_id uuid NOT NULL REFERENCES referral_campaigns (id) ON DELETE CASCADE,
  inviter_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  token text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (campaign_id, inviter_id)
);

CREATE TABLE referrals (
  id uuid PRIMARY KEY,
  campaign_id uuid NOT NULL REFERENCES referral_campaigns (id) ON DELETE CASCADE,
  inviter_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  invitee_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- HMAC of the claiming request's address and of the app's device id (farm detection).
  ip_hash text NOT NULL,
  device_hash text,
  claimed_at timestamptz NOT NULL,
  -- none: on the normal track; held: waiting for the operator; approved / rejected: decided.
  review text NOT NULL CHECK (review IN ('none', 'held', 'approved', 'rejected')),
  hold_reason text CHECK (hold_reason IN ('self_invite', 'address_farm', 'device_farm', 'already_referred')),
  reviewed_by uuid REFERENCES users (id) ON DELETE SET NULL,
  reviewed_at timestamptz,
  -- Set once, when verification and the first action are both done; the reward goes with it.
  counted_at timestamptz,
  UNIQUE (campaign_id, invitee_id)
);
-- A person is referred once: a second claim (another campaign's link) is kept as 'already_referred'.
CREATE UNIQUE INDEX referrals_invitee_once_idx ON referrals (invitee_id)
  WHERE hold_reason IS DISTINCT FROM 'already_referred';
CREATE INDEX referrals_ip_idx ON referrals (campaign_id, ip_hash, claimed_at);
CREATE INDEX referrals_device_idx ON referrals (campaign_id, device_hash, claimed_at)
  WHERE device_hash IS NOT NULL;
CREATE INDEX referrals_inviter_idx ON referrals (campaign_id, inviter_id) WHERE counted_at IS NOT NULL;
-- The counting pass looks only at invites not yet counted.
CREATE INDEX referrals_uncounted_idx ON referrals (campaign_id)
  WHERE counted_at IS NULL AND review IN ('none', 'approved');

-- The inviter's points, one row per counted invite: the primary key makes a credit happen once.
CREATE TABLE referral_rewards (
  referral_id uuid PRIMARY KEY REFERENCES referrals (id) ON DELETE CASCADE,
  campaign_id uuid NOT NULL REFERENCES referral_campaigns (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  points integer NOT NULL CHECK (points > 0),
  created_at timestamptz NOT NULL
);
CREATE INDEX referral_rewards_user_idx ON referral_rewards (user_id, campaign_id);
