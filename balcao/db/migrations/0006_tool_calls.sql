-- What the graph's tools answered, per turn, so a replay can run on recorded results.
CREATE TABLE tool_calls (
    id           bigserial PRIMARY KEY,
    thread_id    text NOT NULL,
    turn_id      text NOT NULL,
    seq          integer NOT NULL,
    tool         text NOT NULL,
    args         jsonb NOT NULL,
    result       jsonb,
    recorded_at  timestamptz NOT NULL,
    UNIQUE (thread_id, turn_id, seq)
);
