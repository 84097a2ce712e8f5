-- The store's knowledge base (policies, FAQ, about us) and the questions it could not answer.

-- One row per passage: a `##` section of a policy or about document, or one FAQ entry. The
-- importer (tools/knowledge/importer.py) makes a store's rows exactly those of its folder.
CREATE TABLE knowledge_passages (
    id          bigserial PRIMARY KEY,
    store_id    text NOT NULL REFERENCES stores(id),
    doc_id      text NOT NULL,
    lang        text NOT NULL CHECK (lang IN ('pt', 'en')),
    -- Order of the passage in its document (0: the text before the first heading).
    position    integer NOT NULL CHECK (position >= 0),
    kind        text NOT NULL CHECK (kind IN ('policy', 'faq', 'about')),
    doc_title   text NOT NULL,
    title       text NOT NULL,
    question    text,
    body        text NOT NULL,
    -- Where the passage starts, for the owner: "trocas.md:12".
    source      text NOT NULL,
    -- Words of the passage's language, accents folded, stemmed; title and question weigh A.
    search_tsv  tsvector NOT NULL,
    -- md5 of what was embedded: an unchanged passage keeps its vector and its updated_at.
    text_hash   text NOT NULL,
    -- The embeddings model of `embedding` (NULL: no vector, full text only). Models differ in
    -- dimension, so the column has none; a store's few hundred passages are compared exactly.
    model       text,
    embedding   vector,
    updated_at  timestamptz NOT NULL,
    UNIQUE (store_id, doc_id, lang, position)
);
-- Rows stay whole in the table (a passage of at most 1,500 characters, its tsvector and a
-- 512-float vector fit in a page): search reads a store's few hundred vectors and tsvectors
-- without a TOAST lookup per row (measured: 10x faster on 500 passages).
ALTER TABLE knowledge_passages SET (toast_tuple_target = 8160);
CREATE INDEX knowledge_passages_tsv ON knowledge_passages USING gin (search_tsv);
CREATE INDEX knowledge_passages_store ON knowledge_passages (store_id, lang, model);

-- Questions nothing in the store's data answered, for the owner: one row per distinct
-- question (folded), counted. The text is scrubbed of phones, e-mails and CPFs.
CREATE TABLE unanswered_questions (
    id              bigserial PRIMARY KEY,
    store_id        text NOT NULL REFERENCES stores(id),
    question_key    text NOT NULL,
    question        text NOT NULL,
    lang            text NOT NULL,
    first_asked_at  timestamptz NOT NULL,
    asked_at        timestamptz NOT NULL,
    count           integer NOT NULL DEFAULT 1 CHECK (count > 0),
    UNIQUE (store_id, question_key)
);
CREATE INDEX unanswered_questions_recent ON unanswered_questions (store_id, asked_at DESC);
