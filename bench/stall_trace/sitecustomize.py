"""Who holds the event loop: a greenlet switch tracer, loaded by Python at start-up from
`PYTHONPATH` (the name `sitecustomize` is what makes that happen), active only when
`STALL_LOG` names a file.

    PYTHONPATH=bench/stall_trace STALL_LOG=/tmp/stalls.log STALL_MS=5 \\
        .venv/bin/python -m bench.fleet --players 2000 --seconds 60

The server the bench starts inherits the environment, so both processes trace. Each time a
greenlet has run longer than STALL_MS without switching, one line: pid, milliseconds, wall
clock, the greenlet, what it was doing (a batched writer's `thread_name`, or the HTTP
request its connection served last) and where it switched out (newest frame first). Lines
of `Hub.run` include the loop's idle waits: leave them out. A line `gc [generation N]` is a
garbage collection that long (counted in the slice of the greenlet it interrupted too). A
sampling profiler (py-spy) says where CPU goes; this says which stretch of it stopped every
socket, and for how long.
"""

import gc
import os
import time
import traceback

try:
    import greenlet
except ImportError:  # a process without greenlet (a tool run by the bench): nothing to trace
    greenlet = None


def _doing(frame) -> str:  # type: ignore[no-untyped-def]
    while frame is not None:
        owner = frame.f_locals.get("self")
        if hasattr(owner, "thread_name"):
            return owner.thread_name
        request = getattr(owner, "mesg", None) or frame.f_locals.get("req")
        if request is not None and hasattr(request, "path"):
            return f"{request.method} {request.path}"
        frame = frame.f_back
    return ""


def _install(path: str, limit: float) -> None:
    last = [time.perf_counter()]

    def trace(event: str, args) -> None:  # type: ignore[no-untyped-def]
        if event not in ("switch", "throw"):
            return
        origin, _target = args
        now = time.perf_counter()
        spent, last[0] = now - last[0], now
        if spent < limit:
            return
        run = getattr(origin, "run", None) or getattr(origin, "_run", None)
        name = getattr(run, "__qualname__", None) or type(origin).__name__
        frame = origin.gr_frame
        frames = traceback.extract_stack(frame, limit=12) if frame is not None else []
        where = " < ".join(f"{os.path.basename(f.filename)}:{f.lineno}:{f.name}" for f in frames[::-1][:8])
        line = f"{os.getpid()} {spent * 1000:.1f}ms {time.time():.1f} {name} [{_doing(frame)}] | {where}"
        with open(path, "a") as out:
            out.write(line + "\n")

    greenlet.settrace(trace)

    # A garbage collection runs inside whichever greenlet allocated last: its own lines say
    # how much of a long slice was the collector's.
    started = [0.0]

    def collected(phase: str, info: dict) -> None:  # type: ignore[type-arg]
        if phase == "start":
            started[0] = time.perf_counter()
            return
        spent = time.perf_counter() - started[0]
        if spent >= limit:
            line = (
                f"{os.getpid()} {spent * 1000:.1f}ms {time.time():.1f} gc [generation {info['generation']}]"
                f" | collected {info['collected']}"
            )
            with open(path, "a") as out:
                out.write(line + "\n")

    gc.callbacks.append(collected)


if greenlet is not None and os.environ.get("STALL_LOG"):
    _install(os.environ["STALL_LOG"], float(os.environ.get("STALL_MS", "8")) / 1000)
