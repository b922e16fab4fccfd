"""Python peers of `simrt bench external` (deploy/src/main/java/io/simrt/cli/ExternalBench.java): the same numpy
simulators that simrt runs as external workers, timed inside one Python process, so that the bench can set
simrt's figures beside them in the same run. Each subcommand prints one JSON object on stdout.

  external_peers.py worker {trivial,ma2}            serve the simulator over the batch protocol (a simrt worker);
                                                    --times FILE: log each simulate() call's own time there
  external_peers.py compute --worker W ...          time simulate(params, seed) alone, batch by batch
  external_peers.py rejection ...                   MA2 rejection ABC in batches, one process
  external_peers.py elfi ...                        the same with ELFI's Rejection and multiprocessing client
  external_peers.py codec ...                       encode+decode of one batch: binary frames against JSON lines

The MA2 simulator is examples/external/python/ma2_worker.py's `simulate`, imported from there, and the priors are
the model file's (examples/external/ma2-python.conf): t1 ~ uniform(-2, 2), t2 ~ uniform(-1, 1).
"""
import argparse
import json
import os
import statistics
import struct
import sys
import time

for _v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "examples", "external", "python"))

import numpy as np  # noqa: E402

import ma2_worker  # noqa: E402
from simrt_worker import serve  # noqa: E402

# the observed summaries of examples/external/ma2-python.conf
OBSERVED = np.array([0.6222141127726671, 0.16831748769474358])
ELFI_SETUP = ("ELFI's sources (github:elfi-dev/elfi, 0.8.7) and import stubs for its optional GPy, numdifftools and "
              "arviz must be importable by this interpreter (--elfi-path), with numpy and scipy installed "
              "(Debian: apt-get install python3-scipy)")


def trivial(params, seed):
    """Trivial numpy work: one multiply-add per value, two values out per row; the seed is not used."""
    return params * 0.5 + 1.0


SIMULATORS = {"trivial": trivial, "ma2": ma2_worker.simulate}


def prior(rs, rows):
    return np.column_stack((rs.uniform(-2.0, 2.0, rows), rs.uniform(-1.0, 1.0, rows)))


def cmd_worker(args):
    simulate = SIMULATORS[args.simulator]
    if not args.times:
        serve(simulate)
        return
    times = open(args.times, "a")

    def timed(params, seed):
        """simulate, its own time appended to --times in ms, one line per batch, before the reply is sent"""
        t0 = time.perf_counter()
        out = simulate(params, seed)
        times.write("%.6f\n" % ((time.perf_counter() - t0) * 1e3))
        times.flush()
        return out

    serve(timed)


def cmd_compute(args):
    """Times simulate() on `batches` batches of `batch_size` rows after `warmup` batches: what the worker itself
    spends per batch, without the protocol."""
    simulate = SIMULATORS[args.worker]
    rs = np.random.RandomState(args.seed)
    times = []
    for i in range(args.warmup + args.batches):
        params = prior(rs, args.batch_size)
        seed = int(rs.randint(0, 2**63, dtype=np.int64))
        t0 = time.perf_counter()
        simulate(params, seed)
        t = time.perf_counter() - t0
        if i >= args.warmup:
            times.append(t * 1e3)
    return {"worker": args.worker, "batchSize": args.batch_size, "batches": args.batches,
            "batchMillis": statistics.median(times), "meanBatchMillis": statistics.fmean(times)}


class TopK:
    """The k smallest distances seen so far, with their parameters."""

    def __init__(self, k):
        self.k = k
        self.params = np.empty((0, 2))
        self.d = np.empty(0)

    def add(self, params, d):
        p = np.concatenate([self.params, params])
        dd = np.concatenate([self.d, d])
        if len(dd) > self.k:
            idx = np.argpartition(dd, self.k - 1)[: self.k]
            p, dd = p[idx], dd[idx]
        self.params, self.d = p, dd


def cmd_rejection(args):
    """Rejection ABC as simrt runs the model file, in one process: per batch, prior draws, ma2_worker.simulate,
    euclidean distance to the observed summaries, the k nearest kept."""
    t0 = time.perf_counter()
    top = TopK(args.samples)
    done = 0
    i = 0
    while done < args.simulations:
        rows = min(args.batch_size, args.simulations - done)
        rs = np.random.RandomState([args.seed, i])
        params = prior(rs, rows)
        out = ma2_worker.simulate(params, int(rs.randint(0, 2**63, dtype=np.int64)))
        top.add(params, np.sqrt(np.sum((out - OBSERVED) ** 2, axis=1)))
        done += rows
        i += 1
    wall = time.perf_counter() - t0
    return {"seconds": wall, "simulations": done, "simulationsPerSecond": done / wall,
            "threshold": float(top.d.max()), "means": [float(m) for m in top.params.mean(axis=0)]}


def elfi_simulator(t1, t2, batch_size=1, random_state=None):
    """ma2_worker.simulate as an ELFI simulator: ELFI hands over the batch's RandomState, which seeds it."""
    params = np.column_stack((np.broadcast_to(t1, (batch_size,)), np.broadcast_to(t2, (batch_size,))))
    return ma2_worker.simulate(params, int(random_state.randint(0, 2**63, dtype=np.int64)))


def s1(x):
    return x[:, 0]


def s2(x):
    return x[:, 1]


def cmd_elfi(args):
    """The same model and rejection run in ELFI (elfi.Rejection) on its multiprocessing client."""
    for p in reversed([p for p in args.elfi_path.split(os.pathsep) if p]):
        sys.path.insert(0, p)
    try:
        import warnings
        warnings.filterwarnings("ignore")
        import elfi
        import elfi.clients.multiprocessing as emp
    except Exception as e:  # ImportError, or an import that fails inside ELFI
        return {"error": "ELFI not importable (%s: %s): %s" % (type(e).__name__, e, ELFI_SETUP)}
    client = emp.Client(num_processes=args.processes)
    elfi.set_client(client)
    m = elfi.ElfiModel()
    t1 = elfi.Prior("uniform", -2, 4, model=m, name="t1")
    t2 = elfi.Prior("uniform", -1, 2, model=m, name="t2")
    sim = elfi.Simulator(elfi_simulator, t1, t2, observed=OBSERVED.reshape(1, 2), name="sim")
    d = elfi.Distance("euclidean", elfi.Summary(s1, sim, name="S1"), elfi.Summary(s2, sim, name="S2"), name="d")
    warm = elfi.Rejection(d, batch_size=args.batch_size, seed=args.seed)
    warm.sample(min(args.samples, args.batch_size), n_sim=args.batch_size * args.processes, bar=False)
    rej = elfi.Rejection(d, batch_size=args.batch_size, seed=args.seed)
    t0 = time.perf_counter()
    result = rej.sample(args.samples, n_sim=args.simulations, bar=False)
    wall = time.perf_counter() - t0
    return {"seconds": wall, "simulations": int(result.n_sim), "simulationsPerSecond": result.n_sim / wall,
            "threshold": float(result.threshold), "elfiVersion": elfi.__version__, "processes": args.processes,
            "means": [float(result.samples["t1"].mean()), float(result.samples["t2"].mean())]}


def cmd_codec(args):
    """Decoding a request and encoding its reply, as a worker does, for one batch of rows x cols in and out:
    binary frames (numpy frombuffer/tobytes, as simrt_worker.py) against one JSON line per batch (json.loads and
    json.dumps of nested lists, floats repr-exact). The encoded messages are made beforehand, not timed."""
    rs = np.random.RandomState(args.seed)
    params = rs.standard_normal((args.rows, args.cols))
    reply = rs.standard_normal((args.rows, args.cols))
    req_bin = struct.pack("<8sIQQII", b"SIMRTREQ", 1, 0, 1, args.rows, args.cols) + params.tobytes()
    req_json = json.dumps({"seed": 1, "params": params.tolist()})
    header = struct.Struct("<8sIQQII")

    def binary():
        _m, _v, _s, _seed, rows, cols = header.unpack_from(req_bin)
        p = np.frombuffer(req_bin, dtype="<f8", offset=header.size).reshape(rows, cols)
        out = struct.pack("<8sII", b"SIMRTREP", p.shape[0], reply.shape[1]) + reply.tobytes()
        return len(out)

    def json_lines():
        p = np.array(json.loads(req_json)["params"], dtype=np.float64)
        out = json.dumps({"rows": p.shape[0], "values": reply.tolist()}) + "\n"
        return len(out)

    result = {"rows": args.rows, "cols": args.cols, "reps": args.reps}
    for name, fn in (("binary", binary), ("json", json_lines)):
        times = []
        for _ in range(args.reps):
            t0 = time.perf_counter()
            reply_bytes = fn()
            times.append((time.perf_counter() - t0) * 1e3)
        result[name] = {"medianMillis": statistics.median(times), "bestMillis": min(times),
                        "requestBytes": len(req_bin) if name == "binary" else len(req_json.encode()),
                        "replyBytes": reply_bytes}
    return result


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    w = sub.add_parser("worker")
    w.add_argument("simulator", choices=sorted(SIMULATORS))
    w.add_argument("--times", help="append the time of each simulate() call, in ms, to this file")
    c = sub.add_parser("compute")
    c.add_argument("--worker", choices=sorted(SIMULATORS), required=True)
    c.add_argument("--batch-size", type=int, default=10000)
    c.add_argument("--batches", type=int, default=50)
    c.add_argument("--warmup", type=int, default=5)
    for name in ("rejection", "elfi"):
        r = sub.add_parser(name)
        r.add_argument("--simulations", type=int, default=1000000)
        r.add_argument("--batch-size", type=int, default=10000)
        r.add_argument("--samples", type=int, default=5000)
        if name == "elfi":
            r.add_argument("--processes", type=int, default=2)
            r.add_argument("--elfi-path", default="", help="paths put first on sys.path")
    k = sub.add_parser("codec")
    k.add_argument("--rows", type=int, default=10000)
    k.add_argument("--cols", type=int, default=2)
    k.add_argument("--reps", type=int, default=50)
    for p in (c, k, *[sub.choices[n] for n in ("rejection", "elfi")]):
        p.add_argument("--seed", type=int, default=20170530)
    args = ap.parse_args()
    if args.cmd == "worker":
        cmd_worker(args)
        return
    result = {"compute": cmd_compute, "rejection": cmd_rejection, "elfi": cmd_elfi, "codec": cmd_codec}[args.cmd](args)
    result["python"] = sys.version.split()[0]
    result["numpy"] = np.__version__
    print(json.dumps(result))


if __name__ == "__main__":
    main()
