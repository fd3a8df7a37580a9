"""What besides the config shapes a recording's float32 numbers, pinned and written down.

Torch's CPU kernels split work by the intra-op thread count and pick vector code by the
CPU (AVX2, AVX-512, ...): the same run on a 2-core and a 64-core machine can differ in
the last bit. So every run trains with ``TRAIN_THREADS`` intra-op threads (restored
afterwards), and the thread count, the CPU capability torch uses, the torch version and
``ENGINE_VERSION`` go into the recording's metadata and its cache key.

``ENGINE_VERSION`` names the code that shapes recorded numbers (data generators, the
training loop, the recorder, architectures, the file writer). Change that code and the
number has to go up, so no recording of the old code is read as one of the new:
``tests/test_engine_version.py`` holds a hash of those sources (``sources_sha()``) per
version and fails, saying "bump ENGINE_VERSION", when they change.
"""

from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path

__all__ = ["ENGINE_VERSION", "TRAIN_THREADS", "ENGINE_SOURCES", "KEY_FIELDS",
           "fixed_threads", "cpu_capability", "numerics", "sources_sha"]

#: raise when the code in ENGINE_SOURCES changes what a run records
ENGINE_VERSION = 3
#: intra-op threads every training run (and landscape) uses, on every machine
TRAIN_THREADS = 1
#: the modules whose code shapes the recorded numbers
ENGINE_SOURCES = ("datasets.py", "training.py", "recorder.py", "architecture.py", "recording.py", "numerics.py")
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


def sources_sha() -> str:
    """sha256 over the text of ENGINE_SOURCES (line ends and trailing blanks normalised)."""
    h = hashlib.sha256()
    here = Path(__file__).parent
    for name in ENGINE_SOURCES:
        text = (here / name).read_text(encoding="utf-8")
        lines = [ln.rstrip() for ln in text.splitlines()]
        h.update(name.encode() + b"\0" + "\n".join(lines).encode() + b"\0")
    return h.hexdigest()
