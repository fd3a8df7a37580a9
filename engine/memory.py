"""How much memory a recording may take: what is available now, and that amount in words.

Standard library only; ``training.check_memory`` and ``Recorder`` refuse a run that would not fit
before it starts.
"""

from __future__ import annotations

import os

__all__ = ["MEMORY_SHARE", "available_memory", "gigabytes"]


def available_memory() -> int | None:
    """Bytes of memory available now (Linux ``MemAvailable``), or None where unknown."""
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return None


#: a recording may use at most this share of the memory available when training starts
MEMORY_SHARE = 0.8


def gigabytes(n: float) -> str:
    """``n`` bytes in TB or GB, one decimal, for messages."""
    for unit, size in (("TB", 1e12), ("GB", 1e9)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{n / 1e6:.0f} MB"
