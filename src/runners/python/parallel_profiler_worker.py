"""Worker side of the Parallel Profiler harness: the task wrapper every executor runs, the warm-up
task, stack-dump registration and importing the user's script by path. It is its own importable
module so every kind of worker (fork, spawn, forkserver, loky, dask, subinterpreters) unpickles
these functions by reference. Standard library only; Python 3.8+."""

import faulthandler
import collections
import json
import os
import signal
import sys
import threading
import time
import traceback

USER_FILE_ENV = "PARALLEL_PROFILER_USER_FILE"
USER_MODULE_ENV = "PARALLEL_PROFILER_USER_MODULE"
DUMP_DIR_ENV = "PARALLEL_PROFILER_DUMP_DIR"

_monotonic = time.monotonic
_thread_time = time.thread_time
_getpid = os.getpid
_native_id = threading.get_native_id
_get_ident = threading.get_ident

# faulthandler keeps writing to this file on SIGUSR1, so it must stay open for the process's life.
_dump_pid = None
_dump_file = None

# getpid() and gettid() are system calls (several microseconds in some VMs): ask once per process
# and per thread, and forget after a fork, whose child has a new pid and a new thread id.
_pid = _getpid()
_thread_ids = threading.local()


def _forget_ids_after_fork():
    global _pid, _thread_ids
    _pid = _getpid()
    _thread_ids = threading.local()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_ids_after_fork)


def load_user_module(path, name):
    """Import the script at path as module `name`, registered in sys.modules so pickle finds it."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError("cannot load %s as a Python module" % path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(name, None)
        raise
    return module


def die_with_parent():
    """Linux: be killed when the process that started this one dies (an editor window closed or
    crashed mid-run), instead of computing on as an orphan. Elsewhere the host's kill must do."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        parent = os.getppid()
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
        # The parent may have died before prctl took effect: then this process was already adopted.
        if os.getppid() != parent:
            os._exit(1)
    except (OSError, AttributeError, ImportError):
        pass


def keep_multiprocessing_files_in_dump_dir():
    """multiprocessing keeps its sockets (forkserver's listener, a Manager's) in a pymp-* folder of
    the system's temp folder and removes it at exit, from an atexit hook. The harness leaves with
    os._exit and a timed-out one is killed: the folder stayed behind, one per profile. It goes in
    the dump folder instead, which the runner removes however the harness ended. Set before the
    user's script is imported; a long temp path (a Unix socket's path is capped near 104 bytes)
    keeps multiprocessing's own choice."""
    directory = os.environ.get(DUMP_DIR_ENV)
    if not directory or os.name != "posix":
        return
    folder = os.path.join(directory, "mp")
    if len(os.fsencode(folder)) + len("/listener-12345678") > 100:
        return
    try:
        import multiprocessing.process

        os.mkdir(folder, 0o700)
        multiprocessing.process.current_process()._config.setdefault("tempdir", folder)
    except (OSError, AttributeError, ImportError):
        pass


def ensure_dump_handler():
    """Dump every thread's stack to <dump dir>/<pid>.txt on SIGUSR1 (once per process)."""
    global _dump_pid, _dump_file
    pid = _getpid()
    if _dump_pid == pid:
        return
    _dump_pid = pid
    directory = os.environ.get(DUMP_DIR_ENV)
    if not directory or not hasattr(faulthandler, "register"):
        return
    try:
        _dump_file = open(os.path.join(directory, "%d.txt" % pid), "w")
        faulthandler.register(signal.SIGUSR1, file=_dump_file, all_threads=True, chain=False)
    except (OSError, ValueError, RuntimeError):
        # No dump for this process (e.g. a subinterpreter); the timeout is still reported.
        pass


def same_file(a, b):
    try:
        return os.path.normcase(os.path.realpath(a)) == os.path.normcase(os.path.realpath(b))
    except (OSError, ValueError):
        return False


def user_location(tb, user_file=None):
    """(file, line) of the last traceback frame inside the user's script, else (None, None)."""
    user_file = user_file or os.environ.get(USER_FILE_ENV)
    found = (None, None)
    if not user_file:
        return found
    for frame in traceback.extract_tb(tb):
        if same_file(frame.filename, user_file):
            found = (frame.filename, frame.lineno)
    return found


def describe_failure(exc, index, skip_frames=1):
    """Plain, always-picklable description of an exception raised by the user's code.
    skip_frames=None starts the traceback at the first frame in the user's script."""
    tb = exc.__traceback__
    if skip_frames is None:
        user_file = os.environ.get(USER_FILE_ENV)
        first = tb
        while first is not None and not (user_file and same_file(first.tb_frame.f_code.co_filename, user_file)):
            first = first.tb_next
        tb = first or tb
    else:
        for _ in range(skip_frames):
            if tb is not None and tb.tb_next is not None:
                tb = tb.tb_next
    if isinstance(exc, SystemExit):
        kind = "exit"
    elif isinstance(exc, KeyboardInterrupt):
        kind = "interrupted"
    else:
        kind = "exception"
    file, line = user_location(tb)
    text = str(exc)
    return {
        "kind": kind,
        "type": type(exc).__name__,
        "text": text if len(text) <= 500 else text[:500] + "…",
        "code": exc.code if isinstance(exc, SystemExit) and isinstance(exc.code, (int, str, type(None))) else None,
        "traceback": "".join(traceback.format_exception(type(exc), exc, tb)),
        "file": file,
        "line": line,
        "index": index,
    }


# Reading a thread's CPU clock is a system call with no vDSO shortcut (5-10 us in some VMs): more
# than a tiny task itself. So on run_task's path (loky, Dask, subinterpreters) a thread reads it at
# most about once per CPU_READ_SECONDS: a task that starts or ends within that window of the last
# reading shares it, and any task longer than the window gets its own exact figure. On run_sent's
# path a task reads it as it ends when it lasted QUICK_READ_SECONDS or CPU_READ_SECONDS passed
# since its thread's last reading; on run_quick's, when it lasted QUICK_READ_SECONDS.
CPU_READ_SECONDS = 0.001
QUICK_READ_SECONDS = 0.00025


# What one task gave back: ok, its result (or a failure description when not ok), and its span
# (index, pid, thread, start, end, cpu seconds; None when not ok). It crosses processes as a bare
# tuple, because any named type costs about 4 us more per task to pickle and unpickle (more than a
# tiny task); the harness gives it its names with Outcome._make once the timed region has ended.
Outcome = collections.namedtuple("Outcome", "ok value span")


def run_task(fn, index, arg):
    """Run one task; returns the fields of its Outcome as a tuple."""
    if _dump_pid != _pid:
        ensure_dump_handler()
    try:
        state = _thread_ids.state
    except AttributeError:
        state = _thread_state()
    start = _monotonic()
    if start >= state[0]:
        state[1] = _thread_time()
        state[0] = start + CPU_READ_SECONDS
    cpu_start = state[1]
    try:
        result = fn(arg)
    except BaseException as exc:  # noqa: B902 - sys.exit and KeyboardInterrupt are reported too
        return (False, describe_failure(exc, index), None)
    end = _monotonic()
    if end >= state[0]:
        state[1] = _thread_time()
        state[0] = end + CPU_READ_SECONDS
    return (True, result, (index, _pid, state[2], start, end, state[1] - cpu_start))


def _thread_state():
    """This thread's [next CPU reading at, CPU seconds last read, native thread id]: read now, as
    its first task starts, so that task's stretch begins there."""
    state = _thread_ids.state = [-1.0, _thread_time(), _native_id()]
    return state


# The span path of ProcessPoolExecutor and Pool (and of threads where a thread's CPU clock cannot be
# read from outside it: see run_quick). On 20 us tasks a span tuple per
# task, and the function object sent along with every task, cost the harness 10-30% against a bare
# executor.map. Instead the function is handed over once (to a pool's workers as they start), and
# each task writes its span into its own slot of a float buffer allocated once per configuration
# (a RawArray the workers of a pool get at start): the task returns the bare result, as a bare map
# would, and the harness reads the buffer after the timed region. Slot i holds task i's
# pid, thread, start, end and CPU seconds.
SPAN_FIELDS = 5
_task_fn = None
_spans = None


class TaskFailed(Exception):
    """The user's function raised: carries its plain description, and ends the map at once."""

    def __init__(self, description):
        super().__init__(description)
        self.description = description


def use_tasks(fn, spans):
    """Hand over what every task needs, once: in this process, or as a pool's initializer (where
    the worker's stack-dump handler is set up too, off the tasks' path)."""
    global _task_fn, _spans
    _task_fn, _spans = fn, spans
    ensure_dump_handler()


def run_sent(index, arg):
    """Run task `index` on its input; its span goes to the buffer, its result is returned.
    Every line here is paid per task: on 20 us tasks on threads each 0.1 us is about 1% of the
    wall, so the thread's state is one list read once, and nothing else is looked up. A task reads
    its thread's CPU clock as it ends when it lasted QUICK_READ_SECONDS or CPU_READ_SECONDS have
    passed since the thread's last reading, and writes the CPU since that reading (-1 where it
    read none: it shares the next reading's stretch); span_cpu shares each stretch out. A task
    that starts CPU_READ_SECONDS after the last reading, its thread idle since (between passes, or
    waiting for work), reads it as it starts too: the CPU before it (the last pass's tail, the
    hand-off) is not put on this pass's first task."""
    try:
        state = _thread_ids.state
    except AttributeError:
        state = _thread_state()
    start = _monotonic()
    if start >= state[0]:
        state[1] = _thread_time()
    try:
        result = _task_fn(arg)
    except BaseException as exc:  # noqa: B902 - sys.exit and KeyboardInterrupt are reported too
        raise TaskFailed(describe_failure(exc, index)) from None
    end = _monotonic()
    spans = _spans
    slot = index * SPAN_FIELDS
    if end >= state[0] or end - start >= QUICK_READ_SECONDS:
        reading = _thread_time()
        spans[slot + 4] = reading - state[1]
        state[1] = reading
        state[0] = end + CPU_READ_SECONDS
    else:
        spans[slot + 4] = -1.0
    spans[slot] = _pid
    spans[slot + 1] = state[2]
    spans[slot + 2] = start
    spans[slot + 3] = end
    return result


# The span path of serial and threads, where each thread's CPU clock can be read from outside it
# (serial's is the harness's own; a pool thread's through time.pthread_getcpuclockid, Linux). On
# 20 us tasks on threads, run_sent's per-thread state and CPU-reading checks cost 10-12% against a
# bare executor.map (bench/harness-overhead.ts); here a task writes three list slots (no float
# conversion, no arithmetic) and its thread's identity is pthread_self, not a system call. A task
# of QUICK_READ_SECONDS or more also reads its thread's CPU clock as it ends (0.4 us here, up to
# 5-10 us in some VMs: at most 0.2% and 4% of such a task); the harness reads every thread's clock
# before and after the pass, and quick_outcomes spreads each stretch of a thread's CPU between two
# readings over the tasks it ran in that stretch, by their durations, a task getting at most its
# duration: the rest of a stretch is the pool's hand-off between tasks (the run's CPU, quick_cpu,
# counts it; no task does). A task that long shares its stretch only with the shorter tasks since
# its thread's last reading, so where tasks are that long each has its own, and a waiting task
# reads as waiting beside a computing one; shorter tasks share their stretch's CPU share.
_starts = _ends = _idents = _cpu_reads = None


def use_quick_tasks(fn, count):
    global _task_fn, _starts, _ends, _idents, _cpu_reads
    _task_fn = fn
    _starts, _ends, _idents, _cpu_reads = [0.0] * count, [0.0] * count, [0] * count, [None] * count


def run_quick(index, arg):
    """Run task `index` on its input; its span goes to the lists, its result is returned."""
    start = _monotonic()
    try:
        result = _task_fn(arg)
    except BaseException as exc:  # noqa: B902 - sys.exit and KeyboardInterrupt are reported too
        raise TaskFailed(describe_failure(exc, index)) from None
    end = _monotonic()
    if end - start >= QUICK_READ_SECONDS:
        _cpu_reads[index] = _thread_time()
    _ends[index] = end
    _starts[index] = start
    _idents[index] = _get_ident()
    return result


def take_quick_reads():
    """The CPU readings the pass just run took, and a clear list for the next pass's: a reading
    left from an earlier pass, where the same task was short this time (or ran on another thread),
    would otherwise be taken for this pass's."""
    global _cpu_reads
    reads, _cpu_reads = _cpu_reads, [None] * len(_cpu_reads)
    return reads


def quick_cpu(before, after, threads=None):
    """The CPU seconds of the threads that ran the pass's tasks (or of `threads`), from their clocks
    around the pass; None when one of them has no reading (none should lack one: a pool's threads
    are all started before timing)."""
    total = 0.0
    for ident in set(_idents) if threads is None else threads:
        if ident not in before or ident not in after:
            return None
        total += max(0.0, after[ident] - before[ident])
    return total


def _spread(cpu, indexes, durations, seconds):
    """Each task's share of a stretch's CPU by duration, at most the task's duration (the rest is
    the hand-off between tasks); returns the share. Tasks the clock saw take no time (Windows'
    15.6 ms ticks before Python 3.13) split it evenly."""
    total = sum(durations[index] for index in indexes)
    seconds = max(0.0, seconds)
    if total <= 0:
        for index in indexes:
            cpu[index] = seconds / len(indexes)
        return None
    share = min(1.0, seconds / total)
    for index in indexes:
        cpu[index] = share * durations[index]
    return share


def quick_outcomes(results, reads, threads, before, after):
    """The Outcomes of the pass just run on the quick path, with the readings take_quick_reads
    took after it. `threads` maps a thread's ident to its native id; `before` and `after` map it to
    its CPU clock around the pass. A thread missing from them leaves its tasks' CPU unknown."""
    count = len(results)
    by_thread = {}
    for index in range(count):
        by_thread.setdefault(_idents[index], []).append(index)
    cpu = [None] * count
    durations = [_ends[index] - _starts[index] for index in range(count)]
    for ident, indexes in by_thread.items():
        last, end = before.get(ident), after.get(ident)
        if last is None or end is None:
            continue
        indexes.sort(key=_starts.__getitem__)
        pending = []
        for index in indexes:
            pending.append(index)
            reading = reads[index]
            if reading is not None:
                _spread(cpu, pending, durations, reading - last)
                last, pending = reading, []
        if pending:
            _spread(cpu, pending, durations, end - last)
    return [
        Outcome(True, result, (index, _pid, threads.get(_idents[index], _idents[index]), _starts[index], _ends[index], cpu[index]))
        for index, result in enumerate(results)
    ]


def run_sent_to_the_end(index, arg):
    """run_sent for multiprocessing.Pool, whose map ends at the first failure to arrive rather than
    the first in input order: a failure is returned, and span_outcomes raises the first one."""
    try:
        return run_sent(index, arg)
    except TaskFailed as failure:
        return failure


def span_cpu(spans, count):
    """Each task's CPU seconds on the span path: each reading's stretch (the CPU since its thread's
    last reading) shared out over the tasks of that thread since that reading, by duration, at most
    a task's duration. The tasks after a thread's last reading of the pass are given the share of
    that thread's last stretch (unknown, None, where it read nothing in the pass)."""
    fields = spans[:SPAN_FIELDS * count]
    by_thread = {}
    for index in range(count):
        slot = index * SPAN_FIELDS
        by_thread.setdefault((fields[slot], fields[slot + 1]), []).append(index)
    durations = [fields[index * SPAN_FIELDS + 3] - fields[index * SPAN_FIELDS + 2] for index in range(count)]
    cpu = [0.0] * count
    for indexes in by_thread.values():
        indexes.sort(key=lambda index: fields[index * SPAN_FIELDS + 2])
        pending, share = [], None
        for index in indexes:
            pending.append(index)
            read = fields[index * SPAN_FIELDS + 4]
            if read >= 0:
                share = _spread(cpu, pending, durations, read)
                pending = []
        for index in pending:
            cpu[index] = share * durations[index] if share is not None else None
    return cpu


def span_outcomes(results, spans):
    """The Outcomes of a run on the span path, once its timed region has ended; raises the first
    TaskFailed among the results."""
    for result in results:
        if type(result) is TaskFailed:
            raise result
    cpu = span_cpu(spans, len(results))
    outcomes = []
    for index, result in enumerate(results):
        slot = index * SPAN_FIELDS
        pid, thread, start, end = spans[slot:slot + SPAN_FIELDS - 1]
        outcomes.append(Outcome(True, result, (index, int(pid), int(thread), start, end, cpu[index])))
    return outcomes


def span_check(results, spans):
    """What the harness needs of every pass on the span path without building its Outcomes: the
    first failure's description (None when every task ran) and the CPU its workers' threads read
    in the pass (the tasks' and the hand-offs between them, as quick_cpu's)."""
    for result in results:
        if type(result) is TaskFailed:
            return result.description, None
    return None, sum(read for read in spans[SPAN_FIELDS - 1:SPAN_FIELDS * len(results):SPAN_FIELDS] if read >= 0)


def dask_worker_load(since, dask_worker=None):
    """On a Dask worker (client.run passes dask_worker): its system monitor's samples since `since`
    (epoch seconds) as ([epoch times], [CPU percent of the worker process, 100 = one core])."""
    monitor = getattr(dask_worker, "monitor", None)
    if monitor is None:
        return [], []
    times, cpus = list(monitor.quantities.get("time", ())), list(monitor.quantities.get("cpu", ()))
    kept = [(t, c) for t, c in zip(times, cpus) if t >= since]
    return [t for t, _ in kept], [c for _, c in kept]


def warm(delay):
    """Warm-up task: registers the dump handler and tells which worker ran it."""
    ensure_dump_handler()
    time.sleep(delay)
    return (_getpid(), _native_id())


def warm_with(fn, delay):
    """Warm-up task that carries the user's function, so a worker that imports the script only to
    unpickle a call's function (joblib's loky) imports it in start-up, not in the first timing."""
    return warm(delay)


def init_interpreter(script_dir, path, name, dump_dir):
    """Initializer for subinterpreter workers, which start without the harness's sys.path."""
    if script_dir not in sys.path:
        sys.path.insert(0, script_dir)
    os.environ[USER_FILE_ENV] = path
    os.environ[USER_MODULE_ENV] = name
    if dump_dir:
        os.environ[DUMP_DIR_ENV] = dump_dir
    if name not in sys.modules:
        load_user_module(path, name)


def record_bootstrap_failure(exc):
    """A child could not re-import the user's script: leave a note the parent can read."""
    directory = os.environ.get(DUMP_DIR_ENV)
    if not directory:
        return
    try:
        with open(os.path.join(directory, "bootstrap-%d.json" % _getpid()), "w") as note:
            json.dump(describe_failure(exc, None, skip_frames=None), note)
    except OSError:
        pass


class ProcessStartWatch:
    """Counts the processes a re-import of the user's script starts (a script without a main guard
    that starts a pool at import does so in every spawn/forkserver worker)."""

    def __enter__(self):
        import multiprocessing.process

        self.started = 0
        self.where = (None, None)
        self.base = multiprocessing.process.BaseProcess
        self.original = self.base.start
        watch = self

        def start(process):
            watch.started += 1
            if watch.where == (None, None):
                watch.where = _user_frame_in_stack()
            return watch.original(process)

        self.base.start = start
        return self

    def __exit__(self, *exc_info):
        self.base.start = self.original
        return False


def _user_frame_in_stack():
    user_file = os.environ.get(USER_FILE_ENV)
    found = (None, None)
    for frame in traceback.extract_stack():
        if user_file and same_file(frame.filename, user_file):
            found = (frame.filename, frame.lineno)
    return found


def record_processes_started_at_import(watch):
    directory = os.environ.get(DUMP_DIR_ENV)
    if not directory:
        return
    file, line = watch.where
    note = {"type": "ProcessStartedAtImport", "text": "", "traceback": "", "file": file, "line": line, "started": watch.started}
    try:
        with open(os.path.join(directory, "bootstrap-%d.json" % _getpid()), "w") as out:
            json.dump(note, out)
    except OSError:
        pass


def bootstrap_failures():
    """Notes left by children that failed to re-import the user's script."""
    directory = os.environ.get(DUMP_DIR_ENV)
    notes = []
    if not directory or not os.path.isdir(directory):
        return notes
    for name in sorted(os.listdir(directory)):
        if name.startswith("bootstrap-") and name.endswith(".json"):
            try:
                with open(os.path.join(directory, name)) as note:
                    notes.append(json.load(note))
            except (OSError, ValueError):
                pass
    return notes
