-- simrt run store, schema version 1 (docs/run-store.md). ${blob} is BLOB on SQLite, BYTEA on PostgreSQL.

-- One row per run: what it was asked, on what, and how it stands.
CREATE TABLE simrt_runs (
    id              VARCHAR(40)  PRIMARY KEY,
    kind            VARCHAR(16)  NOT NULL,  -- abc | abc-smc
    status          VARCHAR(16)  NOT NULL,  -- running | done | failed | stopped
    command         TEXT         NOT NULL,  -- the argv, a JSON array of strings
    model_name      TEXT         NOT NULL,
    parameter_names TEXT         NOT NULL,  -- a JSON array of strings
    model_spec      TEXT         NOT NULL,  -- the model's spec as the runtime sends it to engines (JSON)
    spec_hash       VARCHAR(64)  NOT NULL,  -- SHA-256 of model_spec
    observed_hash   VARCHAR(64)  NOT NULL,  -- SHA-256 of the observed data
    code_hash       VARCHAR(64)  NOT NULL,  -- SHA-256 of the model's jars ('' for none)
    seed            BIGINT       NOT NULL,
    rng             VARCHAR(16)  NOT NULL,  -- the stream family
    batch_size      INTEGER      NOT NULL,
    samples         INTEGER      NOT NULL,
    objective       TEXT         NOT NULL,  -- e.g. quantile 0.01, threshold 0.1, thresholds [0.5, 0.1]
    threshold_key   TEXT         NOT NULL,  -- the acceptance threshold batch records were counted at ('' for none)
    keep            VARCHAR(16)  NOT NULL,  -- candidates | simulations
    simrt_version   VARCHAR(32)  NOT NULL,
    client          VARCHAR(16)  NOT NULL,
    engines         INTEGER      NOT NULL,
    started_at      VARCHAR(40)  NOT NULL,  -- ISO-8601 UTC
    ended_at        VARCHAR(40),
    batches_run     BIGINT       NOT NULL,
    batches_reused  BIGINT       NOT NULL,
    message         TEXT                    -- why it failed or stopped
);

CREATE INDEX simrt_runs_reuse ON simrt_runs (spec_hash, observed_hash, seed, batch_size);

-- One row per batch a run merged. data: little-endian int32 rows[kept] (left out when complete = 1: they are then
-- 0 .. size - 1), float64 params[kept * n_params] (row-major), float64 distances[kept], float64
-- summaries[kept * n_summaries] (row-major).
CREATE TABLE simrt_batches (
    run_id       VARCHAR(40) NOT NULL REFERENCES simrt_runs (id),
    batch_index  BIGINT      NOT NULL,
    size         INTEGER     NOT NULL,
    skipped      BIGINT      NOT NULL,
    accepted     BIGINT      NOT NULL,
    complete     SMALLINT    NOT NULL,  -- 1: every row of the batch is kept
    kept         INTEGER     NOT NULL,
    n_params     INTEGER     NOT NULL,
    n_summaries  INTEGER     NOT NULL,  -- 0: no summaries kept
    data         ${blob}     NOT NULL,
    reused_from  VARCHAR(40),           -- the run it was first simulated in, when reused
    PRIMARY KEY (run_id, batch_index)
);

-- One row per ABC-SMC population (rejection ABC stores its result as population 0).
CREATE TABLE simrt_populations (
    run_id           VARCHAR(40)      NOT NULL REFERENCES simrt_runs (id),
    population       INTEGER          NOT NULL,
    round_threshold  DOUBLE PRECISION,          -- NULL: none (a quantile round)
    threshold        DOUBLE PRECISION,          -- the largest distance kept
    simulations      BIGINT           NOT NULL,
    batches          BIGINT           NOT NULL,
    samples          INTEGER          NOT NULL,
    covariance       TEXT             NOT NULL, -- the proposal covariance, a JSON array, row-major
    PRIMARY KEY (run_id, population)
);

-- The samples of each population, one row per sample and parameter (pivot on parameter to get a table).
CREATE TABLE simrt_samples (
    run_id      VARCHAR(40)      NOT NULL REFERENCES simrt_runs (id),
    population  INTEGER          NOT NULL,
    sample_row  INTEGER          NOT NULL,
    parameter   TEXT             NOT NULL,
    value       DOUBLE PRECISION NOT NULL,
    distance    DOUBLE PRECISION,
    weight      DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (run_id, population, sample_row, parameter)
);
