-- simrt run store, schema version 2 (docs/run-store.md): the SMC particle filter's updates and checkpoints.

-- One row per update of an smc run: its experiment, its outcome, the posterior means after it, and, after every
-- --checkpoint-every-th update and the last, the checkpoint the run resumes from. state: little-endian int32
-- format (1), int32 n, int32 d, float64 locations[n * d] (row-major), float64 weights[n], int32 resamples,
-- float64 min_ess, int8 just_resampled, int32 n_data, int32 data[n_data], int32 n_norm, float64 norm[n_norm],
-- int32 length, the filter stream's state[length], int32 length, the data stream's state[length].
CREATE TABLE simrt_smc_updates (
    run_id       VARCHAR(40)      NOT NULL REFERENCES simrt_runs (id),
    experiments  INTEGER          NOT NULL,  -- updates done with this one, from 1
    experiment   TEXT             NOT NULL,  -- this update's experiment, a JSON object (field: value)
    outcome      INTEGER          NOT NULL,
    means        TEXT             NOT NULL,  -- the posterior means after it, a JSON array in parameter order
    resamples    INTEGER          NOT NULL,  -- resamplings so far
    n_ess        DOUBLE PRECISION,           -- the effective sample size after it
    state        ${blob},                    -- the checkpoint; NULL between checkpoints
    PRIMARY KEY (run_id, experiments)
);
