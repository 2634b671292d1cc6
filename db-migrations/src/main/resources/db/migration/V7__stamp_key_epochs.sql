-- DESIGN.md "Keys at rest": a stamp key is wrapped under the epoch key (one per ISO week, held
-- outside PostgreSQL) of the week in which it expires; epoch names that week (e.g. 2026-W49).
-- NULL: a key stored before epochs, still wrapped under the KEK only. SQL cannot re-wrap it (it
-- has no keys): the service re-wraps such rows under their epoch when it starts.
ALTER TABLE stamp_keys ADD COLUMN epoch varchar(8);
ALTER TABLE stamp_keys ADD CONSTRAINT stamp_keys_epoch_name
    CHECK (epoch IS NULL OR epoch ~ '^[0-9]{4}-W[0-9]{2}$');
