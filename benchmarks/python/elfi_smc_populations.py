"""ELFI's own ABC-SMC on its MA2 example, every population printed with full precision, to set beside
`simrt abc-smc --model ma2 --rng elfi` (deploy/src/main/java/io/simrt/cli/AbcSmcCommand.java) number for number.

  PYTHONPATH=/tmp/peers/elfi:/work/shared/peers/stubs /usr/bin/python3 benchmarks/python/elfi_smc_populations.py \
      --seed 2024 --samples 300 --batch-size 1000 --thresholds 0.5 0.25 0.1 [--rows 3] [--json]

The model is elfi.examples.ma2.get_model(n_obs=100, true_params=[0.6, 0.2], seed_obs=...), which is what simrt's
built-in ma2 model reproduces (docs/python-semantics.md §7); the native client runs one batch at a time, as simrt's
NativeClient does. --quantiles Q0 Q1 ... instead of --thresholds runs ELFI's quantile schedule.

numpy's exp and log differ between CPUs (on AVX-512 ones numpy 1.24 calls Intel's SVML, elsewhere the C library), and
ELFI's weights go through them; simrt reproduces the AVX-512 ones (io.simrt.models.random.NumpyMath). The reference
values in inference/src/test/java/io/simrt/inference/abc/ElfiSmcParityTest.java come from this script on such a CPU.
"""
import argparse
import hashlib
import json
import os
import sys
import warnings

for _v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--observed-seed", type=int, default=4)
    ap.add_argument("--samples", type=int, default=300)
    ap.add_argument("--batch-size", type=int, default=1000)
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--thresholds", type=float, nargs="+")
    g.add_argument("--quantiles", type=float, nargs="+")
    ap.add_argument("--rows", type=int, default=3, help="rows of samples/weights/distances printed per population")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    warnings.filterwarnings("ignore")
    import numpy as np
    import elfi
    from elfi.examples import ma2

    elfi.set_client("native")
    model = ma2.get_model(n_obs=100, true_params=[0.6, 0.2], seed_obs=args.observed_seed)
    smc = elfi.SMC(model["d"], batch_size=args.batch_size, seed=args.seed)
    if args.thresholds is not None:
        res = smc.sample(args.samples, thresholds=args.thresholds, bar=False)
    else:
        res = smc.sample(args.samples, quantiles=args.quantiles, bar=False)
    pops = []
    for r, pop in enumerate(res.populations):
        x = pop.samples_array
        w = pop.weights
        pops.append({
            "round": r,
            "threshold": float(pop.threshold),
            "n_sim": int(pop.n_sim),
            "n_batches": int(pop.n_batches),
            "means": [float(m) for m in pop.sample_means_array],
            "cov_diag": [float(c) for c in pop.cov.diagonal()],
            "weight_sum": float(w.sum()),
            "samples": [[float(v) for v in row] for row in x[:args.rows]],
            "weights": [float(v) for v in w[:args.rows]],
            "distances": [float(v) for v in pop.discrepancies[:args.rows]],
            # every sample, weight and distance, bit for bit: SHA-256 of their float64 bytes (little-endian),
            # the samples row by row, then the weights, then the distances
            "sha256": hashlib.sha256(np.ascontiguousarray(x, dtype="<f8").tobytes()
                                     + np.ascontiguousarray(w, dtype="<f8").tobytes()
                                     + np.ascontiguousarray(pop.discrepancies, dtype="<f8").tobytes()).hexdigest(),
        })
    if args.json:
        print(json.dumps({"elfi": elfi.__version__, "populations": pops}, indent=1))
    else:
        for p in pops:
            print("round %d threshold %r n_sim %d n_batches %d" % (p["round"], p["threshold"], p["n_sim"],
                                                                   p["n_batches"]))
            print("  means %r cov_diag %r weight_sum %r" % (p["means"], p["cov_diag"], p["weight_sum"]))
            print("  sha256 %s" % p["sha256"])
            for s, w, d in zip(p["samples"], p["weights"], p["distances"]):
                print("  sample %r weight %r d %r" % (s, w, d))
    return 0


if __name__ == "__main__":
    sys.exit(main())
