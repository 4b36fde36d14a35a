-- Pharmacies (issue 12, first slice): an approved partner of type pharmacy, its pharmacists, stock
-- statuses per catalogue item, and reservations for pickup (到店自提). Delivery, payment, members
-- and coupons come later: a reservation names how it is fulfilled and paid, so they can be added
-- as new values and tables beside these.

CREATE TABLE pharmacies (
  partner_id uuid PRIMARY KEY REFERENCES partners (id) ON DELETE CASCADE,
  -- 统一社会信用代码 (GB 32100-2015) and 药品经营许可证编号, checked before an admin decides.
  credit_code char(18) NOT NULL UNIQUE,
  licence_number text NOT NULL UNIQUE,
  address text NOT NULL,
  -- WGS-84, like posts; a pharmacy is a business, so its point is public as it is.
  lat double precision NOT NULL,
  lng double precision NOT NULL,
  cell integer NOT NULL,
  province_code char(6) NOT NULL,
  city_code char(6) NOT NULL,
  district_code char(6) NOT NULL,
  -- Seven days, Monday first, each a list of {open, close} in China time.
  hours jsonb NOT NULL,
  services text[] NOT NULL DEFAULT '{}',
  pickup_window_hours integer NOT NULL DEFAULT 24 CHECK (pickup_window_hours BETWEEN 1 AND 72),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
-- "Pharmacies near me": the cells covering the circle, then the exact distance (see geo.ts).
CREATE INDEX pharmacies_cell_idx ON pharmacies (cell);

CREATE TABLE pharmacists (
  partner_id uuid NOT NULL REFERENCES pharmacies (partner_id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- 执业药师注册证编号
  certificate_number text NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (partner_id, user_id)
);

CREATE TABLE pharmacy_stock (
  partner_id uuid NOT NULL REFERENCES pharmacies (partner_id) ON DELETE CASCADE,
  medicine_id text NOT NULL REFERENCES medicines (id),
  status text NOT NULL CHECK (status IN ('in_stock', 'low', 'out')),
  -- Units held for reservations; a reservation takes them with a conditional update, so the figure
  -- never goes below zero however many residents reserve at once.
  reservable integer NOT NULL DEFAULT 0 CHECK (reservable >= 0),
  -- Per person per day at this pharmacy; NULL = the catalogue's cap.
  per_person_limit integer CHECK (per_person_limit > 0),
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (partner_id, medicine_id)
);
-- "Nearby pharmacies that have X".
CREATE INDEX pharmacy_stock_medicine_idx ON pharmacy_stock (medicine_id, partner_id);

CREATE TABLE pharmacy_reservations (
  id uuid PRIMARY KEY,
  partner_id uuid NOT NULL REFERENCES pharmacies (partner_id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  status text NOT NULL CHECK (status IN
    ('requested', 'confirmed', 'ready', 'picked_up', 'declined', 'cancelled', 'no_show')),
  fulfilment text NOT NULL DEFAULT 'pickup' CHECK (fulfilment IN ('pickup')),
  payment text NOT NULL DEFAULT 'pay_at_pickup' CHECK (payment IN ('pay_at_pickup')),
  pickup_code char(6) NOT NULL,
  pickup_by timestamptz NOT NULL,
  -- The China date the reservation was made on: per-person limits count per pharmacy per day.
  day date NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
-- A code names one open reservation anywhere, so a code typed at the wrong pharmacy is recognised.
CREATE UNIQUE INDEX pharmacy_reservations_code_idx ON pharmacy_reservations (pickup_code)
  WHERE status IN ('requested', 'confirmed', 'ready');
CREATE INDEX pharmacy_reservations_person_idx ON pharmacy_reservations (user_id, partner_id, day);
CREATE INDEX pharmacy_reservations_queue_idx ON pharmacy_reservations (partner_id, status, created_at);

CREATE TABLE pharmacy_reservation_items (
  reservation_id uuid NOT NULL REFERENCES pharmacy_reservations (id) ON DELETE CASCADE,
  medicine_id text NOT NULL REFERENCES medicines (id),
  quantity integer NOT NULL CHECK (quantity > 0),
  PRIMARY KEY (reservation_id, medicine_id)
);
