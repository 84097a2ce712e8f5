-- Hybrid search: product embeddings (per model) and the store's word list for typos.

-- One vector per product and embedding model. Models differ in dimension, so the column has
-- none; each model gets its own partial HNSW index on `embedding::vector(N)`, created by the
-- application the first time it stores vectors of that model (tools/catalog/embeddings/store.py).
CREATE TABLE product_embeddings (
    product_id  bigint NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    model       text NOT NULL,
    store_id    text NOT NULL REFERENCES stores(id),
    -- md5 of the text that was embedded: a product whose text changed is embedded again.
    text_hash   text NOT NULL,
    embedding   vector NOT NULL,
    PRIMARY KEY (product_id, model)
);
CREATE INDEX product_embeddings_store ON product_embeddings (store_id, model);

-- Every distinct folded word of a store's products, for correcting typos in queries
-- ("garafa" -> "garrafa") through the trigram index before full-text search runs.
CREATE TABLE search_words (
    store_id  text NOT NULL REFERENCES stores(id),
    word      text NOT NULL,
    products  integer NOT NULL,
    PRIMARY KEY (store_id, word)
);
CREATE INDEX search_words_trgm ON search_words USING gin (word gin_trgm_ops);

-- Browsing a category lists products by name.
CREATE INDEX products_store_name ON products (store_id, name);
