-- Community quizzes (答题活动, issue 14): an institution's question banks, quizzes that draw N
-- questions from a bank within a time window, one attempt per verified person, and a reward pool that
-- grows in tiers with the number of participants, settled once when the window closes.
-- Rewards are institution points in a ledger keyed by (institution, operation id): a settlement that
-- runs twice (a restart, a second process) credits each person once.

CREATE TABLE quiz_banks (
  id uuid PRIMARY KEY,
  partner_id uuid NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
  title text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX quiz_banks_partner_idx ON quiz_banks (partner_id, created_at DESC);

-- Questions are only added, never edited: an attempt names the questions it drew.
CREATE TABLE quiz_questions (
  id uuid PRIMARY KEY,
  bank_id uuid NOT NULL REFERENCES quiz_banks (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('single', 'multiple')),
  prompt text NOT NULL,
  -- ["option", …] and the indexes of the correct ones, sorted: never sent before submission.
  options jsonb NOT NULL,
  correct jsonb NOT NULL,
  explanation text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL
);
CREATE INDEX quiz_questions_bank_idx ON quiz_questions (bank_id, created_at);

CREATE TABLE quizzes (
  id uuid PRIMARY KEY,
  partner_id uuid NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
  bank_id uuid NOT NULL REFERENCES quiz_banks (id),
  -- Only this group's members may enter; NULL = any verified resident. Deleted with its group: a
  -- group's quiz must never turn into a public one.
  group_id uuid REFERENCES community_groups (id) ON DELETE CASCADE,
  title text NOT NULL,
  intro text NOT NULL DEFAULT '',
  question_count integer NOT NULL CHECK (question_count BETWEEN 1 AND 50),
  opens_at timestamptz NOT NULL,
  closes_at timestamptz NOT NULL CHECK (closes_at > opens_at),
  time_limit_seconds integer NOT NULL CHECK (time_limit_seconds BETWEEN 30 AND 7200),
  -- [{participants, pool}], participants strictly increasing.
  tiers jsonb NOT NULL,
  reward_kind text NOT NULL CHECK (reward_kind IN ('points')),
  created_at timestamptz NOT NULL,
  -- Set in the transaction that credits the rewards: a quiz is settled once.
  settled_at timestamptz,
  participants integer,
  pool integer,
  winners integer,
  share integer,
  remainder integer
);
CREATE INDEX quizzes_partner_idx ON quizzes (partner_id, opens_at DESC);
CREATE INDEX quizzes_open_idx ON quizzes (closes_at, opens_at);
-- The settlement job's look-up: closed and not yet settled.
CREATE INDEX quizzes_unsettled_idx ON quizzes (closes_at) WHERE settled_at IS NULL;

CREATE TABLE quiz_attempts (
  id uuid PRIMARY KEY,
  quiz_id uuid NOT NULL REFERENCES quizzes (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- The person: the account's identity hash (one identity holds one account; this keeps one entry
  -- per person even if the identity is ever linked to another account). Deleted with the account.
  person_key text NOT NULL,
  question_ids jsonb NOT NULL,
  started_at timestamptz NOT NULL,
  deadline_at timestamptz NOT NULL,
  submitted_at timestamptz,
  answers jsonb,
  correct_count integer,
  all_correct boolean,
  -- Written by the settlement: the points this person won (0 for none).
  reward integer,
  UNIQUE (quiz_id, person_key)
);
CREATE INDEX quiz_attempts_user_idx ON quiz_attempts (user_id, started_at DESC);
CREATE INDEX quiz_attempts_winners_idx ON quiz_attempts (quiz_id, submitted_at, id) WHERE all_correct;

-- An institution's points for its residents (a pharmacy's member points live in pharmacy_points).
CREATE TABLE community_points (
  id uuid PRIMARY KEY,
  partner_id uuid NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- 'quiz:<quiz id>:<attempt id>' (an attempt is one per quiz and person): credited once, whatever retries.
  operation_id text NOT NULL,
  delta integer NOT NULL CHECK (delta <> 0),
  reason text NOT NULL,
  created_at timestamptz NOT NULL,
  UNIQUE (partner_id, operation_id)
);
CREATE INDEX community_points_user_idx ON community_points (user_id, created_at DESC);
