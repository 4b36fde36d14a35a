-- Demand spikes: needs per city in the last hour against that city's hourly rate over the day
-- before. The detector scans a 25-hour window of needs, so it needs an index on creation time that
-- covers every status (the feed's indexes hold open posts only).
CREATE INDEX posts_needs_created_idx ON posts (created_at, city_code) WHERE kind = 'need' AND NOT is_demo;

-- One row per city: when it last spiked. The conditional upsert on this row is what keeps two
-- server processes from announcing the same spike twice.
CREATE TABLE demand_spike_marks (
  city_code text PRIMARY KEY,
  last_spike_at timestamptz NOT NULL
);
