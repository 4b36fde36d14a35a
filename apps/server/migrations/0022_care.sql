-- Care (issue 13), the health record side: a person's separate consent to keep health data, the
-- record's entries and measurements (values encrypted at rest, AES-256-GCM, in *_enc columns), the
-- grants by which a pharmacy may read parts of it, the audit of every such read, and a pharmacy's
-- chronic follow-up of people who shared. Reminders and consultations add their own tables.

-- PIPL art. 28–29: health data is sensitive; a separate, explicit consent comes before the first entry.
CREATE TABLE health_consents (
  user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  version text NOT NULL,
  consented_at timestamptz NOT NULL
);

-- Conditions, allergies, pregnancy/breastfeeding and current medicines: one row per entry; what the
-- entry says (which condition, which ingredient, which medicine) is only in value_enc.
CREATE TABLE health_entries (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  part text NOT NULL CHECK (part IN ('conditions', 'allergies', 'pregnancy', 'medicines')),
  value_enc text NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX health_entries_user_idx ON health_entries (user_id, part, created_at);

-- Temperature, SpO2, blood pressure, blood glucose. The kind and the time are plain (the chart
-- query needs them); the reading is ciphertext.
CREATE TABLE health_measurements (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('temperature', 'spo2', 'blood_pressure', 'blood_glucose')),
  measured_at timestamptz NOT NULL,
  value_enc text NOT NULL,
  created_at timestamptz NOT NULL
);
-- One person's chart of one kind over time.
CREATE INDEX health_measurements_chart_idx ON health_measurements (user_id, kind, measured_at);

-- A person lets one pharmacy read chosen parts of the record until expires_at (or a revocation).
-- consultation_id set: the grant serves that consultation only (the consultations table is the
-- reminders/consultations side's; no foreign key, so either side can be migrated alone).
CREATE TABLE health_grants (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  partner_id uuid NOT NULL REFERENCES pharmacies (partner_id) ON DELETE CASCADE,
  parts text[] NOT NULL CHECK (cardinality(parts) > 0 AND parts <@ ARRAY['conditions', 'allergies', 'pregnancy', 'medicines', 'measurements']::text[]),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  consultation_id uuid,
  created_at timestamptz NOT NULL
);
CREATE INDEX health_grants_user_idx ON health_grants (user_id, created_at);
CREATE INDEX health_grants_partner_idx ON health_grants (partner_id, expires_at);

-- Every read of someone's health data by another person: who, when, which part, under which grant.
CREATE TABLE health_reads (
  id bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY,
  grant_id uuid REFERENCES health_grants (id) ON DELETE SET NULL,
  subject_user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  reader_id uuid REFERENCES users (id) ON DELETE SET NULL,
  partner_id uuid REFERENCES pharmacies (partner_id) ON DELETE SET NULL,
  part text NOT NULL,
  purpose text NOT NULL,
  read_at timestamptz NOT NULL
);
CREATE INDEX health_reads_subject_idx ON health_reads (subject_user_id, read_at);

-- A pharmacy's chronic follow-up of one person who shared: contact every N days.
CREATE TABLE care_followups (
  partner_id uuid NOT NULL REFERENCES pharmacies (partner_id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  every_days integer NOT NULL CHECK (every_days BETWEEN 1 AND 365),
  next_due_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (partner_id, user_id)
);
CREATE INDEX care_followups_due_idx ON care_followups (partner_id, next_due_at);

-- A short note per contact, by the pharmacist who made it; the text is ciphertext.
CREATE TABLE care_contact_notes (
  id uuid PRIMARY KEY,
  partner_id uuid NOT NULL REFERENCES pharmacies (partner_id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  author_id uuid REFERENCES users (id) ON DELETE SET NULL,
  note_enc text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX care_contact_notes_idx ON care_contact_notes (partner_id, user_id, created_at);
