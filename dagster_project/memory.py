"""Give memory the process no longer uses back to the operating system.

After ingest and the gates, the pipeline process keeps the heap pages its
pandas frames used: glibc's malloc holds freed memory for reuse rather than
returning it. At ten times the default population that was about 1 GB kept
through the dbt step, beside dbt's own process (docs/performance.md).
"""

from __future__ import annotations

import ctypes
import gc


def release_freed_memory() -> bool:
    """Collect garbage, then ask glibc to return free heap pages; False where there is no glibc."""
    gc.collect()
    # The symbols already loaded into this process, libc's among them: no
    # `ctypes.util.find_library`, which starts `ldconfig` in a child process.
    malloc_trim = getattr(ctypes.CDLL(None), "malloc_trim", None)
    if malloc_trim is None:
        return False
    malloc_trim(0)
    return True
