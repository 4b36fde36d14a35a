-- Attribution for partners' deep links (?ref=): how many times the square was opened through them,
-- per China day. Counts only; nothing about who opened it.
CREATE TABLE partner_link_visits (
  partner_id uuid NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
  day date NOT NULL,
  visits integer NOT NULL,
  PRIMARY KEY (partner_id, day)
);
