-- A number per store that every committed write to its products or variants raises (issue
-- #17): the worker processes keep product rows in memory keyed by it
-- (tools/catalog/product_cache.py), so an import, a stock change or a price change is seen
-- by the next turn in every process. Triggers, not the writers: stock moves in orders,
-- payments and after-sale code, imports in the catalog's, and a forgotten writer would serve
-- stale rows.
-- The version is the sum of a store's rows here. A write adds a row (an INSERT takes no lock
-- another writer waits for: one counter row updated by every writer would be locked until
-- its transaction commits, and two payments touching the same products in another order
-- would deadlock on it); the sum grows only when a write commits, whatever order writers
-- commit in (a max of ids would not), and upkeep folds a store's rows into one of the same
-- sum (`fold_catalog_changes`).
-- Drafts of this migration (0012_catalog_versions.sql: one counter row per store, then this
-- content) lived for an hour in the working tree: a development database that applied one is
-- brought to this state (hence IF NOT EXISTS, OR REPLACE and the triggers dropped first).
DROP FUNCTION IF EXISTS bump_catalog_versions() CASCADE;
DROP FUNCTION IF EXISTS bump_all_catalog_versions() CASCADE;
DROP TABLE IF EXISTS catalog_versions;

CREATE TABLE IF NOT EXISTS catalog_changes (
    id        bigserial PRIMARY KEY,
    store_id  text NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
    weight    bigint NOT NULL DEFAULT 1
);
CREATE INDEX IF NOT EXISTS catalog_changes_store ON catalog_changes (store_id) INCLUDE (weight);

CREATE OR REPLACE FUNCTION note_catalog_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO catalog_changes (store_id) SELECT DISTINCT store_id FROM changed_rows;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION note_catalog_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO catalog_changes (store_id) SELECT DISTINCT store_id FROM catalog_changes;
    RETURN NULL;
END $$;

-- A trigger with transition tables takes one event: three per table, plus TRUNCATE's.
DO $$
DECLARE
    t text;
    e text;
BEGIN
    FOREACH t IN ARRAY ARRAY['products', 'product_variants'] LOOP
        FOREACH e IN ARRAY ARRAY['INSERT', 'UPDATE', 'DELETE'] LOOP
            EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I',
                           t || '_' || lower(e) || '_catalog_change', t);
            EXECUTE format(
                'CREATE TRIGGER %I AFTER %s ON %I REFERENCING %s TABLE AS changed_rows'
                ' FOR EACH STATEMENT EXECUTE FUNCTION note_catalog_change()',
                t || '_' || lower(e) || '_catalog_change', e, t,
                CASE e WHEN 'DELETE' THEN 'OLD' ELSE 'NEW' END);
        END LOOP;
        EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', t || '_truncate_catalog_change', t);
        EXECUTE format(
            'CREATE TRIGGER %I AFTER TRUNCATE ON %I'
            ' FOR EACH STATEMENT EXECUTE FUNCTION note_catalog_truncate()',
            t || '_truncate_catalog_change', t);
    END LOOP;
END $$;
