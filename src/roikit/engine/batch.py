"""Many recalculations at once: scenarios of one workbook, or many workbooks, on several
processes or on a Dask cluster.

The work is cut into chunks (a few scenarios, or one workbook); each chunk is one task. A worker
process keeps every workbook it has opened (:func:`_open`), so a workbook is loaded once per
worker however many scenarios it then recalculates. Tasks go to an executor with the
:class:`concurrent.futures.Executor` interface: in-process for one worker, a
:class:`~concurrent.futures.ProcessPoolExecutor` for ``workers=N``, or Dask's executor for a
scheduler address (``tcp://host:8786``; install ``roikit[batch]``). On a cluster the workbook
travels with the work (sent to every worker once, for its scenarios), so the workers need no
shared disk.

Results come back in the order of the scenarios (or workbooks), each as soon as every earlier
one is done, so the caller can stream them. A scenario or workbook that fails is an outcome
with its error; the rest go on.
"""

from __future__ import annotations

import concurrent.futures as cf
import hashlib
import multiprocessing
import os
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import Any

from roikit.engine.backend import backend_class
from roikit.engine.book import Book
from roikit.errors import RoikitError, WorkbookError

#: at most this many scenarios go into one task (smaller tasks balance better, larger cost less)
MAX_CHUNK = 250
#: the fewest scenarios in a task, but for the last (a task costs a round trip to a worker)
MIN_CHUNK = 8
#: how long to try reaching a Dask scheduler
CONNECT_TIMEOUT = "20s"


@dataclass(frozen=True)
class Source:
    """A workbook as a task receives it: its path, and its bytes when the worker may not share
    the disk (a cluster)."""

    path: str
    digest: str
    data: bytes | None = None

    @classmethod
    def of(cls, path: str | os.PathLike[str], *, with_data: bool = False) -> Source:
        data = Path(path).read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        return cls(str(path), digest, data if with_data else None)


@dataclass
class Outcome:
    """One scenario's result: each output's value, or (each output None) why it failed.

    An output the engine cannot calculate (an unknown function, a circular reference) does not
    fail the scenario: its value is the error its cell shows, and ``problems`` says why."""

    index: int
    values: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    problems: dict[str, str] = field(default_factory=dict)


# ----------------------------------------------------------------------------- in a worker

_BOOKS: dict[tuple[str, str], Book] = {}
_LOCKS: dict[tuple[str, str], threading.Lock] = {}
_GUARD = threading.Lock()


@contextmanager
def _open(source: Source, engine: str) -> Iterator[Book]:
    """The worker's open Book for ``source`` (loaded on first use, then kept), held for one task:
    a Dask worker may run tasks in threads, and a Book is not shared between two at once."""
    key = (source.digest, engine)
    with _GUARD:
        lock = _LOCKS.setdefault(key, threading.Lock())
    with lock:
        book = _BOOKS.get(key)
        if book is None:
            book = Book(_local_path(source), engine=engine)
            _BOOKS[key] = book
        yield book


def _local_path(source: Source) -> Path:
    """A path to the workbook on this worker: its own path, or its bytes written once to a
    temporary folder (named by content, so a changed workbook is a new file)."""
    if source.data is None:
        return Path(source.path)
    folder = Path(tempfile.gettempdir()) / "roikit-batch"
    folder.mkdir(exist_ok=True)
    local = folder / f"{source.digest[:16]}-{Path(source.path).name}"
    if not local.exists():
        partial = local.with_suffix(f".{os.getpid()}.part")
        partial.write_bytes(source.data)
        partial.replace(local)
    return local


def scenario_chunk(
    source: Source, engine: str, scenarios: Sequence[tuple[int, dict[str, Any]]]
) -> list[Outcome]:
    """Recalculate one workbook once per scenario (input name -> value); every output's value.

    A name the workbook does not have raises (every scenario would fail the same way); any
    other error fails only its scenario."""
    with _open(source, engine) as book:
        for name in {name for _, inputs in scenarios for name in inputs}:
            book.resolve(name)
        return _recalculate(book, scenarios, list(book.outputs()), everything=False)


def _recalculate(
    book: Book,
    scenarios: Sequence[tuple[int, dict[str, Any]]],
    outputs: list[str],
    *,
    everything: bool,
) -> list[Outcome]:
    outcomes = []
    for index, inputs in scenarios:
        try:
            for name, value in inputs.items():
                book.set(name, value)
            book.calculate(None if everything else outputs)
            found, problems = book.get_many(outputs)
            values = book.dates_shown(found)  # a date, not its serial number
            why = {name: str(problem) for name, problem in problems.items()}
            outcomes.append(Outcome(index, values, problems=why))
        except (RoikitError, ValueError) as err:
            outcomes.append(Outcome(index, dict.fromkeys(outputs), error=str(err)))
    return outcomes


@dataclass
class BookOutcome:
    """One workbook's outcomes (one per scenario, or one with no scenarios), or why it could
    not be recalculated at all."""

    index: int
    path: str
    outcomes: list[Outcome] = field(default_factory=list)
    error: str | None = None


def book_task(
    index: int,
    source: Source,
    engine: str,
    scenarios: Sequence[tuple[int, dict[str, Any]]],
    save_to: str | None,
) -> BookOutcome:
    """One workbook of many: its outputs for each scenario (or as it is, with no scenarios),
    and the recalculated workbook saved to ``save_to`` when asked (after the last scenario)."""
    try:
        with Book(_local_path(source), engine=engine) as book:
            outputs = list(book.outputs())
            outcomes = _recalculate(book, scenarios or [(0, {})], outputs, everything=bool(save_to))
            if save_to:
                Path(save_to).parent.mkdir(parents=True, exist_ok=True)  # on this worker's disk
                book.save(save_to)
    except (RoikitError, OSError, ValueError) as err:
        return BookOutcome(index, source.path, error=str(err))
    return BookOutcome(index, source.path, outcomes)


# ----------------------------------------------------------------------------- the caller


def chunks(count: int, workers: int) -> list[range]:
    """``range(count)`` cut into tasks that shrink as the work goes (guided scheduling): each
    takes half of what is left divided among the workers, within :data:`MIN_CHUNK` and
    :data:`MAX_CHUNK`. The first tasks are large (few round trips to the workers), the last
    small, so that the workers finish together even when one of them is slower (a busy core,
    a weaker machine of a cluster): 1,000 scenarios on 2 workers are 16 tasks, 250 down to 6.
    """
    parts = []
    start = 0
    while start < count:
        size = max(MIN_CHUNK, min(MAX_CHUNK, -(-(count - start) // (2 * workers))))
        parts.append(range(start, min(start + size, count)))
        start += size
    return parts


@contextmanager
def executor(
    workers: int = 1, scheduler: str | None = None, engine: str = "fast"
) -> Iterator[cf.Executor | None]:
    """Where tasks run: None (here, one after another), local processes, or a Dask cluster.
    Local processes forked from this one start with ``engine`` imported here, once."""
    if scheduler:
        try:
            from distributed import Client
        except ImportError:
            raise WorkbookError("--scheduler needs Dask: pip install 'roikit[batch]'") from None
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT)  # type: ignore[no-untyped-call]
        except (OSError, TimeoutError) as err:
            raise WorkbookError(f"cannot reach the Dask scheduler {scheduler}: {err}") from None
        try:
            yield client.get_executor(pure=False)  # type: ignore[no-untyped-call]
        finally:
            client.close()  # type: ignore[no-untyped-call]
    elif workers > 1:
        context = process_context()
        if context.get_start_method() == "fork":  # each worker would import it for itself
            backend_class(engine)
        with cf.ProcessPoolExecutor(workers, mp_context=context) as pool:
            yield pool
    else:
        yield None


def process_context() -> BaseContext:
    """How the local worker processes start: forked from this process on Linux, the system's
    default elsewhere (spawned on macOS, where a fork is not safe, and on Windows).

    A forked worker starts with roikit imported and takes its first task within milliseconds.
    Python 3.14 made the fork server the default on Linux, and a worker started any other way
    imports roikit itself, about 0.3 s each. Measured in a process that had imported roikit, on
    1,000 scenarios of the bench sheet (``benchmarks/bench_batch.py``): 2 workers took 0.12 s
    forked, 0.28 s from a fork server that had imported roikit, 0.53 s spawned, against 0.2 s
    for one worker.

    A fork copies only the thread that calls it. roikit's engines run no threads of their own
    (formualizer's parallel evaluation is off: see :mod:`roikit.engine.fast`); numpy's OpenBLAS
    runs a pool from its import, which OpenBLAS shuts down before a fork (its own fork handler)
    and starts again when next needed. Python 3.12 and later warn of any fork in a process with
    other threads, that one included.
    """
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


Task = tuple[Callable[..., Any], tuple[Any, ...]]


def _results(pool: cf.Executor | None, tasks: list[Task]) -> Iterator[Any]:
    """Each task's result, in task order, each as soon as it and the tasks before it are done
    (all tasks are submitted first, so the workers never wait for the caller)."""
    if pool is None:
        for function, arguments in tasks:
            yield function(*arguments)
        return
    futures = [pool.submit(function, *arguments) for function, arguments in tasks]
    try:
        for future in futures:
            yield future.result()
    finally:
        for future in futures:
            future.cancel()


def _sent_once(pool: cf.Executor | None, source: Source) -> Any:
    """What the tasks of one workbook take as its source: on a Dask cluster, the workbook sent
    to every worker once (a task then carries a reference to it, where each task carried the
    workbook's bytes: a 3.6 MB workbook in 20 tasks was 72 MB on the network); elsewhere the
    source itself, a path."""
    client = _dask_client(pool)
    if client is None or source.data is None:
        return source
    return client.scatter(source, broadcast=True)


def _dask_client(pool: cf.Executor | None) -> Any:
    """The Dask client behind ``pool`` (Dask's executor keeps it), or None for local work."""
    return getattr(pool, "_client", None)


def _workers(pool: cf.Executor | None, workers: int) -> int:
    if pool is None:
        return 1
    client = _dask_client(pool)  # Dask: as many as the cluster has threads
    if client is not None:
        threads: dict[str, int] = client.nthreads()
        return max(1, sum(threads.values()))
    return workers


def run_scenarios(
    book: str | os.PathLike[str],
    scenarios: Sequence[dict[str, Any]],
    *,
    engine: str = "fast",
    workers: int = 1,
    scheduler: str | None = None,
) -> Iterator[Outcome]:
    """Recalculate ``book`` once per scenario (input name -> value), in parallel: one Outcome
    per scenario, in order, holding every output's value or the scenario's error."""
    try:
        source = Source.of(book, with_data=bool(scheduler))
    except OSError as err:
        raise WorkbookError(f"cannot read {book}: {err.strerror or err}") from None
    numbered = list(enumerate(scenarios))
    with executor(workers, scheduler, engine) as pool:
        parts = chunks(len(numbered), _workers(pool, workers))
        shared = _sent_once(pool, source)
        tasks = [(scenario_chunk, (shared, engine, [numbered[i] for i in part])) for part in parts]
        for outcomes in _results(pool, tasks):
            yield from outcomes


def run_books(
    books: Sequence[str | os.PathLike[str]],
    scenarios: Sequence[dict[str, Any]] = (),
    *,
    engine: str = "fast",
    workers: int = 1,
    scheduler: str | None = None,
    save_dir: str | os.PathLike[str] | None = None,
) -> Iterator[BookOutcome]:
    """Recalculate each workbook (with each scenario, if any) in parallel, one task per
    workbook, yielding their outcomes in order. With ``save_dir`` each recalculated workbook is
    saved there under its own name."""
    numbered = list(enumerate(scenarios))
    unreadable: dict[int, BookOutcome] = {}
    tasks: list[Task] = []
    for index, path in enumerate(books):
        try:
            source = Source.of(path, with_data=bool(scheduler))
        except OSError as err:
            unreadable[index] = BookOutcome(index, str(path), error=f"cannot read it: {err}")
            continue
        save_to = str(Path(save_dir) / Path(path).name) if save_dir else None
        tasks.append((book_task, (index, source, engine, numbered, save_to)))
    with executor(workers, scheduler, engine) as pool:
        results = _results(pool, tasks)
        for index in range(len(books)):
            yield unreadable[index] if index in unreadable else next(results)
