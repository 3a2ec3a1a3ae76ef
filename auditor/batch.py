"""Auditing a folder: every report in parallel processes, compared with the others for copying.

Three stages: parse every file and prepare it for copy detection (in parallel), index all
narrative text once (in order: only the clustering of sentences is left to do), then audit
each report against the index and its own body's other years (in parallel).  A file that
cannot be read becomes an error row; the batch goes on.
"""
from __future__ import annotations

import ctypes
import functools
import gc
import multiprocessing
import os
import pickle
import signal
import sys
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

from .errors import AuditorError
from .read import folder_files
from .score import Rubric, load_rubric
from .types import Report

if TYPE_CHECKING:
    import pandas as pd

    from .api import Audit
    from .checks.copying import Entry

# The auditing side (the topic model, scikit-learn, pandas: about 0.7 s of imports) is
# imported where it is used, once the reading workers are running: they need none of it.


@dataclass
class Failure:
    """A file the batch could not audit, and why."""

    source: str
    error: str

    def to_dict(self) -> dict:
        return {"source": self.source, "error": self.error}


def _parse(path: str, packed: bool = False) -> tuple[Report, Entry] | bytes | Failure:
    """The parsed report and its copy-index entry (masked, hashed): both are per-file work.

    ``packed``: the two pickled already, as a worker sends them, and unpacked by the parent
    (``_unpacked``).  The pool's thread in the parent then receives one bytes object instead
    of building every table cell and paragraph of the report while the parent's main thread
    loads the model; workers waited on that thread (see ``audit_files``).
    """
    from .checks.copying import prepare
    from .parse import parse
    from .read import read

    try:
        report = parse(read(path))
        entry = prepare(report)
    except AuditorError as error:
        return Failure(path, str(error))
    except Exception as error:  # a bug must not stop a province's batch; the row says what broke
        return Failure(path, f"internal error: {type(error).__name__}: {error}")
    # The normalised text's offset map is 40% of a parsed report: the parent keeps every
    # report, and the worker that audits one normalises its text again (``api.audit``).
    report.normalized = None
    return pickle.dumps((report, entry), pickle.HIGHEST_PROTOCOL) if packed else (report, entry)


def _unpacked(parsed: tuple[Report, Entry] | bytes | Failure) -> tuple[Report, Entry] | Failure:
    """What ``_parse`` returned, unpickled if it was packed."""
    if not isinstance(parsed, bytes):
        return parsed
    collecting = gc.isenabled()
    gc.disable()  # unpickling makes no garbage, and collections would walk every new cell
    try:
        return pickle.loads(parsed)
    finally:
        if collecting:
            gc.enable()


# Seconds a worker may spend on one file (reading, or auditing) before it is stopped: real
# reports take well under a second, a million characters of odd text or a long PDF seconds.
TIMEOUT = 600.0

# Set in the parent before the audit pool forks, so workers share them without pickling.
_SHARED: dict = {}


def _audit(index: int) -> Audit | Failure:
    from .api import audit

    report = _SHARED["reports"][index]
    try:
        result = audit(
            report,
            against=_SHARED["previous"].get(index, []),
            options={"copy_index": _SHARED["copy_index"], **_SHARED["options"]},
            model=_SHARED["model"],
            rubric=_SHARED["rubric"],
        )
    except Exception as error:
        return Failure(report.document.source, f"internal error: {type(error).__name__}: {error}")
    finally:
        report.normalized = None  # normalised again for the audit; small again after it (--jobs 1)
    refused = next((f for f in result.findings if f.check == "structure.not_a_report"), None)
    if refused:
        return Failure(report.document.source, refused.message)
    result.report = None  # the parent holds it: a worker sends back only what it found
    return result


def _died(path: str, stage: str, reason: str, timeout: float | None) -> Failure:
    if timeout and reason == f"killed by {signal.SIGALRM.name}":  # see _limited
        return Failure(path, str(AuditorError("E017", stage=stage, path=path, seconds=timeout)))
    return Failure(path, str(AuditorError("E016", stage=stage, path=path, reason=reason)))


def _load(model) -> None:
    """What every audit needs: the topic model, jieba's dictionary and its tags (loaded once
    here, the forked workers share them instead of each reading its own)."""
    from . import nlp
    from .api import topic_model

    topic_model(model)
    nlp.tokenizer()
    nlp.word_tags()


def _same_body_other_years(reports: list[Report], keys: list[str]) -> dict[int, list[Report]]:
    """For each report, the reports of the same body (``keys``: body keys) for other years."""
    by_body: dict[str, list[int]] = {}
    for index, key in enumerate(keys):
        by_body.setdefault(key, []).append(index)
    previous = {}
    for indices in by_body.values():
        for index in indices:
            previous[index] = [reports[i] for i in indices if i != index and reports[i].year != reports[index].year]
    return previous


def _usable_cores() -> int:
    """The cores this process may use, the default number of workers.

    Not the machine's count: a batch allowed 2 CPUs of a 64-core server (a container's quota,
    ``taskset``) started 64 workers, each holding hundreds of MB.  joblib (scikit-learn's own
    dependency) counts the CPUs the process may run on and the cgroup's CPU quota.
    """
    from joblib import cpu_count

    return max(1, cpu_count())


def _in_workers(jobs: int, items: int, timeout: float | None) -> bool:
    """Whether ``_map`` runs ``items`` items in worker processes (else in this process).

    With a ``timeout``, always (one job is one worker): only a worker can be stopped on an item
    that never ends, or die on one without taking the batch with it.  Without, only when there
    are two jobs and two items to share: this process is then the fastest place for the work.
    Where processes cannot be forked (Windows), never.
    """
    if items == 0 or "fork" not in multiprocessing.get_all_start_methods():
        return False
    return bool(timeout) or (jobs > 1 and items > 1)


def _map(
    function: Callable,
    items: list,
    jobs: int,
    progress: Callable[[int], None] | None,
    *,
    meanwhile: Callable[[], object] | None = None,
    each: Callable[[object], None] | None = None,
    unpack: Callable[[object], object] | None = None,
    died: Callable[[object, str], object] | None = None,
    timeout: float | None = None,
) -> list:
    """``map`` over processes forked from this one (workers inherit the model and the index),
    or in this process (``_in_workers``).

    ``meanwhile()`` runs in this process once the workers have their items, and ``each(result)``
    as each result comes in, in order: work that does not need the workers' results all at
    once is done while they work, instead of after them on an idle machine.  ``unpack(result)``
    is what is kept of a result, made as it comes (a worker's result sent packed).

    A worker that dies (killed for memory, a crash inside a library, or still at one item after
    ``timeout`` seconds) breaks the pool: the first item without a result is then run again
    alone in a process of its own, ``died(item, reason)`` is its result if that process dies
    too, and a new pool goes on with the rest.  Items run in this process (no ``timeout``, one
    job) are not timed, and a crash ends the map: nothing could stop them from here.

    A batch keeps thousands of results, and each full garbage collection would walk all of
    them again (a third of the parse stage's time).  Run here, every result is frozen out of
    collection as it is kept; garbage made while working is still collected by the young
    generations, and cycles that outlived them are left to the collections that follow the
    map, once all is unfrozen.  With workers, this process does not collect at all while they
    work: results arrive in a thread of the pool while this one may be busy (``meanwhile``),
    and collections there walked every result not yet kept, again and again (the parent was
    then the slowest of the processes, and the workers waited on it).  The workers collect.
    """
    results: list = []

    def keep(result: object) -> None:
        if unpack:
            result = unpack(result)
        results.append(result)
        if each:
            each(result)
        gc.freeze()
        if progress:
            progress(1)

    gc.freeze()  # objects made so far stay out of the workers' garbage collection: fewer pages copied
    try:
        if not _in_workers(jobs, len(items), timeout):
            if meanwhile:
                meanwhile()
            for item in items:
                keep(function(item))
            return results
        if timeout:
            function = functools.partial(_limited, function, timeout)
        collecting = gc.isenabled()
        gc.disable()  # until the map is done (see above); the workers enable it again
        try:
            _map_in_pools(function, items, jobs, results, keep, meanwhile, died)
        finally:
            if collecting:
                gc.enable()
    finally:
        gc.unfreeze()
    return results


def _map_in_pools(
    function: Callable,
    items: list,
    jobs: int,
    results: list,
    keep: Callable[[object], None],
    meanwhile: Callable[[], object] | None,
    died: Callable[[object, str], object] | None,
) -> None:
    """The pools of ``_map``: results kept in order, a new pool after a worker dies."""
    while len(results) < len(items):
        rest = items[len(results) :]
        # small chunks: a worker keeps a chunk's results until it is done (more to collect
        # garbage over, a larger message) and the last chunks balance the load
        chunk = max(1, min(8, len(rest) // (jobs * 8)))
        pool = ProcessPoolExecutor(
            max_workers=min(jobs, len(rest)), mp_context=multiprocessing.get_context("fork"), initializer=_worker_start, initargs=(os.getpid(),)
        )
        try:
            outcomes = pool.map(function, rest, chunksize=chunk)
            if meanwhile:
                meanwhile()
                meanwhile = None
            for result in outcomes:
                keep(result)
        except BrokenProcessPool:
            pool.shutdown()
            # The chunks the workers held (jobs + 1 at most) are lost with the one that broke
            # the pool: their items run alone, in order, up to the first that dies again, so
            # that no item runs more than twice.
            held = min(len(items), len(results) + (jobs + 1) * chunk)
            while len(results) < held:
                result, lived = _alone(function, items[len(results)], died)
                keep(result)
                if not lived:
                    break
            continue
        except BaseException:  # the workers finish the chunks they hold; the rest is never started
            pool.shutdown(cancel_futures=True)
            raise
        pool.shutdown()


_PR_SET_PDEATHSIG = 1  # prctl(2)


def _worker_start(parent: int) -> None:
    """What a worker process does first: collect garbage (the parent does not while it maps,
    see ``_map``) and die with its parent.

    A worker whose parent is gone would otherwise wait on its queue forever, holding its
    memory (hundreds of MB in a large batch): a scheduler that stops the command with SIGTERM,
    or the kernel killing the parent for memory, left every worker behind.  Linux kills this
    process when the parent dies (``prctl(PR_SET_PDEATHSIG)``); a parent already gone before
    that request is seen by the parent's pid having changed.  Elsewhere, nothing to ask for.
    """
    gc.enable()
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):  # a libc without prctl: the worker lives as before
            pass
    if os.getppid() != parent:
        os._exit(1)


def _limited(function: Callable, seconds: float, item: object) -> object:
    """``function(item)`` in a worker that SIGALRM kills after ``seconds`` (a reader stuck in a
    malformed file, where no exception would ever come)."""
    signal.signal(signal.SIGALRM, signal.SIG_DFL)  # the parent may have set a handler
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return function(item)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def _alone(function: Callable, item: object, died: Callable[[object, str], object] | None) -> tuple[object, bool]:
    """``function(item)`` in a process of its own, and True; ``died(item, reason)`` and False
    if that process dies."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_send, args=(function, item, sender, os.getpid()), daemon=True)
    process.start()
    sender.close()
    try:
        result = receiver.recv()
    except (EOFError, OSError):  # the process ended before its result, or while sending it
        process.join()
        reason = _ending(process.exitcode)
        if died is None:
            raise RuntimeError(f"a worker process died ({reason})") from None
        return died(item, reason), False
    finally:
        receiver.close()
    process.join()
    return result, True


def _ending(code: int | None) -> str:
    """How a process ended, from its exit code (minus the signal that killed it)."""
    if code is not None and code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit code {code}"


def _send(function: Callable, item: object, sender, parent: int) -> None:
    _worker_start(parent)
    sender.send(function(item))
    sender.close()


def _paths(paths_or_folder: str | os.PathLike[str] | Iterable[str | os.PathLike[str]]) -> list[str]:
    """A folder's report files (and those to convert first: error rows), or the given paths as strings."""
    if isinstance(paths_or_folder, (str, os.PathLike)):
        if Path(paths_or_folder).is_dir():
            return [str(p) for p in folder_files(paths_or_folder)[0]]
        return [str(paths_or_folder)]
    return [str(p) for p in paths_or_folder]


def audit_files(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    jobs: int | None = None,
    model=None,
    rubric: str | os.PathLike[str] | Rubric | None = None,
    options: dict | None = None,
    progress: Callable[[str, int, int], Callable[[int], None]] | None = None,
    timeout: float | None = TIMEOUT,
) -> list[Audit | Failure]:
    """Audit many files (or every report below a folder); results in the order of the paths.

    Each result is an ``Audit``, or a ``Failure`` for a file that could not be audited.
    ``progress(stage, total)`` may return a callback advanced once per file and stage.
    ``timeout``: seconds a worker process may spend reading or auditing one file before it
    is stopped and the file becomes a Failure (E017).  With a timeout every file is read and
    audited in worker processes, one job included, so that a file that never ends or kills
    its process (E016) is an error row; with None (no limit) and one job, all runs in this
    process, a little faster, but a file that hangs or crashes a reader stops the batch.

        >>> results = auditor.audit_files("corpora/reports", jobs=2)
        >>> auditor.coverage_frame(results)     # reports × requirements
    """
    from .checks.copying import CopyIndex  # the reading workers prepare entries for it

    paths = _paths(paths)
    jobs = jobs or _usable_cores()
    copy_index = CopyIndex()

    def index(item: tuple[Report, Entry] | Failure) -> None:
        if not isinstance(item, Failure):
            copy_index.add_prepared(item[1])  # in path order, as results come

    # While the workers read, this process imports and loads what the auditing workers will
    # share (scikit-learn and the model, jieba's dictionary and tags), then unpacks what they
    # sent and builds the copy index: about 2 s for which the workers would otherwise wait.
    parsed = _map(
        functools.partial(_parse, packed=_in_workers(jobs, len(paths), timeout)), paths, jobs, progress("reading", len(paths)) if progress else None,
        meanwhile=lambda: _load(model), unpack=_unpacked, each=index, died=lambda path, reason: _died(path, "reading", reason, timeout), timeout=timeout,
    )
    from .api import Audit, topic_model  # imported by _load already

    reports = [item[0] for item in parsed if not isinstance(item, Failure)]
    entries = [item[1] for item in parsed if not isinstance(item, Failure)]
    _SHARED.update(
        reports=reports,
        previous=_same_body_other_years(reports, [entry.key for entry in entries]),
        copy_index=copy_index,
        model=topic_model(model),
        rubric=rubric if isinstance(rubric, Rubric) else load_rubric(rubric),
        options=dict(options or {}),
    )
    try:
        audited = _map(
            _audit, list(range(len(reports))), jobs, progress("auditing", len(reports)) if progress else None,
            died=lambda index, reason: _died(reports[index].document.source, "auditing", reason, timeout), timeout=timeout,
        )
    finally:
        _SHARED.clear()
    for report, result in zip(reports, audited):
        if isinstance(result, Audit):
            result.report = report
    results = iter(audited)
    return [item if isinstance(item, Failure) else next(results) for item in parsed]


def summary_row(result: Audit | Failure) -> dict:
    """One row of the batch table: who, when, score, what is missing, what was found."""
    if isinstance(result, Failure):
        return {"source": result.source, "error": result.error}
    report = result.report
    checks = [f.check for f in result.findings]
    share = next((f.data.get("share") for f in result.findings if f.check == "copying.share"), None)
    missing = [v.id for v in result.verdicts if v.status == "missing"]
    return {
        "source": result.source,
        "organization": report.organization,
        "year": report.year,
        "era": report.era,
        "level": report.level,
        "published": report.published.isoformat() if report.published else None,
        "score": result.score,
        "missing": ", ".join(missing),
        "missing_count": len(missing),
        "repetitions": sum(1 for c in checks if c.startswith("repetition")),
        "copying": sum(1 for c in checks if c.startswith("copying.") and c != "copying.share"),
        "copy_share": share,
        "table_errors": sum(1 for f in result.findings if f.check.startswith("tables.") and f.severity == "error"),
        "structure": sum(1 for c in checks if c.startswith("structure.")),
        "late": any(c == "timeliness.late" for c in checks),
        "error": None,
    }


SUMMARY_COLUMNS = ["source", "organization", "year", "era", "level", "published", "score", "missing", "missing_count", "repetitions", "copying", "copy_share", "table_errors", "structure", "late", "error"]


def summary_frame(results: list[Audit | Failure]) -> pd.DataFrame:
    import pandas as pd

    frame = pd.DataFrame([summary_row(r) for r in results], columns=SUMMARY_COLUMNS)
    counts = ["year", "missing_count", "repetitions", "copying", "table_errors", "structure"]
    return frame.astype({**{c: "Int64" for c in counts}, "late": "boolean", "score": "Float64", "copy_share": "Float64"})


def audit_many(
    paths_or_folder: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    jobs: int | None = None,
    **options,
) -> pd.DataFrame:
    """Audit a folder (recursively) or a list of files: the batch summary, one row per file.

    The columns are those of ``auditor batch --format csv`` (``SUMMARY_COLUMNS``); a file
    that could not be audited is a row with only ``source`` and ``error``.  ``jobs``:
    worker processes (default: one per core); ``options``: ``model``, ``rubric``,
    ``options`` (check options), ``progress``, ``timeout``, as for ``audit_files``.

        >>> summary = auditor.audit_many("corpora/reports", jobs=2)
        >>> summary.sort_values("score").head(10)
        >>> summary[summary.error.notna()]
    """
    return summary_frame(audit_files(paths_or_folder, jobs=jobs, **options))
