-- DESIGN.md "Keys at rest": a case's data key is wrapped under the epoch key (one per ISO week,
-- held outside PostgreSQL) of the week in which the case may next be destroyed, and re-wrapped
-- under a later epoch while it must live on (open, preserved, under legal hold). When an epoch
-- key is destroyed at the end of its week, every copy of a key wrapped under it dies with it:
-- rows, old row versions, WAL, backups.
--
-- The wrapped key names its epoch itself (crypto.Vault: 0x02 || epoch(8, ASCII) || wrapped), so
-- that every reader unwraps from the value alone; the column repeats it for the re-wrap job's
-- index, and the CHECK keeps the two equal. NULL with a key: a key stored before epochs, wrapped
-- under the KEK only (first byte 0x01); the service re-wraps such rows when it starts. After
-- retention the epoch stays: it names the week whose end destroys the backups' copies.
ALTER TABLE cases ADD COLUMN data_key_epoch varchar(8);
ALTER TABLE cases ADD CONSTRAINT cases_data_key_epoch_name
    CHECK (data_key_epoch IS NULL OR data_key_epoch ~ '^[0-9]{4}-W[0-9]{2}$');
ALTER TABLE cases ADD CONSTRAINT cases_data_key_epoch_matches_key
    CHECK (wrapped_data_key IS NULL
        OR (get_byte(wrapped_data_key, 0) = 1 AND data_key_epoch IS NULL)
        OR (get_byte(wrapped_data_key, 0) = 2
            AND substring(wrapped_data_key FROM 2 FOR 8) = convert_to(data_key_epoch, 'UTF8')));
-- the re-wrap job's scan: live keys by epoch, legacy (NULL) ones included
CREATE INDEX cases_live_data_key_epoch ON cases (data_key_epoch) WHERE wrapped_data_key IS NOT NULL;
