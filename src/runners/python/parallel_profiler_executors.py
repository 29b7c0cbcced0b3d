"""The executors the harness measures, behind one shape: start(), warm(), run(fn, inputs) -> outcomes,
close(failed). A worker that dies raises WorkerDied instead of letting the pool hang.
Standard library only (joblib and dask are imported only when asked for); Python 3.8+."""

import multiprocessing
import os
import time
from itertools import repeat

import parallel_profiler_worker as worker

# Executors whose workers are other processes or interpreters: they need picklable functions.
PROCESS_LIKE = ("process", "pool", "joblib-loky", "dask", "interpreter")


class WorkerDied(Exception):
    """A worker process ended while tasks were outstanding."""

    def __init__(self, exitcode, detail=""):
        super().__init__(detail or "worker exit code %r" % (exitcode,))
        self.exitcode = exitcode


def warm_every_worker(run_round, workers, limit_seconds=120.0):
    """Run rounds of short tasks until every worker has run one, so pools are started before timing."""
    seen = set()
    delay = 0.01
    begin = time.monotonic()
    while True:
        seen.update(run_round([delay] * workers))
        if len(seen) >= workers or time.monotonic() - begin > limit_seconds:
            return
        delay = min(delay * 2, 0.2)


def _run_until_failure(outcomes_iterable):
    outcomes = []
    for outcome in outcomes_iterable:
        outcomes.append(outcome)
        if not outcome[0]:
            break
    return outcomes


class SerialExecutor:
    def __init__(self, workers, chunksize):
        self.workers = 1

    def start(self):
        worker.ensure_dump_handler()

    def warm(self):
        pass

    def run(self, fn, inputs):
        return _run_until_failure(worker.run_task(fn, index, arg) for index, arg in enumerate(inputs))

    def close(self, failed):
        pass


class FuturesExecutor:
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
        warm_every_worker(lambda delays: list(self.executor.map(worker.warm, delays)), self.workers)
        self._remember_processes()

    def run(self, fn, inputs):
        count = len(inputs)
        try:
            return _run_until_failure(
                self.executor.map(worker.run_task, repeat(fn, count), range(count), inputs, chunksize=self.chunksize)
            )
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


class PoolExecutor:
    """multiprocessing.Pool: map() hangs forever when a worker dies, so the workers are watched."""

    def __init__(self, context, workers, chunksize):
        self.context = context
        self.workers = workers
        self.chunksize = chunksize
        self.pool = None
        self.watched = []

    def start(self):
        self.pool = self.context.Pool(self.workers)

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
        warm_every_worker(lambda delays: self._wait(self.pool.map_async(worker.warm, delays, 1)), self.workers)

    def run(self, fn, inputs):
        count = len(inputs)
        tasks = zip(repeat(fn, count), range(count), inputs)
        return self._wait(self.pool.starmap_async(worker.run_task, tasks, self.chunksize))

    def close(self, failed):
        if self.pool is None:
            return
        if failed:
            self.pool.terminate()
        else:
            self.pool.close()
        self.pool.join()


class JoblibExecutor:
    def __init__(self, backend, workers, chunksize):
        from joblib import Parallel, delayed

        self.delayed = delayed
        self.parallel = Parallel(n_jobs=workers, backend=backend, batch_size=chunksize or "auto")
        self.workers = workers

    def start(self):
        # Entering the context keeps one pool alive across warm-up and every repeat.
        self.parallel.__enter__()

    def warm(self):
        delayed = self.delayed
        warm_every_worker(lambda delays: self.parallel(delayed(worker.warm)(d) for d in delays), self.workers)

    def run(self, fn, inputs):
        delayed = self.delayed
        return list(self.parallel(delayed(worker.run_task)(fn, index, arg) for index, arg in enumerate(inputs)))

    def close(self, failed):
        self.parallel.__exit__(None, None, None)


class DaskExecutor:
    def __init__(self, workers, chunksize, user_file, module_name, scheduler=None):
        self.workers = workers
        self.scheduler = scheduler
        self.user_file = user_file
        self.module_name = module_name
        self.client = None
        self.cluster = None

    def start(self):
        from distributed import Client, LocalCluster

        if self.scheduler:
            self.client = Client(self.scheduler)
            # Remote workers have not imported the script; they can when it is importable by its stem.
            if os.path.splitext(os.path.basename(self.user_file))[0] == self.module_name:
                self.client.upload_file(self.user_file)
        else:
            self.cluster = LocalCluster(
                n_workers=self.workers, threads_per_worker=1, processes=True, dashboard_address=None
            )
            self.client = Client(self.cluster)

    def warm(self):
        self.client.wait_for_workers(self.workers)
        self.client.run(worker.warm, 0)

    def run(self, fn, inputs):
        count = len(inputs)
        futures = self.client.map(worker.run_task, [fn] * count, range(count), inputs, pure=False)
        return self.client.gather(futures)

    def close(self, failed):
        if self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def make_executor(job, user_file, module_name):
    """Build the executor a job asks for; raises ValueError/ImportError when it cannot exist here."""
    name, method = job["executor"], job.get("startMethod")
    workers, chunksize = int(job.get("workers") or 1), job.get("chunksize")
    if name == "serial":
        return SerialExecutor(1, chunksize)
    if name == "thread":
        from concurrent.futures import ThreadPoolExecutor

        return FuturesExecutor(lambda: ThreadPoolExecutor(max_workers=workers), workers, chunksize)
    if name == "process":
        from concurrent.futures import ProcessPoolExecutor

        context = multiprocessing.get_context(method)
        return FuturesExecutor(lambda: ProcessPoolExecutor(max_workers=workers, mp_context=context), workers, chunksize)
    if name == "pool":
        return PoolExecutor(multiprocessing.get_context(method), workers, chunksize)
    if name in ("joblib-loky", "joblib-threading"):
        return JoblibExecutor(name.split("-", 1)[1], workers, chunksize)
    if name == "dask":
        return DaskExecutor(workers, chunksize, user_file, module_name, job.get("daskScheduler"))
    if name == "interpreter":
        from concurrent.futures import InterpreterPoolExecutor

        args = (os.path.dirname(user_file), user_file, module_name, os.environ.get(worker.DUMP_DIR_ENV, ""))

        def make():
            return InterpreterPoolExecutor(max_workers=workers, initializer=worker.init_interpreter, initargs=args)

        return FuturesExecutor(make, workers, chunksize)
    raise ValueError("unknown executor %r" % name)
