-- Pharmacies (issue 12), second slice: delivery to the home (送药到家), online payment and refunds.
-- A delivery order is a reservation whose fulfilment is `delivery`: it takes units from the shelf and
-- counts against the person's daily limit exactly like a pickup, and carries its own delivery row.

ALTER TABLE pharmacy_reservations DROP CONSTRAINT pharmacy_reservations_fulfilment_check;
ALTER TABLE pharmacy_reservations ADD CONSTRAINT pharmacy_reservations_fulfilment_check
  CHECK (fulfilment IN ('pickup', 'delivery'));
ALTER TABLE pharmacy_reservations DROP CONSTRAINT pharmacy_reservations_payment_check;
ALTER TABLE pharmacy_reservations ADD CONSTRAINT pharmacy_reservations_payment_check
  CHECK (payment IN ('pay_at_pickup', 'online'));

-- What a pharmacy sells online: its own prices (integer fen, shown on its own pages only, never in
-- the square), its delivery radius and fee, whether it takes online payment, and who delivers.
CREATE TABLE pharmacy_order_settings (
  partner_id uuid PRIMARY KEY REFERENCES pharmacies (partner_id) ON DELETE CASCADE,
  -- 0 = no delivery.
  delivery_radius_km double precision NOT NULL DEFAULT 0 CHECK (delivery_radius_km BETWEEN 0 AND 20),
  delivery_fee_fen integer NOT NULL DEFAULT 0 CHECK (delivery_fee_fen BETWEEN 0 AND 100000),
  online_payment boolean NOT NULL DEFAULT false,
  delivery_provider text NOT NULL DEFAULT 'own_rider' CHECK (delivery_provider IN ('own_rider', 'dada')),
  updated_at timestamptz NOT NULL
);

CREATE TABLE pharmacy_prices (
  partner_id uuid NOT NULL REFERENCES pharmacies (partner_id) ON DELETE CASCADE,
  medicine_id text NOT NULL REFERENCES medicines (id),
  price_fen integer NOT NULL CHECK (price_fen BETWEEN 1 AND 10000000),
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (partner_id, medicine_id)
);

CREATE TABLE pharmacy_deliveries (
  reservation_id uuid PRIMARY KEY REFERENCES pharmacy_reservations (id) ON DELETE CASCADE,
  partner_id uuid NOT NULL REFERENCES pharmacies (partner_id) ON DELETE CASCADE,
  status text NOT NULL CHECK (status IN
    ('requested', 'accepted', 'preparing', 'out_for_delivery', 'delivered', 'failed', 'declined', 'cancelled')),
  -- The door: WGS-84 point (exact, needed by the rider; never in a list or a log), the address line
  -- and the phone, both encrypted at rest and shown to this pharmacy only.
  lat double precision NOT NULL,
  lng double precision NOT NULL,
  distance_m integer NOT NULL,
  address_enc text NOT NULL,
  phone_enc text NOT NULL,
  fee_fen integer NOT NULL DEFAULT 0,
  provider text NOT NULL CHECK (provider IN ('own_rider', 'dada')),
  -- The delivery platform's order (Dada: our origin_id is the reservation id, client_id is theirs).
  provider_order_id text,
  updated_at timestamptz NOT NULL
);
CREATE INDEX pharmacy_deliveries_queue_idx ON pharmacy_deliveries (partner_id, status, updated_at);

-- Online payments: one per order, then a ledger of what moved. The ledger's operation id is unique,
-- so a retried callback, a refund asked twice or a double tap applies once.
CREATE TABLE payments (
  id uuid PRIMARY KEY,
  order_kind text NOT NULL CHECK (order_kind IN ('reservation')),
  order_id uuid NOT NULL,
  partner_id uuid NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  provider text NOT NULL CHECK (provider IN ('wechat_pay')),
  out_trade_no text NOT NULL UNIQUE,
  amount_fen integer NOT NULL CHECK (amount_fen > 0),
  paid_fen integer NOT NULL DEFAULT 0 CHECK (paid_fen >= 0),
  refunded_fen integer NOT NULL DEFAULT 0 CHECK (refunded_fen >= 0),
  status text NOT NULL CHECK (status IN ('pending', 'paid', 'refunded', 'partly_refunded')),
  transaction_id text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CHECK (refunded_fen <= paid_fen),
  CHECK (paid_fen <= amount_fen)
);
CREATE UNIQUE INDEX payments_order_idx ON payments (order_kind, order_id);

CREATE TABLE payment_ledger (
  operation_id text PRIMARY KEY,
  payment_id uuid NOT NULL REFERENCES payments (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('charge', 'refund')),
  amount_fen integer NOT NULL CHECK (amount_fen > 0),
  -- The vendor's id for it (WeChat transaction_id or refund_id).
  vendor_ref text,
  created_at timestamptz NOT NULL
);
CREATE INDEX payment_ledger_payment_idx ON payment_ledger (payment_id);

-- The price of each item when the order was made (online orders are paid at that price).
ALTER TABLE pharmacy_reservation_items ADD COLUMN price_fen integer CHECK (price_fen > 0);
