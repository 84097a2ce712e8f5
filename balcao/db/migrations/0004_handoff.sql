-- Humans in the loop: operators and their sessions, escalations (the console's queue), the
-- Postgres CRM (VIP flag, interaction log, tickets), and buyer messages answered by a person.

CREATE TABLE operators (
    id             bigserial PRIMARY KEY,
    email          text NOT NULL UNIQUE,   -- stored lower-case
    name           text NOT NULL,
    -- "scrypt$N$r$p$salt$hash" (base64 parts): stdlib hashlib.scrypt, a salt per operator.
    password_hash  text NOT NULL,
    role           text NOT NULL DEFAULT 'operator' CHECK (role IN ('admin', 'operator')),
    active         boolean NOT NULL DEFAULT true,
    created_at     timestamptz NOT NULL
);

-- Server-side sessions: the cookie carries a random token, the table only its SHA-256, so a
-- copy of the table opens no session. Each has its own CSRF token for forms and fetches.
CREATE TABLE operator_sessions (
    token_hash   text PRIMARY KEY,
    operator_id  bigint NOT NULL REFERENCES operators(id) ON DELETE CASCADE,
    csrf_token   text NOT NULL,
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL
);
CREATE INDEX operator_sessions_operator ON operator_sessions (operator_id);

CREATE TABLE escalations (
    id               bigserial PRIMARY KEY,
    store_id         text NOT NULL REFERENCES stores(id),
    conversation_id  bigint NOT NULL REFERENCES conversations(id),
    -- The graph turn that escalated: the node run again after a crash finds its row.
    turn_id          text NOT NULL,
    status           text NOT NULL DEFAULT 'waiting'
                     CHECK (status IN ('waiting', 'assigned', 'returned', 'timed_out', 'closed')),
    reason           text NOT NULL,
    reasons          jsonb NOT NULL DEFAULT '[]'::jsonb,
    -- What the priority is computed from (sentiment, cart value, customer value, VIP).
    factors          jsonb NOT NULL DEFAULT '{}'::jsonb,
    -- For the person who takes it: what the buyer wants, cart, latest order.
    summary          jsonb NOT NULL DEFAULT '{}'::jsonb,
    assigned_to      bigint REFERENCES operators(id),
    created_at       timestamptz NOT NULL,
    -- When it goes back to the bot if nobody picks it up (opening time + timeout off hours).
    pickup_deadline  timestamptz NOT NULL,
    assigned_at      timestamptz,
    first_reply_at   timestamptz,
    closed_at        timestamptz,
    notes            text,
    next_step        text,
    left_message     text,
    crm_ticket_id    text,
    crm_ticket_closed boolean NOT NULL DEFAULT false,
    UNIQUE (conversation_id, turn_id)
);
-- At most one open escalation per conversation.
CREATE UNIQUE INDEX escalations_one_open ON escalations (conversation_id)
    WHERE status IN ('waiting', 'assigned');
CREATE INDEX escalations_store_status ON escalations (store_id, status, created_at);

-- Buyer messages that arrive while a person has the conversation: stored, ordered, shown to
-- the operator, never answered by the graph.
ALTER TABLE inbox DROP CONSTRAINT inbox_status_check;
ALTER TABLE inbox ADD CONSTRAINT inbox_status_check
    CHECK (status IN ('pending', 'done', 'failed', 'human'));

-- Messages an operator wrote (NULL: the bot's).
ALTER TABLE outbox ADD COLUMN operator_id bigint REFERENCES operators(id);

-- Handoff events pushed to the configured CRM (interaction log), once each.
ALTER TABLE conversation_events ADD COLUMN crm_synced_at timestamptz;
CREATE INDEX conversation_events_crm_pending ON conversation_events (id)
    WHERE crm_synced_at IS NULL
      AND type IN ('escalated', 'operator_reply', 'handoff_returned', 'handoff_timed_out',
                   'message_left');

-- The Postgres CRM: VIP flag on customers, its own interaction log and tickets.
ALTER TABLE customers ADD COLUMN vip boolean NOT NULL DEFAULT false;

CREATE TABLE crm_interactions (
    id           bigserial PRIMARY KEY,
    store_id     text NOT NULL REFERENCES stores(id),
    buyer_id     text NOT NULL,
    kind         text NOT NULL,
    summary      text NOT NULL,
    data         jsonb NOT NULL DEFAULT '{}'::jsonb,
    -- The event it came from: pushing the same event again records nothing new.
    source_key   text UNIQUE,
    occurred_at  timestamptz NOT NULL
);
CREATE INDEX crm_interactions_buyer ON crm_interactions (store_id, buyer_id, id DESC);

CREATE TABLE crm_tickets (
    id           bigserial PRIMARY KEY,
    store_id     text NOT NULL REFERENCES stores(id),
    buyer_id     text NOT NULL,
    source_key   text NOT NULL UNIQUE,
    subject      text NOT NULL,
    description  text NOT NULL DEFAULT '',
    priority     text NOT NULL DEFAULT 'MEDIUM',
    status       text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    resolution   text,
    created_at   timestamptz NOT NULL,
    closed_at    timestamptz
);
