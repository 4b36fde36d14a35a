-- Pharmacies (issue 12): memberships (扫码即会员), the points ledger, coupons and their stock ledger.
-- Every balance here is a sum over a ledger; nothing holds an edited number. Each ledger entry
-- carries the operation id the client chose, unique per pharmacy (points) or per coupon (stock), so a
-- retry or a double tap is applied once.

-- A pharmacy's membership settings: points expire N months after they were given (NULL = never).
CREATE TABLE pharmacy_member_settings (
  partner_id uuid PRIMARY KEY REFERENCES pharmacies (partner_id) ON DELETE CASCADE,
  points_expire_months integer CHECK (points_expire_months BETWEEN 1 AND 60),
  updated_at timestamptz NOT NULL
);

CREATE TABLE pharmacy_members (
  partner_id uuid NOT NULL REFERENCES pharmacies (partner_id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- Shown at the till as a QR code and a barcode: 'M' and 9 digits, unique across pharmacies so a
  -- code scanned at the wrong pharmacy is recognised as another pharmacy's.
  member_code char(10) NOT NULL UNIQUE,
  joined_at timestamptz NOT NULL,
  PRIMARY KEY (partner_id, user_id)
);

CREATE TABLE pharmacy_points (
  id uuid PRIMARY KEY,
  -- Entry order within one clock tick (the history lists the newest first).
  seq bigint GENERATED ALWAYS AS IDENTITY,
  partner_id uuid NOT NULL,
  user_id uuid NOT NULL,
  operation_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('add', 'redeem', 'expire')),
  delta integer NOT NULL CHECK (delta <> 0),
  reason text NOT NULL,
  -- Points given ('add') stop counting at this time; NULL = never.
  expires_at timestamptz,
  created_at timestamptz NOT NULL,
  -- Leaving the membership deletes its points with it.
  FOREIGN KEY (partner_id, user_id) REFERENCES pharmacy_members (partner_id, user_id) ON DELETE CASCADE,
  UNIQUE (partner_id, operation_id)
);
CREATE INDEX pharmacy_points_member_idx ON pharmacy_points (partner_id, user_id, created_at);

CREATE TABLE pharmacy_coupons (
  id uuid PRIMARY KEY,
  partner_id uuid NOT NULL REFERENCES pharmacies (partner_id) ON DELETE CASCADE,
  title text NOT NULL,
  -- Money off at this pharmacy: a fixed amount in fen, or a percentage off. Never a free item.
  kind text NOT NULL CHECK (kind IN ('amount', 'percent')),
  amount_fen integer CHECK (amount_fen > 0),
  percent_off integer CHECK (percent_off BETWEEN 1 AND 90),
  min_spend_fen integer NOT NULL DEFAULT 0 CHECK (min_spend_fen >= 0),
  valid_from timestamptz NOT NULL,
  valid_until timestamptz NOT NULL,
  quantity integer NOT NULL CHECK (quantity > 0),
  per_person_limit integer NOT NULL DEFAULT 1 CHECK (per_person_limit BETWEEN 1 AND 10),
  -- 社交立减金: a claim becomes usable when this many friends claimed through its link (0 = at once).
  unlock_threshold integer NOT NULL DEFAULT 0 CHECK (unlock_threshold BETWEEN 0 AND 20),
  created_at timestamptz NOT NULL,
  CHECK ((kind = 'amount') = (amount_fen IS NOT NULL) AND (kind = 'percent') = (percent_off IS NOT NULL)),
  CHECK (valid_until > valid_from)
);
CREATE INDEX pharmacy_coupons_partner_idx ON pharmacy_coupons (partner_id, created_at);

-- The coupon's stock: +quantity when issued, -1 per claim. A claim locks the coupon row first.
CREATE TABLE pharmacy_coupon_stock (
  coupon_id uuid NOT NULL REFERENCES pharmacy_coupons (id) ON DELETE CASCADE,
  operation_id text NOT NULL,
  delta integer NOT NULL CHECK (delta <> 0),
  created_at timestamptz NOT NULL,
  PRIMARY KEY (coupon_id, operation_id)
);

CREATE TABLE pharmacy_coupon_claims (
  id uuid PRIMARY KEY,
  coupon_id uuid NOT NULL REFERENCES pharmacy_coupons (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- Shown at the counter: 'C' and 9 digits.
  code char(10) NOT NULL UNIQUE,
  -- The claim whose share link this one came through (社交立减金).
  shared_by uuid REFERENCES pharmacy_coupon_claims (id) ON DELETE SET NULL,
  redeemed_at timestamptz,
  -- 'counter' or an online order's id (the payment helper's orders call redeemForOrder).
  redeemed_via text,
  claimed_at timestamptz NOT NULL
);
CREATE INDEX pharmacy_coupon_claims_coupon_idx ON pharmacy_coupon_claims (coupon_id, user_id);
CREATE INDEX pharmacy_coupon_claims_shared_idx ON pharmacy_coupon_claims (shared_by);
CREATE INDEX pharmacy_coupon_claims_user_idx ON pharmacy_coupon_claims (user_id);
