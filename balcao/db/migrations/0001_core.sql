-- Core schema: stores, catalog, carts, conversations, inbox/outbox, events.
-- Money is numeric (exact decimal); time is timestamptz written by the application clock.

CREATE EXTENSION IF NOT EXISTS vector;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS unaccent;

CREATE TABLE stores (
    id                        text PRIMARY KEY,
    name                      text NOT NULL,
    currency                  text NOT NULL DEFAULT 'BRL',
    locale                    text NOT NULL DEFAULT 'pt-BR',
    whatsapp_phone_number_id  text UNIQUE,
    created_at                timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE products (
    id            bigserial PRIMARY KEY,
    store_id      text NOT NULL REFERENCES stores(id),
    sku           text NOT NULL,
    name          text NOT NULL,
    description   text NOT NULL DEFAULT '',
    category      text NOT NULL DEFAULT '',
    brand         text NOT NULL DEFAULT '',
    price         numeric NOT NULL CHECK (price >= 0),
    currency      text NOT NULL,
    stock         integer CHECK (stock >= 0),
    image_url     text,
    attributes    jsonb NOT NULL DEFAULT '{}'::jsonb,
    tags          text[] NOT NULL DEFAULT '{}',
    related_skus  text[] NOT NULL DEFAULT '{}',
    -- Accent-folded, lower-case text that search matches against (written by the importer).
    search_text   text NOT NULL DEFAULT '',
    search_tsv    tsvector,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (store_id, sku)
);
CREATE INDEX products_search_tsv ON products USING gin (search_tsv);
CREATE INDEX products_search_trgm ON products USING gin (search_text gin_trgm_ops);

CREATE TABLE product_variants (
    id          bigserial PRIMARY KEY,
    product_id  bigint NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    store_id    text NOT NULL REFERENCES stores(id),
    sku         text NOT NULL,
    attributes  jsonb NOT NULL DEFAULT '{}'::jsonb,
    price       numeric CHECK (price >= 0),
    stock       integer CHECK (stock >= 0),
    position    integer NOT NULL DEFAULT 0,
    UNIQUE (store_id, sku)
);
CREATE INDEX product_variants_product ON product_variants (product_id);

CREATE TABLE conversations (
    id                bigserial PRIMARY KEY,
    store_id          text NOT NULL REFERENCES stores(id),
    channel           text NOT NULL DEFAULT 'whatsapp',
    buyer_id          text NOT NULL,
    thread_id         text NOT NULL UNIQUE,
    contact_name      text,
    last_inbound_at   timestamptz,
    created_at        timestamptz NOT NULL DEFAULT now(),
    UNIQUE (store_id, channel, buyer_id)
);

CREATE TABLE carts (
    id               bigserial PRIMARY KEY,
    store_id         text NOT NULL REFERENCES stores(id),
    conversation_id  bigint NOT NULL REFERENCES conversations(id),
    status           text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'ordered', 'abandoned')),
    version          integer NOT NULL DEFAULT 0,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL
);
CREATE UNIQUE INDEX carts_one_open ON carts (conversation_id) WHERE status = 'open';

CREATE TABLE cart_lines (
    cart_id      bigint NOT NULL REFERENCES carts(id) ON DELETE CASCADE,
    sku          text NOT NULL,
    product_sku  text NOT NULL,
    name         text NOT NULL,
    -- json, not jsonb: keeps the catalog's attribute order ("42 / preto") for display.
    variant      json NOT NULL DEFAULT '{}'::json,
    unit_price   numeric NOT NULL,
    quantity     integer NOT NULL CHECK (quantity > 0),
    added_at     timestamptz NOT NULL,
    PRIMARY KEY (cart_id, sku)
);

-- A cart change made by a graph node carries a key derived from the turn, so a node that runs
-- again (after a crash or a resume) finds its earlier change instead of applying it twice.
CREATE TABLE cart_ops (
    op_key      text PRIMARY KEY,
    cart_id     bigint NOT NULL REFERENCES carts(id) ON DELETE CASCADE,
    op          jsonb NOT NULL,
    applied_at  timestamptz NOT NULL
);

-- Every inbound channel message, stored before it is acknowledged.
CREATE TABLE inbox (
    id               bigserial PRIMARY KEY,
    store_id         text NOT NULL REFERENCES stores(id),
    channel          text NOT NULL,
    external_id      text NOT NULL,
    conversation_id  bigint NOT NULL REFERENCES conversations(id),
    kind             text NOT NULL,
    message          jsonb NOT NULL,
    received_at      timestamptz NOT NULL,
    status           text NOT NULL DEFAULT 'pending'
                     CHECK (status IN ('pending', 'done', 'failed')),
    turn_id          text,
    attempts         integer NOT NULL DEFAULT 0,
    retry_at         timestamptz,
    last_error       text,
    processed_at     timestamptz,
    UNIQUE (channel, external_id)
);
CREATE INDEX inbox_pending ON inbox (conversation_id, id) WHERE status = 'pending';

-- Delivery statuses of our outbound messages (sent, delivered, read, failed).
CREATE TABLE message_statuses (
    id           bigserial PRIMARY KEY,
    channel      text NOT NULL,
    external_id  text NOT NULL,
    status       text NOT NULL,
    occurred_at  timestamptz,
    errors       jsonb NOT NULL DEFAULT '[]'::jsonb,
    received_at  timestamptz NOT NULL,
    UNIQUE (channel, external_id, status)
);

CREATE TABLE outbox (
    id                   bigserial PRIMARY KEY,
    store_id             text NOT NULL REFERENCES stores(id),
    conversation_id      bigint REFERENCES conversations(id),
    channel              text NOT NULL,
    idempotency_key      text NOT NULL UNIQUE,
    recipient            text NOT NULL,
    payload              jsonb NOT NULL,
    status               text NOT NULL DEFAULT 'pending'
                         CHECK (status IN ('pending', 'sent', 'failed')),
    attempts             integer NOT NULL DEFAULT 0,
    next_attempt_at      timestamptz NOT NULL,
    last_error           text,
    provider_message_id  text,
    created_at           timestamptz NOT NULL,
    sent_at              timestamptz
);
CREATE INDEX outbox_due ON outbox (next_attempt_at, id) WHERE status = 'pending';

-- What happened in conversations, for reports and replay (intent, nodes, replies).
CREATE TABLE conversation_events (
    id               bigserial PRIMARY KEY,
    store_id         text NOT NULL REFERENCES stores(id),
    conversation_id  bigint REFERENCES conversations(id),
    type             text NOT NULL,
    data             jsonb NOT NULL DEFAULT '{}'::jsonb,
    occurred_at      timestamptz NOT NULL
);
CREATE INDEX conversation_events_conv ON conversation_events (conversation_id, id);
