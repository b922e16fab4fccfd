#!/usr/bin/env python3
"""Read a simrt run store (an SQLite file) with Python's sqlite3 and numpy; see docs/run-store.md.

    python3 read_runs.py STORE.db [RUN_ID] [--json]

Lists the runs, then for RUN_ID (an id or its start; default: the newest run) decodes the final population's
samples (simrt_populations.sample_data) into a table of parameters per sample, prints the weighted means, and
decodes each stored batch's blob (simrt_batches.data) with numpy.frombuffer, or reads it with numpy.fromfile
from the run's simulations file (STORE.db.simulations/RUN_ID.f64) when the run kept every simulation. With --json
it prints one JSON object instead (floats as repr, so they read back to the same bits).
"""
import json
import sqlite3
import sys

import numpy as np


def runs(db):
    """Every run, newest first, as dicts."""
    cur = db.execute(
        "SELECT id, kind, status, model_name, samples, batches_run, batches_reused, started_at, ended_at"
        " FROM simrt_runs ORDER BY started_at DESC, id")
    names = [c[0] for c in cur.description]
    return [dict(zip(names, row)) for row in cur]


def find_run(db, prefix):
    """The one run whose id starts with prefix."""
    found = db.execute("SELECT id, parameter_names FROM simrt_runs WHERE id LIKE ?", (prefix + "%",)).fetchall()
    if len(found) != 1:
        sys.exit("%d runs match %r" % (len(found), prefix))
    return found[0][0], json.loads(found[0][1])


def final_population(db, run_id, parameters):
    """The last population: values (samples x parameters), weights and distances, by sample row. sample_data is
    little-endian float64 values[samples * n_params] (row-major, in parameter_names order), distances[samples] (NaN
    for none), weights[samples]; a population stored before schema version 3 has it NULL and its samples in
    simrt_samples instead, one row per sample and parameter, pivoted here into the same table."""
    population, n, data = db.execute(
        "SELECT population, samples, sample_data FROM simrt_populations WHERE run_id = ?"
        " ORDER BY population DESC LIMIT 1", (run_id,)).fetchone() or (None, 0, None)
    if population is None:
        sys.exit("run %s stored no population" % run_id)
    d = len(parameters)
    if data is not None:
        values = np.frombuffer(data, dtype="<f8", count=n * d).reshape(n, d)
        distances = np.frombuffer(data, dtype="<f8", count=n, offset=8 * n * d)
        weights = np.frombuffer(data, dtype="<f8", count=n, offset=8 * n * (d + 1))
        return population, values, weights, distances
    rows = db.execute(
        "SELECT sample_row, parameter, value, distance, weight FROM simrt_samples"
        " WHERE run_id = ? AND population = ?", (run_id, population)).fetchall()
    n = 1 + max(r[0] for r in rows) if rows else 0
    column = {name: i for i, name in enumerate(parameters)}
    values = np.empty((n, d))
    weights = np.empty(n)
    distances = np.empty(n)
    for row, parameter, value, distance, weight in rows:  # the pivot: one row per sample, one column per parameter
        values[row, column[parameter]] = value
        weights[row] = weight
        distances[row] = np.nan if distance is None else distance
    return population, values, weights, distances


def means(values, weights):
    """sum_i w_i x_i / sum_i w_i per parameter, as simrt (and numpy.average of one column) sums: numpy's pairwise
    sum of each contiguous column of products, so the means equal simrt's to the last bit."""
    wsum = float(np.sum(weights))
    return [float(np.sum(np.ascontiguousarray(values[:, p]) * weights)) / wsum for p in range(values.shape[1])]


def batches(db, path, run_id):
    """Each stored batch decoded: data is little-endian int32 rows[kept] (left out when the record is complete: they
    are then 0 .. size - 1), float64 params[kept * n_params] (row-major), float64 distances[kept], float64
    summaries[kept * n_summaries] (row-major; none unless the run kept every simulation). A run that kept every
    simulation has its complete records in the file path + ".simulations/" + run_id + ".f64" instead, data_offset
    bytes in, with the same layout (no rows), and an empty data."""
    out = []
    simulations = "%s.simulations/%s.f64" % (path, run_id)
    columns = [c[1] for c in db.execute("PRAGMA table_info(simrt_batches)")]
    offset_column = "data_offset" if "data_offset" in columns else "NULL"  # a store from before schema version 4
    for index, size, complete, kept, n_params, n_summaries, data, offset in db.execute(
            "SELECT batch_index, size, complete, kept, n_params, n_summaries, data, " + offset_column +
            " FROM simrt_batches WHERE run_id = ? ORDER BY batch_index", (run_id,)):
        row_bytes = 0 if complete else 4 * kept
        if offset is not None:
            length = 8 * kept * (n_params + 1 + n_summaries)
            data = np.fromfile(simulations, dtype="<u1", count=length, offset=offset)
            if len(data) != length:
                sys.exit("batch %d: %s holds %d of its %d bytes at %d; the file was cut or replaced"
                         % (index, simulations, len(data), length, offset))
        rows = np.arange(kept, dtype="<i4") if complete else np.frombuffer(data, dtype="<i4", count=kept, offset=0)
        params = np.frombuffer(data, dtype="<f8", count=kept * n_params, offset=row_bytes).reshape(kept, n_params)
        distances = np.frombuffer(data, dtype="<f8", count=kept, offset=row_bytes + 8 * kept * n_params)
        summaries = np.frombuffer(data, dtype="<f8", count=kept * n_summaries,
                                  offset=row_bytes + 8 * kept * (n_params + 1)).reshape(kept, n_summaries)
        out.append({"index": index, "size": size, "rows": rows, "params": params, "distances": distances,
                    "summaries": summaries})
    return out


def main(argv):
    as_json = "--json" in argv
    args = [a for a in argv if a != "--json"]
    if not args:
        sys.exit(__doc__)
    db = sqlite3.connect("file:%s?mode=ro" % args[0], uri=True)
    listed = runs(db)
    if not listed:
        sys.exit("no runs in %s" % args[0])
    run_id, parameters = find_run(db, args[1] if len(args) > 1 else listed[0]["id"])
    population, values, weights, distances = final_population(db, run_id, parameters)
    m = means(values, weights)
    decoded = batches(db, args[0], run_id)
    if as_json:
        print(json.dumps({
            "runs": listed,
            "run": run_id,
            "population": population,
            "samples": values.shape[0],
            "means": dict(zip(parameters, m)),
            "batches": [{"index": b["index"], "size": b["size"], "rows": b["rows"].tolist(),
                         "params": b["params"].ravel().tolist(), "distances": b["distances"].tolist(),
                         "summaries": b["summaries"].ravel().tolist()}
                        for b in decoded],
        }))
        return
    for r in listed:
        print("%(id)s  %(kind)-7s  %(status)-7s  %(model_name)s  %(samples)d samples  "
              "%(batches_run)d/%(batches_reused)d batches run/reused  %(started_at)s" % r)
    print("run %s, population %d: %d samples of %s" % (run_id, population, values.shape[0], ", ".join(parameters)))
    for name, mean in zip(parameters, m):
        print("mean %s %r" % (name, mean))
    for b in decoded:
        print("batch %d: %d of %d rows kept, nearest distance %r" % (
            b["index"], len(b["rows"]), b["size"], float(b["distances"].min()) if len(b["rows"]) else float("nan")))


if __name__ == "__main__":
    main(sys.argv[1:])
