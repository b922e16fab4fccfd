"""A worker for ExternalSimulatorTest: replies (sum of the row, seed mod 1000, row index) per row, and misbehaves as
SIMRT_TEST_MODE says (chatty: a line on stderr per batch; nan: a NaN in row 2). A mode with -once misbehaves only
while the file SIMRT_TEST_MARKER does not exist (it creates it), so that the restarted worker behaves."""
import os
import sys
import time

import numpy as np

mode = os.environ.get("SIMRT_TEST_MODE", "ok")
marker = os.environ.get("SIMRT_TEST_MARKER", "")


def first_time():
    if os.path.exists(marker):
        return False
    open(marker, "w").close()
    return True


if mode in ("garbage", "wrong-rows"):
    import struct

    sys.stdout.buffer.write(b"SIMRTRDY\x01\x00\x00\x00")
    sys.stdout.buffer.flush()
    header = sys.stdin.buffer.read(36)
    rows, cols = struct.unpack("<II", header[28:36])
    sys.stdin.buffer.read(8 * rows * cols)
    if mode == "garbage":
        sys.stdout.buffer.write(b"hello, this is not a reply at all")
    else:
        sys.stdout.buffer.write(struct.pack("<8sII", b"SIMRTREP", rows + 1, 3) + bytes(8 * 3 * (rows + 1)))
    sys.stdout.buffer.flush()
    time.sleep(60)
    sys.exit(0)

from simrt_worker import serve  # noqa: E402


def simulate(params, seed):
    if mode == "crash-once" and first_time():
        print("crashing on purpose", file=sys.stderr, flush=True)
        os._exit(7)
    if mode == "hang-once" and first_time():
        print("hanging on purpose", file=sys.stderr, flush=True)
        time.sleep(600)
    if mode == "always-fail":
        for i in range(30):
            print("failure line %d" % i, file=sys.stderr)
        sys.stderr.flush()
        os._exit(3)
    if mode == "chatty":
        print("simulating %d rows" % params.shape[0], file=sys.stderr, flush=True)
    rows = params.shape[0]
    out = np.empty((rows, 3))
    out[:, 0] = params.sum(axis=1)
    out[:, 1] = seed % 1000
    out[:, 2] = np.arange(rows)
    if mode == "nan" and rows > 2:
        out[2, 1] = np.nan
    return out


serve(simulate)
