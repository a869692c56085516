"""Memory a process has freed, given back to the system.

glibc's allocator keeps what Python frees (a language's postings, the texts it indexed)
for later use, so a worker that has indexed a language goes on holding it while it idles
and the build's peak is the sum of such leftovers. `malloc_trim` returns it: an indexing
process of 5,000 Chinese articles goes from 194 to 112 MB.
"""

from __future__ import annotations

import ctypes
import ctypes.util


def give_back() -> None:
    """Return the allocator's free memory to the system (glibc only; a no-op elsewhere).
    No collection first: in a forked process it would touch, and so copy, every object
    it shares with its parent; what is freed here is freed by reference counting."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to ask
        pass
