"""The child side of signage.media.isolation: `python -m signage.media.isolated_child`.

Reads a pickled (module, function, args, memory limit) from stdin, runs it, and writes a
pickled (True, result) or (False, (exception type, message)) to stdout. Only the parent in
signage.media.isolation writes to its stdin, so unpickling it is as safe as importing.
"""

from __future__ import annotations

import importlib
import pickle
import sys


def _limit_memory(memory_bytes: int | None) -> None:
    if not memory_bytes:
        return
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    except (ImportError, ValueError, OSError):
        pass  # not on this platform, or a lower hard limit already applies


def main() -> int:
    module_name, qualname, args, memory_bytes = pickle.loads(sys.stdin.buffer.read())
    _limit_memory(memory_bytes)
    try:
        target = importlib.import_module(module_name)
        for part in qualname.split("."):
            target = getattr(target, part)
        outcome = (True, target(*args))
    except MemoryError:
        outcome = (False, ("MemoryError", ""))
    except Exception as exc:
        outcome = (False, (type(exc).__name__, str(exc)))
    sys.stdout.buffer.write(pickle.dumps(outcome))
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
