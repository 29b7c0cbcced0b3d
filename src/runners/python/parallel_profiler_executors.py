"""The executors the harness measures, behind one shape: start(), warm(), run(fn, inputs) -> the pass's
raw results, checked(raw) -> (first failure, the CPU its workers' threads spent in it) after every pass, outcomes(raw) -> the last
pass's Outcomes, close(failed). A worker that dies raises WorkerDied instead of letting the pool hang.
Standard library only (joblib and dask are imported only when asked for); Python 3.8+."""

import multiprocessing
import os
import threading
import time
from array import array
from itertools import repeat

import parallel_profiler_worker as worker

# The harness's mirror of src/shared/executors.ts, for serial and the Python executors (a unit test
# compares the two): what each executor's workers share with the harness.
EXECUTOR_FACTS = {
    "serial": {"family": "serial", "copies_data": False, "out_of_process": False, "has_start_method": False},
    "thread": {"family": "threads", "copies_data": False, "out_of_process": False, "has_start_method": False},
    "joblib-threading": {"family": "threads", "copies_data": False, "out_of_process": False, "has_start_method": False},
    "process": {"family": "processes", "copies_data": True, "out_of_process": True, "has_start_method": True},
    "pool": {"family": "processes", "copies_data": True, "out_of_process": True, "has_start_method": True},
    "interpreter": {"family": "processes", "copies_data": True, "out_of_process": False, "has_start_method": False},
    "joblib-loky": {"family": "processes", "copies_data": True, "out_of_process": True, "has_start_method": False},
    "dask": {"family": "processes", "copies_data": True, "out_of_process": True, "has_start_method": False},
}

# Executors that send the function and every input to other processes or interpreters: both must pickle.
COPIES_DATA = frozenset(name for name, facts in EXECUTOR_FACTS.items() if facts["copies_data"])


class WorkerDied(Exception):
    """A worker process ended while tasks were outstanding."""

    def __init__(self, exitcode, detail=""):
        super().__init__(detail or "worker exit code %r" % (exitcode,))
        self.exitcode = exitcode


def warm_every_worker(run_round, workers, limit_seconds=120.0):
    """Run rounds of short tasks until every worker has run one, so pools are started before timing.
    Returns the seconds the rounds' tasks slept (one delay per round, its tasks side by side): the
    profiler's own wait, which start-up leaves out (a thread pool is not 10 ms to start)."""
    seen = set()
    delay = 0.01
    slept = 0.0
    begin = time.monotonic()
    while True:
        seen.update(run_round([delay] * workers))
        slept += delay
        if len(seen) >= workers or time.monotonic() - begin > limit_seconds:
            return slept
        delay = min(delay * 2, 0.2)


class SpanPath:
    """Executors whose tasks write their spans into a buffer (worker.run_sent): run() returns the
    bare results, outcomes() pairs them with the spans once the timed region has ended."""

    spans = None

    def outcomes(self, results):
        return worker.span_outcomes(results, self.spans)

    def checked(self, results):
        return worker.span_check(results, self.spans)


class TuplePath:
    """Executors whose workers cannot share the buffer (loky, Dask, subinterpreters): each task
    returns its outcome as a tuple (worker.run_task)."""

    def outcomes(self, raw):
        return [worker.Outcome._make(outcome) for outcome in raw]

    def checked(self, raw):
        failure = next((outcome[1] for outcome in raw if not outcome[0]), None)
        spent = [outcome[2][5] for outcome in raw] if failure is None else []
        return failure, sum(spent) if all(isinstance(each, (int, float)) for each in spent) else None


def _run_until_failure(outcomes_iterable):
    outcomes = []
    for outcome in outcomes_iterable:
        outcomes.append(outcome)
        if not outcome[0]:  # Outcome.ok: inside the timed region outcomes are still bare tuples
            break
    return outcomes


def local_spans(count):
    return array("d", bytes(8 * worker.SPAN_FIELDS * count))


def _stopped_the_pool(exc):
    """Whether exc is the RuntimeError a pool's map (a generator) makes of a StopIteration the
    function raised (PEP 479): raised where the map was consumed, its traceback that one frame;
    one the function's own generator made came up through the function's frames (3.8-3.13)."""
    return isinstance(exc, RuntimeError) and isinstance(exc.__cause__, StopIteration) and exc.__traceback__ is not None and exc.__traceback__.tb_next is None


def _bare_results(mapped, inputs):
    """The results of a bare pass (the user's function mapped over the inputs as a bare map runs it,
    no wrapper): its first failure, in input order as the map raises it, is input len(results)."""
    results = []
    try:
        results.extend(mapped)
    except BaseException as exc:  # noqa: B902 - as run_quick reports them
        raise worker.TaskFailed(worker.describe_failure(exc.__cause__ if _stopped_the_pool(exc) else exc, len(results), skip_frames=None)) from None
    if len(results) < len(inputs):
        # A StopIteration the function raised ended the builtin map early, as the inputs' end would.
        # A deterministic one ended the warm-up pass, run in the task wrapper: this one came later,
        # so the function is not called again to see it (nor its side effects repeated).
        stopped = StopIteration("it ended a pass over the inputs early, as map() takes it for the inputs' end")
        raise worker.TaskFailed(worker.describe_failure(stopped, len(results), skip_frames=None))
    return results


class QuickPath:
    """Executors whose tasks write their spans into lists (worker.run_quick): run() reads each of
    their threads' CPU clocks before and after the pass (`before`, `after`, by thread ident) and
    `threads` gives each ident's native id. checked() follows every pass, outcomes() the last.

    Under calibration loops the harness times the passes before the last bare (run_bare: the
    function mapped as the user's map does, no wrapper, only the threads' clocks read around the
    pass), and only the last records its tasks' spans: on 3000 tasks of 8 us on threads, the
    wrapper's 0.2 us a task made a timing 6-10% slower than a bare executor.map, and serial's
    mapped square(x) 5x slower (bench/harness-overhead.ts)."""

    threads = before = after = reads = None
    runs_bare = True

    def _between_readings(self, run_pass):
        """run_pass(), its threads' CPU clocks read before and after (read_clocks())."""
        self.before = self.read_clocks()
        results = run_pass()
        self.after = self.read_clocks()
        return results

    def checked(self, results):
        """A failure raises out of the map on this path: the pass's tasks' CPU is their threads'."""
        self.reads = worker.take_quick_reads()
        return None, worker.quick_cpu(self.before, self.after)

    def checked_bare(self):
        """A bare pass's tasks' CPU: all its threads' (a pool's idle thread spent none)."""
        return None, worker.quick_cpu(self.before, self.after, self.before)

    def outcomes(self, results):
        return worker.quick_outcomes(results, self.reads, self.threads, self.before, self.after)


class SerialExecutor(QuickPath):
    def __init__(self, workers, chunksize, fn, inputs):
        self.workers = 1
        worker.use_quick_tasks(fn, len(inputs))
        self.threads = {threading.get_ident(): threading.get_native_id()}

    def start(self):
        pass

    def warm(self):
        pass

    def read_clocks(self):
        return {threading.get_ident(): time.thread_time()}

    def run(self, fn, inputs):
        return self._between_readings(lambda: list(map(worker.run_quick, range(len(inputs)), inputs)))

    def run_bare(self, fn, inputs):
        return self._between_readings(lambda: _bare_results(map(fn, inputs), inputs))

    def close(self, failed):
        pass


class FuturesExecutor(TuplePath):
    """ThreadPoolExecutor, ProcessPoolExecutor and InterpreterPoolExecutor share the futures API."""

    def __init__(self, make, workers, chunksize):
        self.make = make
        self.workers = workers
        self.chunksize = chunksize or 1
        self.executor = None
        self.seen_processes = {}

    def start(self):
        self.executor = self.make()

    def _remember_processes(self):
        self.seen_processes.update(getattr(self.executor, "_processes", None) or {})

    def warm(self):
        slept = warm_every_worker(lambda delays: list(self.executor.map(worker.warm, delays)), self.workers)
        self._remember_processes()
        return slept

    def run(self, fn, inputs):
        count = len(inputs)
        try:
            return _run_until_failure(
                self.executor.map(worker.run_task, repeat(fn, count), range(count), inputs, chunksize=self.chunksize)
            )
        finally:
            self._remember_processes()

    def _map(self, *iterables):
        try:
            return list(self.executor.map(*iterables, chunksize=self.chunksize))
        finally:
            self._remember_processes()

    def dead_worker_exitcode(self, wait_seconds=2.0):
        """Exit code of the worker that died first: the executor terminates (SIGTERM) the others.
        Waits a little: the executor's own thread may be reaping the dead worker at this very moment."""
        self._remember_processes()
        deadline = time.monotonic() + wait_seconds
        while True:
            codes = [process.exitcode for process in self.seen_processes.values()]
            if all(code is not None for code in codes) or time.monotonic() > deadline:
                break
            time.sleep(0.02)
        died = [code for code in codes if code not in (None, 0, -15)]
        return (died or [code for code in codes if code not in (None, 0)] or [None])[0]

    def close(self, failed):
        if self.executor is None:
            return
        if not failed:
            self.executor.shutdown(wait=True)
            return
        try:
            self.executor.shutdown(wait=False, cancel_futures=True)
        except TypeError:  # Python 3.8 has no cancel_futures
            self.executor.shutdown(wait=False)
        for process in list(self.seen_processes.values()):
            if process.exitcode is None:
                process.kill()


class ThreadExecutor(QuickPath, FuturesExecutor):
    """Threads get each input as a bare map hands it over: a reference, nothing copied. Where a
    pool thread's CPU clock cannot be read from outside it (no time.pthread_getcpuclockid: macOS,
    Windows), the tasks read their own (run_sent's buffer)."""

    def __init__(self, workers, chunksize, fn, inputs):
        from concurrent.futures import ThreadPoolExecutor

        super().__init__(lambda: ThreadPoolExecutor(max_workers=workers), workers, chunksize)
        self.fn, self.count = fn, len(inputs)
        self.clocks = None
        worker.use_quick_tasks(fn, self.count)

    def warm(self):
        slept = super().warm()
        # Every pool thread has run a warm-up task: none starts during a timing.
        started = [thread for thread in getattr(self.executor, "_threads", ()) if thread.ident is not None]
        try:
            self.clocks = {thread.ident: time.pthread_getcpuclockid(thread.ident) for thread in started}
            self.threads = {thread.ident: thread.native_id for thread in started}
        except (AttributeError, OSError):
            self.clocks = None
            self.spans = local_spans(self.count)
            worker.use_tasks(self.fn, self.spans)
        return slept

    def read_clocks(self):
        readings = {}
        for ident, clock in self.clocks.items():
            try:
                readings[ident] = time.clock_gettime(clock)
            except OSError:  # the thread has ended
                pass
        return readings

    @property
    def runs_bare(self):
        return self.clocks is not None

    def run(self, fn, inputs):
        if self.clocks is None:
            return self._map(worker.run_sent, range(len(inputs)), inputs)
        return self._between_readings(lambda: self._map(worker.run_quick, range(len(inputs)), inputs))

    def run_bare(self, fn, inputs):
        return self._between_readings(lambda: _bare_results(self.executor.map(fn, inputs, chunksize=self.chunksize), inputs))

    def checked(self, results):
        if self.clocks is None:
            return worker.span_check(results, self.spans)
        return super().checked(results)

    def outcomes(self, results):
        if self.clocks is None:
            return worker.span_outcomes(results, self.spans)
        return super().outcomes(results)


class ProcessExecutor(SpanPath, FuturesExecutor):
    """Each input is sent with its task, as a bare map sends it; the function and the span buffer
    reach every worker once, when it starts."""

    def __init__(self, context, workers, chunksize, fn, inputs):
        from concurrent.futures import ProcessPoolExecutor

        self.spans = context.RawArray("d", worker.SPAN_FIELDS * len(inputs))
        args = (fn, self.spans)
        make = lambda: ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=worker.use_tasks, initargs=args)  # noqa: E731
        super().__init__(make, workers, chunksize)

    def run(self, fn, inputs):
        return self._map(worker.run_sent, range(len(inputs)), inputs)


class PoolExecutor(SpanPath):
    """multiprocessing.Pool: map() hangs forever when a worker dies, so the workers are watched."""

    def __init__(self, context, workers, chunksize, fn, inputs):
        self.context = context
        self.workers = workers
        self.chunksize = chunksize
        self.pool = None
        self.watched = []
        self.fn = fn
        self.spans = context.RawArray("d", worker.SPAN_FIELDS * len(inputs))

    def start(self):
        self.pool = self.context.Pool(self.workers, initializer=worker.use_tasks, initargs=(self.fn, self.spans))

    def _wait(self, pending):
        while not pending.ready():
            pending.wait(0.05)
            for process in list(self.pool._pool):
                if process not in self.watched:
                    self.watched.append(process)
            for process in self.watched:
                if process.exitcode is not None:
                    raise WorkerDied(process.exitcode)
        return pending.get()

    def warm(self):
        return warm_every_worker(lambda delays: self._wait(self.pool.map_async(worker.warm, delays, 1)), self.workers)

    def run(self, fn, inputs):
        return self._wait(self.pool.starmap_async(worker.run_sent_to_the_end, zip(range(len(inputs)), inputs), self.chunksize))

    def close(self, failed):
        if self.pool is None:
            return
        if failed:
            self.pool.terminate()
        else:
            self.pool.close()
        self.pool.join()


class JoblibExecutor(TuplePath):
    def __init__(self, backend, workers, chunksize, fn):
        from joblib import Parallel, delayed

        self.delayed = delayed
        self.parallel = Parallel(n_jobs=workers, backend=backend, batch_size=chunksize or "auto")
        self.workers = workers
        self.fn = fn

    def start(self):
        # Entering the context keeps one pool alive across warm-up and every repeat.
        self.parallel.__enter__()

    def warm(self):
        # Each warm-up task carries the user's function: loky's workers import the script only to
        # unpickle it (cloudpickle, by reference), so a bare warm-up left the import to the first
        # timed call. A script that built 450 MB at import then passed loky's 300 MB leak check
        # (its baseline is read after a worker's first task) and had its workers replaced in every
        # timing: 0.21x, "A worker stopped while some jobs..." (1.75x with the import warmed).
        delayed, fn = self.delayed, self.fn
        return warm_every_worker(lambda delays: self.parallel(delayed(worker.warm_with)(fn, d) for d in delays), self.workers)

    def run(self, fn, inputs):
        delayed = self.delayed
        return list(self.parallel(delayed(worker.run_task)(fn, index, arg) for index, arg in enumerate(inputs)))

    def close(self, failed):
        self.parallel.__exit__(None, None, None)


def make_executor(job, user_file, module_name, fn, inputs):
    """Build the executor a job asks for; raises ValueError/ImportError when it cannot exist here."""
    name = job["executor"]
    method = job.get("startMethod") if EXECUTOR_FACTS.get(name, {}).get("has_start_method") else None
    workers, chunksize = int(job.get("workers") or 1), job.get("chunksize")
    if name == "serial":
        return SerialExecutor(1, chunksize, fn, inputs)
    if name == "thread":
        return ThreadExecutor(workers, chunksize, fn, inputs)
    if name == "process":
        return ProcessExecutor(multiprocessing.get_context(method), workers, chunksize, fn, inputs)
    if name == "pool":
        return PoolExecutor(multiprocessing.get_context(method), workers, chunksize, fn, inputs)
    if name in ("joblib-loky", "joblib-threading"):
        return JoblibExecutor(name.split("-", 1)[1], workers, chunksize, fn)
    if name == "dask":
        from parallel_profiler_dask import DaskExecutor

        timeout = float(job.get("timeoutSeconds") or 120)
        return DaskExecutor(workers, chunksize, user_file, module_name, job.get("daskScheduler"), job["functionName"], timeout)
    if name == "interpreter":
        from concurrent.futures import InterpreterPoolExecutor

        args = (os.path.dirname(user_file), user_file, module_name, os.environ.get(worker.DUMP_DIR_ENV, ""))

        def make():
            return InterpreterPoolExecutor(max_workers=workers, initializer=worker.init_interpreter, initargs=args)

        return FuturesExecutor(make, workers, chunksize)
    raise ValueError("unknown executor %r" % name)
