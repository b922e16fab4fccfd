"""The worker side of simrt's batch protocol (docs/external-simulators.md), standard library and numpy only.

    import numpy as np
    from simrt_worker import serve

    def simulate(params, seed):          # params: (rows, cols) float64; seed: int in [0, 2**64)
        rng = np.random.RandomState([seed & 0xFFFFFFFF, seed >> 32])
        return params + rng.standard_normal(params.shape)   # (rows, output_length)

    serve(simulate)

serve() sends the ready frame, then answers requests until stdin ends. Print diagnostics to stderr only: stdout
carries the protocol.
"""
import struct
import sys

import numpy as np

VERSION = 1
_REQUEST = struct.Struct("<8sIQQII")
_REPLY = struct.Struct("<8sII")


def _read_exactly(stream, n):
    chunks = []
    while n > 0:
        chunk = stream.read(n)
        if not chunk:
            return None
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def serve(simulate, stdin=None, stdout=None):
    """Answers simrt's batch requests with simulate(params, seed) until stdin ends."""
    stdin = stdin or sys.stdin.buffer
    stdout = stdout or sys.stdout.buffer
    stdout.write(b"SIMRTRDY" + struct.pack("<I", VERSION))
    stdout.flush()
    while True:
        header = _read_exactly(stdin, _REQUEST.size)
        if header is None:
            return
        magic, version, _sequence, seed, rows, cols = _REQUEST.unpack(header)
        if magic != b"SIMRTREQ" or version != VERSION:
            raise SystemExit("simrt_worker: not a version %d request: %r" % (VERSION, header[:12]))
        data = _read_exactly(stdin, 8 * rows * cols)
        if data is None:
            raise SystemExit("simrt_worker: stdin ended inside a request")
        params = np.frombuffer(data, dtype="<f8").reshape(rows, cols)
        out = np.ascontiguousarray(simulate(params, seed), dtype="<f8")
        if out.ndim == 1:
            out = out.reshape(rows, -1)
        if out.shape[0] != rows:
            raise SystemExit("simrt_worker: simulate returned %d rows for %d" % (out.shape[0], rows))
        stdout.write(_REPLY.pack(b"SIMRTREP", out.shape[0], out.shape[1]))
        stdout.write(out.tobytes())
        stdout.flush()
