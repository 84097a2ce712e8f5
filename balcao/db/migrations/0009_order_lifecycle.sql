-- After the sale (issue #15): the order's lifecycle, who changed it, the money that moved after
-- payment (refunds, price differences), the buyer's saved payment methods, exchanges and returns.

ALTER TABLE orders DROP CONSTRAINT IF EXISTS orders_status_check;
ALTER TABLE orders ADD CONSTRAINT orders_status_check CHECK (status IN (
    'pending_payment', 'paid', 'payment_failed', 'expired', 'cancelled', 'preparing',
    'shipped', 'delivered', 'exchange_requested', 'return_requested', 'completed'));
ALTER TABLE orders ADD COLUMN carrier text;
ALTER TABLE orders ADD COLUMN tracking_code text;
ALTER TABLE orders ADD COLUMN cancel_reason text;
-- The items of an order not yet shipped can be changed once (τ²-bench's rule, kept).
ALTER TABLE orders ADD COLUMN items_modified boolean NOT NULL DEFAULT false;

-- Every change of an order, with who or what made it ("operator:cli", "buyer", "system", ...).
CREATE TABLE order_history (
    id           bigserial PRIMARY KEY,
    store_id     text NOT NULL REFERENCES stores(id),
    order_id     bigint NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    action       text NOT NULL,
    from_status  text,
    to_status    text NOT NULL,
    actor        text NOT NULL,
    details      jsonb NOT NULL DEFAULT '{}'::jsonb,
    occurred_at  timestamptz NOT NULL
);
CREATE INDEX order_history_order ON order_history (order_id, id);

-- A buyer's saved ways to pay; `balance` only for store credit (gift cards).
CREATE TABLE customer_payment_methods (
    store_id     text NOT NULL REFERENCES stores(id),
    customer_id  bigint NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    method_id    text NOT NULL,
    source       text NOT NULL,
    provider     text NOT NULL,
    details      jsonb NOT NULL DEFAULT '{}'::jsonb,
    balance      numeric CHECK (balance IS NULL OR balance >= 0),
    PRIMARY KEY (customer_id, method_id)
);

-- Money of an order in order: its payments and refunds, each moved once under its key.
CREATE TABLE order_transactions (
    id               bigserial PRIMARY KEY,
    store_id         text NOT NULL REFERENCES stores(id),
    order_id         bigint NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    kind             text NOT NULL CHECK (kind IN ('payment', 'refund')),
    amount           numeric NOT NULL CHECK (amount >= 0),
    method_id        text,
    provider         text NOT NULL,
    payment_id       bigint REFERENCES payments(id),
    -- The payment this refund gives back (its provider reference is what the provider needs).
    refunds_id       bigint REFERENCES order_transactions(id),
    provider_ref     text,
    idempotency_key  text NOT NULL UNIQUE,
    status           text NOT NULL DEFAULT 'pending'
                     CHECK (status IN ('pending', 'done', 'failed')),
    reason           text,
    attempts         integer NOT NULL DEFAULT 0,
    last_error       text,
    created_at       timestamptz NOT NULL,
    settled_at       timestamptz
);
CREATE INDEX order_transactions_order ON order_transactions (order_id, id);
CREATE INDEX order_transactions_pending ON order_transactions (store_id, id)
    WHERE status = 'pending';

-- Exchanges and returns of delivered items, open until the store receives them.
CREATE TABLE order_requests (
    id                bigserial PRIMARY KEY,
    store_id          text NOT NULL REFERENCES stores(id),
    order_id          bigint NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    kind              text NOT NULL CHECK (kind IN ('exchange', 'return')),
    items             jsonb NOT NULL,
    new_items         jsonb NOT NULL DEFAULT '[]'::jsonb,
    method_id         text,
    price_difference  numeric NOT NULL DEFAULT 0,
    status            text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'completed')),
    created_at        timestamptz NOT NULL,
    completed_at      timestamptz,
    UNIQUE (order_id, kind)
);

-- Changes made by the code that predates `order_history` (placing an order, payment webhooks,
-- expiry) write `order_status_history`; each such row is mirrored here, made by "system".
CREATE FUNCTION order_history_from_status() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO order_history (store_id, order_id, action, from_status, to_status, actor,
                               details, occurred_at)
    SELECT o.store_id, o.id, 'status', NULL, NEW.status, 'system',
           CASE WHEN NEW.note IS NULL THEN '{}'::jsonb
                ELSE jsonb_build_object('note', NEW.note) END,
           NEW.occurred_at
    FROM orders o WHERE o.id = NEW.order_id;
    RETURN NEW;
END $$;
CREATE TRIGGER order_status_history_mirror AFTER INSERT ON order_status_history
    FOR EACH ROW EXECUTE FUNCTION order_history_from_status();
