-- Many stores on one service: every business row reaches its store, operators belong to
-- stores with a role, and messages for a number no store owns are kept aside.

-- Operators are people; what they may see is decided per store.
--   operators.role 'admin'  : the platform administrator (every store, manages stores)
--   operator_stores.role    : 'owner' (manages the store's agents, knowledge, FAQ) or 'agent'
CREATE TABLE operator_stores (
    operator_id  bigint NOT NULL REFERENCES operators(id) ON DELETE CASCADE,
    store_id     text NOT NULL REFERENCES stores(id),
    role         text NOT NULL CHECK (role IN ('owner', 'agent')),
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (operator_id, store_id)
);
CREATE INDEX operator_stores_store ON operator_stores (store_id);

-- A service that had one store: its operators stay its agents.
INSERT INTO operator_stores (operator_id, store_id, role)
SELECT o.id, s.id, 'agent' FROM operators o CROSS JOIN stores s
WHERE o.role = 'operator' AND (SELECT count(*) FROM stores) = 1;

-- The store a session is looking at (the console's store switcher).
ALTER TABLE operator_sessions ADD COLUMN store_id text REFERENCES stores(id);

-- Rows whose writers know only a parent: the store is filled from that parent, so every
-- writer (and every process version) gets it without a code change.
ALTER TABLE payment_events ADD COLUMN store_id text REFERENCES stores(id);
UPDATE payment_events e SET store_id = p.store_id FROM payments p WHERE p.id = e.payment_id;
CREATE FUNCTION payment_events_store() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.store_id IS NULL AND NEW.payment_id IS NOT NULL THEN
        NEW.store_id := (SELECT store_id FROM payments WHERE id = NEW.payment_id);
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER payment_events_store BEFORE INSERT OR UPDATE OF payment_id ON payment_events
    FOR EACH ROW EXECUTE FUNCTION payment_events_store();

ALTER TABLE tool_calls ADD COLUMN store_id text REFERENCES stores(id);
UPDATE tool_calls t SET store_id = c.store_id FROM conversations c WHERE c.thread_id = t.thread_id;
CREATE FUNCTION tool_calls_store() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.store_id IS NULL THEN
        NEW.store_id := (SELECT store_id FROM conversations WHERE thread_id = NEW.thread_id);
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER tool_calls_store BEFORE INSERT ON tool_calls
    FOR EACH ROW EXECUTE FUNCTION tool_calls_store();
CREATE INDEX tool_calls_store ON tool_calls (store_id, thread_id);

-- A delivery status names one of our sent messages: its store is the outbox row's.
ALTER TABLE message_statuses ADD COLUMN store_id text REFERENCES stores(id);
UPDATE message_statuses m SET store_id = o.store_id FROM outbox o
WHERE o.provider_message_id = m.external_id;
CREATE FUNCTION message_statuses_store() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.store_id IS NULL THEN
        NEW.store_id := (SELECT store_id FROM outbox WHERE provider_message_id = NEW.external_id
                         LIMIT 1);
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER message_statuses_store BEFORE INSERT ON message_statuses
    FOR EACH ROW EXECUTE FUNCTION message_statuses_store();
CREATE INDEX outbox_provider_message ON outbox (provider_message_id)
    WHERE provider_message_id IS NOT NULL;

-- Messages to a business number no store owns: acknowledged and kept (never answered, never
-- given to another store). No store by definition; only the number they came to.
CREATE TABLE unrouted_messages (
    id               bigserial PRIMARY KEY,
    channel          text NOT NULL,
    phone_number_id  text,
    external_id      text NOT NULL,
    received_at      timestamptz NOT NULL,
    UNIQUE (channel, external_id)
);
