-- Personal data (LGPD, issue #18): a buyer's requests about their data, kept as the record
-- that they were made and answered. No phone number or name: the buyer is named by the
-- keyed pseudonym logs use, so the record outlives the erasure it asked for.
CREATE TABLE privacy_requests (
    id               bigserial PRIMARY KEY,
    store_id         text NOT NULL REFERENCES stores(id),
    conversation_id  bigint REFERENCES conversations(id) ON DELETE SET NULL,
    -- The graph turn that recorded it: the node run again after a crash finds its row.
    turn_id          text,
    subject          text NOT NULL,
    kind             text NOT NULL DEFAULT 'erasure' CHECK (kind IN ('erasure')),
    source           text NOT NULL CHECK (source IN ('chat', 'cli')),
    -- awaiting_confirmation: the buyer was asked for an explicit yes (erasure: auto);
    -- confirmed: they said yes, the maintenance job erases once the reply is out;
    -- routed: handed to a person (erasure: operator); done: erased; cancelled: buyer said no.
    status           text NOT NULL CHECK (status IN (
                         'awaiting_confirmation', 'confirmed', 'routed', 'done', 'cancelled')),
    requested_at     timestamptz NOT NULL,
    completed_at     timestamptz,
    UNIQUE (store_id, turn_id)
);
CREATE INDEX privacy_requests_open ON privacy_requests (store_id, status)
    WHERE status IN ('awaiting_confirmation', 'confirmed', 'routed');
