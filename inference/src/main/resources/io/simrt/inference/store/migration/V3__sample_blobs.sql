-- simrt run store, schema version 3 (docs/run-store.md): a population's samples as one blob in its own row.

-- samples: little-endian float64 values[samples * n_params] (row-major, parameters in simrt_runs.parameter_names
-- order), float64 distances[samples] (NaN for none), float64 weights[samples] (1 for rejection ABC). NULL for a
-- population stored before version 3, whose samples are in simrt_samples (one row per sample and parameter), where
-- nothing is written since.
ALTER TABLE simrt_populations ADD COLUMN sample_data ${blob};
