"""What besides the config shapes a recording's float32 numbers, pinned and written down.

Torch's CPU kernels split work by the intra-op thread count and pick vector code by the
CPU (AVX2, AVX-512, ...): the same run on a 2-core and a 64-core machine can differ in
the last bit. So every run trains with ``TRAIN_THREADS`` intra-op threads (restored
afterwards), and the thread count, the CPU capability torch uses, the torch version and
``ENGINE_VERSION`` go into the recording's metadata and its cache key.

The code a run executes is in its key by itself (``engine.run_code``: the loop, recorder and file
writer, and only the run's own data generator), so changing that code re-records exactly the runs
that execute it. ``ENGINE_VERSION`` is a manual override on top: raise it to re-record every run for a
reason the code does not show (a data file under ``engine/data/`` changed, say).
"""

from __future__ import annotations

import contextlib

__all__ = ["ENGINE_VERSION", "TRAIN_THREADS", "KEY_FIELDS", "fixed_threads", "cpu_capability", "numerics"]

#: raise to re-record every run (the code each run executes is keyed by itself: engine.run_code)
ENGINE_VERSION = 3
#: intra-op threads every training run (and landscape) uses, on every machine
TRAIN_THREADS = 1
#: metadata fields, besides the config and the schema, that a cache key hashes
KEY_FIELDS = ("torch", "engine_version", "threads", "cpu_capability")


def cpu_capability() -> str:
    """The vector code torch's CPU kernels use here (``AVX2``, ``AVX512``, ``DEFAULT``...)."""
    import torch  # here, not at the top: `import engine` (and `lecture list`) must not cost torch

    try:
        return str(torch.backends.cpu.get_cpu_capability())
    except Exception:  # noqa: BLE001 - an old or odd build: name it unknown, never fail
        return "unknown"


def numerics() -> dict:
    """This machine's values of ``KEY_FIELDS``: what a recording made now is keyed by."""
    import torch

    return {"torch": torch.__version__, "engine_version": ENGINE_VERSION, "threads": TRAIN_THREADS,
            "cpu_capability": cpu_capability()}


@contextlib.contextmanager
def fixed_threads(n: int = TRAIN_THREADS):
    """Run the block with ``n`` intra-op threads, then restore the caller's count."""
    import torch

    before = torch.get_num_threads()
    if before != n:
        torch.set_num_threads(n)
    try:
        yield
    finally:
        if torch.get_num_threads() != before:
            torch.set_num_threads(before)

