-- Hand-offs: an offer given in parts. post_items.quantity is what is still on offer (the square
-- shows it as is); given counts what has been handed over. At zero the offer resolves itself.
ALTER TABLE post_items ADD COLUMN given integer NOT NULL DEFAULT 0;
ALTER TABLE post_items DROP CONSTRAINT post_items_quantity_check;
ALTER TABLE post_items ADD CONSTRAINT post_items_quantity_check CHECK (quantity >= 0);
-- How a resolved post ended: for a need, how it was met; for an offer, where it went.
ALTER TABLE posts ADD COLUMN resolution text;

CREATE TABLE handoffs (
  id uuid PRIMARY KEY,
  post_id uuid NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
  medicine_id text NOT NULL,
  quantity integer NOT NULL CHECK (quantity > 0),
  -- In the app: the thread with the receiver, who sees the 4-digit code and says it at the hand-off.
  thread_id uuid REFERENCES relay_threads (id) ON DELETE SET NULL,
  receiver_id uuid REFERENCES users (id) ON DELETE SET NULL,
  code text,
  status text NOT NULL CHECK (status IN ('pending', 'confirmed', 'locked')),
  attempts integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL,
  confirmed_at timestamptz
);
CREATE INDEX handoffs_post_idx ON handoffs (post_id);
CREATE INDEX handoffs_receiver_idx ON handoffs (receiver_id) WHERE status = 'pending';
