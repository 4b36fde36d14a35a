-- Community operations, part 2 (issue 14): live doctor Q&A sessions (直播答疑) with registration,
-- a reminder, questions collected beforehand with up-votes and a moderated live queue; surveys
-- (a session's feedback survey is one of them); the residents' general feedback form (反馈建议).
-- Operators are members of an institution partner; every row names the partner it belongs to.

CREATE TABLE live_sessions (
  id uuid PRIMARY KEY,
  partner_id uuid NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
  title text NOT NULL,
  description text NOT NULL DEFAULT '',
  -- The doctor as the institution entered them (a public figure of the session, not a user).
  doctor_name text NOT NULL,
  doctor_title text NOT NULL,
  doctor_hospital text NOT NULL,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL CHECK (ends_at > starts_at),
  stream_url text NOT NULL,
  embed_url text,
  replay_url text,
  cancelled_at timestamptz,
  -- Set in the transaction that queues the reminders: a restart never sends them twice.
  reminded_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX live_sessions_starts_idx ON live_sessions (starts_at);
CREATE INDEX live_sessions_partner_idx ON live_sessions (partner_id, starts_at DESC);
-- The reminder job's look-up: sessions not yet reminded, by start.
CREATE INDEX live_sessions_remind_idx ON live_sessions (starts_at)
  WHERE reminded_at IS NULL AND cancelled_at IS NULL;

CREATE TABLE live_registrations (
  session_id uuid NOT NULL REFERENCES live_sessions (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  remind boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (session_id, user_id)
);

-- Attended = opened the live page while the session was on (once per person).
CREATE TABLE live_attendance (
  session_id uuid NOT NULL REFERENCES live_sessions (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  first_seen_at timestamptz NOT NULL,
  PRIMARY KEY (session_id, user_id)
);

CREATE TABLE live_questions (
  id uuid PRIMARY KEY,
  session_id uuid NOT NULL REFERENCES live_sessions (id) ON DELETE CASCADE,
  -- Kept so the asker sees "mine"; a deleted account leaves the question without an author.
  user_id uuid REFERENCES users (id) ON DELETE SET NULL,
  body text NOT NULL CHECK (char_length(body) <= 300),
  asked_live boolean NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'approved', 'answered', 'hidden')),
  answer text,
  votes integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX live_questions_session_idx ON live_questions (session_id, status, votes DESC);

CREATE TABLE live_question_votes (
  question_id uuid NOT NULL REFERENCES live_questions (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (question_id, user_id)
);

CREATE TABLE surveys (
  id uuid PRIMARY KEY,
  partner_id uuid NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
  session_id uuid REFERENCES live_sessions (id) ON DELETE SET NULL,
  title text NOT NULL,
  intro text NOT NULL DEFAULT '',
  -- [{id, kind, label, options, required}]: fixed once the survey opens.
  questions jsonb NOT NULL,
  status text NOT NULL CHECK (status IN ('draft', 'open', 'closed')),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX surveys_partner_idx ON surveys (partner_id, created_at DESC);
CREATE INDEX surveys_session_idx ON surveys (session_id) WHERE session_id IS NOT NULL;

CREATE TABLE survey_responses (
  id uuid PRIMARY KEY,
  survey_id uuid NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
  user_id uuid REFERENCES users (id) ON DELETE SET NULL,
  answers jsonb NOT NULL,
  -- The respondent agreed that the institution sees their phone number beside the answers.
  share_contact boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL
);
-- One answer per person.
CREATE UNIQUE INDEX survey_responses_once_idx ON survey_responses (survey_id, user_id);

CREATE TABLE feedback (
  id uuid PRIMARY KEY,
  user_id uuid REFERENCES users (id) ON DELETE SET NULL,
  category text NOT NULL CHECK (category IN ('suggestion', 'problem', 'praise', 'other')),
  body text NOT NULL,
  status text NOT NULL CHECK (status IN ('new', 'read', 'answered')),
  reply text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX feedback_status_idx ON feedback (status, created_at DESC);
CREATE INDEX feedback_user_idx ON feedback (user_id, created_at DESC);
