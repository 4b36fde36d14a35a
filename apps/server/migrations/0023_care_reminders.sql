-- Care, part 2 (issue 13): dose reminders as scheduled jobs in the database, their doses, family
-- caregivers; pharmacist consultations, their messages, pharmacies' consultation settings and
-- answer templates. The health record and its grants are part 1's (health_grants).

CREATE TABLE care_reminders (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- A catalogue item, or a typed name (encrypted: which medicine someone takes is health data).
  medicine_id text REFERENCES medicines (id),
  medicine_name_enc text,
  CHECK ((medicine_id IS NULL) <> (medicine_name_enc IS NULL)),
  dose_units integer NOT NULL CHECK (dose_units BETWEEN 1 AND 50),
  -- 'HH:MM' in China time (Asia/Shanghai); the recurrence is computed with croner.
  times text[] NOT NULL,
  meal text NOT NULL CHECK (meal IN ('any', 'before', 'with', 'after')),
  starts_on date NOT NULL,
  ends_on date NOT NULL CHECK (ends_on >= starts_on),
  quantity_left integer CHECK (quantity_left >= 0),
  refill_at integer CHECK (refill_at >= 0),
  -- Set when the refill notice went out; cleared when the quantity is topped up.
  refill_noticed boolean NOT NULL DEFAULT false,
  status text NOT NULL CHECK (status IN ('active', 'paused', 'ended')),
  -- The next occurrence to send; NULL once the course is over or while paused. The scheduler's
  -- whole work is this index: the rows due now, nothing else.
  next_due_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX care_reminders_due_idx ON care_reminders (next_due_at) WHERE next_due_at IS NOT NULL;
CREATE INDEX care_reminders_user_idx ON care_reminders (user_id, created_at);

-- One row per occurrence that came due: its primary key is what makes a dose sent once, whichever
-- process (or restart) found it.
CREATE TABLE care_reminder_doses (
  reminder_id uuid NOT NULL REFERENCES care_reminders (id) ON DELETE CASCADE,
  due_at timestamptz NOT NULL,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- The China date of due_at: the adherence chart's day.
  day date NOT NULL,
  status text NOT NULL CHECK (status IN ('sent', 'snoozed', 'taken', 'skipped', 'missed')),
  late boolean NOT NULL DEFAULT false,
  snoozed_until timestamptz,
  answered_at timestamptz,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (reminder_id, due_at)
);
CREATE INDEX care_reminder_doses_user_day_idx ON care_reminder_doses (user_id, day);
-- What the scheduler looks at after the due reminders: snoozes that ring again, doses left unanswered.
CREATE INDEX care_reminder_doses_open_idx ON care_reminder_doses (due_at)
  WHERE status IN ('sent', 'snoozed');

-- A family caregiver: added by the person (their consent), accepted by the caregiver; told about
-- missed doses only.
CREATE TABLE care_caregivers (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  caregiver_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  status text NOT NULL CHECK (status IN ('invited', 'accepted')),
  created_at timestamptz NOT NULL,
  accepted_at timestamptz,
  UNIQUE (user_id, caregiver_id)
);
CREATE INDEX care_caregivers_caregiver_idx ON care_caregivers (caregiver_id);

-- A pharmacy's part in consultations: whether it joins the on-duty pool, and the first-response
-- time it promises.
CREATE TABLE care_consultation_settings (
  partner_id uuid PRIMARY KEY REFERENCES pharmacies (partner_id) ON DELETE CASCADE,
  on_duty boolean NOT NULL,
  response_minutes integer NOT NULL CHECK (response_minutes BETWEEN 5 AND 1440),
  updated_at timestamptz NOT NULL
);

CREATE TABLE care_consultations (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- NULL while a pool question is unclaimed; the first on-duty pharmacy to answer takes it.
  partner_id uuid REFERENCES pharmacies (partner_id) ON DELETE CASCADE,
  pool boolean NOT NULL,
  -- The pharmacist it was handed to; NULL = anyone at the pharmacy.
  pharmacist_id uuid REFERENCES users (id) ON DELETE SET NULL,
  status text NOT NULL CHECK (status IN ('open', 'answered', 'closed')),
  question_enc text NOT NULL,
  shared_parts text[] NOT NULL DEFAULT '{}',
  red_flags text[] NOT NULL DEFAULT '{}',
  promised_minutes integer NOT NULL,
  first_response_at timestamptz,
  rating integer CHECK (rating BETWEEN 1 AND 5),
  created_at timestamptz NOT NULL,
  closed_at timestamptz
);
CREATE INDEX care_consultations_user_idx ON care_consultations (user_id, created_at);
CREATE INDEX care_consultations_queue_idx ON care_consultations (partner_id, created_at)
  WHERE status <> 'closed';

CREATE TABLE care_consultation_messages (
  id uuid PRIMARY KEY,
  consultation_id uuid NOT NULL REFERENCES care_consultations (id) ON DELETE CASCADE,
  author_id uuid REFERENCES users (id) ON DELETE SET NULL,
  from_role text NOT NULL CHECK (from_role IN ('resident', 'pharmacist')),
  body_enc text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX care_consultation_messages_idx ON care_consultation_messages (consultation_id, created_at);

CREATE TABLE care_answer_templates (
  id uuid PRIMARY KEY,
  partner_id uuid NOT NULL REFERENCES pharmacies (partner_id) ON DELETE CASCADE,
  title text NOT NULL,
  body text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX care_answer_templates_idx ON care_answer_templates (partner_id, created_at);
