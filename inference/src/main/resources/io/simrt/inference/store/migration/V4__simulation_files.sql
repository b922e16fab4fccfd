-- simrt run store, schema version 4 (docs/run-store.md): the simulations of a run that keeps every one, in a file.

-- data_offset: NULL when the record is in data, as before version 4 and always on PostgreSQL. Otherwise the record
-- is complete and its simulations are in the SQLite store's file STORE.simulations/RUN_ID.f64 from this byte on:
-- little-endian float64 params[size * n_params] (row-major), distances[size], summaries[size * n_summaries]
-- (row-major), 8 * size * (n_params + 1 + n_summaries) bytes; data is then empty.
ALTER TABLE simrt_batches ADD COLUMN data_offset BIGINT;
