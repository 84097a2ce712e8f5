-- Buying: customers, orders, stock reservations, payments and their provider events.

-- Abandoned-cart reminders: at most one per cart, never after the buyer declined.
ALTER TABLE carts ADD COLUMN reminded_at timestamptz;
ALTER TABLE carts ADD COLUMN reminders_declined boolean NOT NULL DEFAULT false;

CREATE TABLE customers (
    id             bigserial PRIMARY KEY,
    store_id       text NOT NULL REFERENCES stores(id),
    buyer_id       text NOT NULL,
    name           text,
    email          text,
    last_address   jsonb,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    UNIQUE (store_id, buyer_id)
);

CREATE TABLE orders (
    id               bigserial PRIMARY KEY,
    store_id         text NOT NULL REFERENCES stores(id),
    number           text NOT NULL,
    conversation_id  bigint REFERENCES conversations(id),
    customer_id      bigint REFERENCES customers(id),
    cart_id          bigint REFERENCES carts(id),
    -- Derived from the turn that confirmed it: a node run again finds this order.
    idempotency_key  text UNIQUE,
    status           text NOT NULL CHECK (status IN (
                         'pending_payment', 'paid', 'payment_failed', 'expired', 'cancelled',
                         'shipped', 'delivered')),
    currency         text NOT NULL,
    subtotal         numeric NOT NULL,
    shipping_cost    numeric NOT NULL DEFAULT 0,
    discount         numeric NOT NULL DEFAULT 0,
    total            numeric NOT NULL,
    shipping         jsonb NOT NULL DEFAULT '{}'::jsonb,
    address          jsonb NOT NULL DEFAULT '{}'::jsonb,
    payment_method   text,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    UNIQUE (store_id, number)
);
CREATE INDEX orders_conversation ON orders (conversation_id, id DESC);

CREATE TABLE order_lines (
    order_id     bigint NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    sku          text NOT NULL,
    product_sku  text NOT NULL,
    name         text NOT NULL,
    variant      json NOT NULL DEFAULT '{}'::json,
    unit_price   numeric NOT NULL,
    quantity     integer NOT NULL CHECK (quantity > 0),
    total        numeric NOT NULL,
    PRIMARY KEY (order_id, sku)
);
CREATE INDEX order_lines_product ON order_lines (product_sku);

CREATE TABLE order_status_history (
    id          bigserial PRIMARY KEY,
    order_id    bigint NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    status      text NOT NULL,
    note        text,
    occurred_at timestamptz NOT NULL
);

-- Units held for an order between checkout and payment; available = stock - held.
CREATE TABLE stock_reservations (
    id          bigserial PRIMARY KEY,
    store_id    text NOT NULL REFERENCES stores(id),
    order_id    bigint NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    sku         text NOT NULL,
    quantity    integer NOT NULL CHECK (quantity > 0),
    status      text NOT NULL DEFAULT 'held' CHECK (status IN ('held', 'committed', 'released')),
    expires_at  timestamptz NOT NULL,
    created_at  timestamptz NOT NULL,
    UNIQUE (order_id, sku)
);
CREATE INDEX stock_reservations_held ON stock_reservations (store_id, sku) WHERE status = 'held';

CREATE TABLE payments (
    id               bigserial PRIMARY KEY,
    store_id         text NOT NULL REFERENCES stores(id),
    order_id         bigint NOT NULL REFERENCES orders(id),
    provider         text NOT NULL,
    idempotency_key  text NOT NULL UNIQUE,
    token            text NOT NULL UNIQUE,
    provider_ref     text,
    status           text NOT NULL DEFAULT 'pending'
                     CHECK (status IN ('pending', 'paid', 'failed', 'expired')),
    amount           numeric NOT NULL,
    currency         text NOT NULL,
    link_url         text,
    pix_code         text,
    expires_at       timestamptz NOT NULL,
    created_at       timestamptz NOT NULL,
    paid_at          timestamptz,
    failure_reason   text
);
CREATE INDEX payments_order ON payments (order_id, id DESC);

-- Provider notifications, each processed once.
CREATE TABLE payment_events (
    id           bigserial PRIMARY KEY,
    provider     text NOT NULL,
    event_id     text NOT NULL,
    payment_id   bigint REFERENCES payments(id),
    type         text NOT NULL,
    payload      jsonb NOT NULL,
    received_at  timestamptz NOT NULL,
    UNIQUE (provider, event_id)
);
