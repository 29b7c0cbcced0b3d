"""Parallel Profiler harness: imports the user's script by path, then probes it (runtime, functions,
inputs, executors) or runs one configuration and reports its timings. Events are JSON lines on fd 3;
stdout and stderr stay the user's. Usage: python harness.py '<json job>'. Standard library only."""

import contextlib
import json
import os
import pickle
import re
import sys
import threading
import gc
import time
import warnings

import parallel_profiler_worker as worker

if __name__ == "__mp_main__":
    # A spawn/forkserver child re-imports this file: import the user's script under the same module
    # name so the function unpickles. A script that starts processes at import fails here (bootstrap).
    worker.die_with_parent()
    worker.ensure_dump_handler()
    _path, _name = os.environ.get(worker.USER_FILE_ENV), os.environ.get(worker.USER_MODULE_ENV)
    if _path and _name and _name not in sys.modules:
        try:
            with worker.ProcessStartWatch() as _watch:
                worker.load_user_module(_path, _name)
        except BaseException as _exc:
            worker.record_bootstrap_failure(_exc)
            raise
        if _watch.started:
            worker.record_processes_started_at_import(_watch)

import parallel_profiler_messages as messages  # noqa: E402
from parallel_profiler_executors import COPIES_DATA, EXECUTOR_FACTS, WorkerDied, make_executor  # noqa: E402
from parallel_profiler_messages import ProfileFailure  # noqa: E402


class Channel:
    """Writes events to fd 3 unbuffered, so forked children never inherit half-written data."""

    def __init__(self, fd):
        self.fd = fd
        self.lock = threading.Lock()
        os.set_inheritable(fd, False)

    def emit(self, event):
        data = (json.dumps(event, default=str, allow_nan=False) + "\n").encode("utf-8")
        with self.lock:
            view = memoryview(data)
            while view:
                view = view[os.write(self.fd, view):]


class WarningLog:
    """Collects warnings (e.g. fork() with live threads) to emit outside the timed region."""

    def __init__(self, channel):
        self.channel = channel
        self.pending = []
        self.lock = threading.Lock()
        warnings.filterwarnings("default", category=DeprecationWarning)
        warnings.showwarning = self.record

    def record(self, message, category, filename, lineno, file=None, line=None):
        with self.lock:
            self.pending.append(messages.warning_text(message, category, filename, lineno))

    def flush(self):
        with self.lock:
            pending, self.pending = self.pending, []
        for message in pending:
            self.channel.emit(messages.warning_event(message))



def tree_memory_bytes():
    """PSS of this process and its descendants together (a page forked workers share counted once),
    bytes; None off Linux or without /proc/PID/task/TID/children (then the profiler reads the tree
    itself). Walks only this tree."""
    me = os.getpid()
    if not os.path.exists("/proc/%d/task/%d/children" % (me, me)):
        return None
    pids, at = [me], 0
    while at < len(pids):
        pid, at = pids[at], at + 1
        try:
            tasks = os.listdir("/proc/%d/task" % pid)
        except OSError:  # the process ended while we looked
            continue
        for tid in tasks:
            try:
                with open("/proc/%d/task/%s/children" % (pid, tid)) as listing:
                    children = [int(child) for child in listing.read().split()]
            except (OSError, ValueError):  # this thread ended while we looked
                continue
            pids.extend(child for child in children if child not in pids)
    total = 0
    for pid in pids:
        try:
            with open("/proc/%d/smaps_rollup" % pid) as rollup:
                total += next(int(line.split()[1]) for line in rollup if line.startswith("Pss:")) * 1024
        except (OSError, StopIteration, ValueError):
            if pid == me:
                return None
    return total


def thread_cpu_seconds():
    """CPU seconds of every thread of this process by thread id (Linux schedstat), else None."""
    try:
        tids = os.listdir("/proc/self/task")
    except OSError:
        return None
    seconds = {}
    for tid in tids:
        try:
            with open("/proc/self/task/%s/schedstat" % tid) as stat:
                seconds[tid] = int(stat.read().split()[0]) / 1e9
        except (OSError, ValueError, IndexError):
            pass
    return seconds or None


def thread_parallelism(before, after):
    """CPU of all threads / CPU of the busiest one over a serial run: 1 for plain Python, about N
    when a library (BLAS, native code) computes on N threads. Unlike CPU / wall it holds on a busy
    machine, where every thread gets less of a core."""
    if not before or not after:
        return None
    used = [seconds - before.get(tid, 0.0) for tid, seconds in after.items()]
    busiest = max(used) if used else 0.0
    return sum(u for u in used if u > 0) / busiest if busiest > 0 else None


# A native library's worker threads spin for a while after they start: OpenBLAS's, created as numpy
# loads, busy-wait 50-130 ms for work. A first timing inside that spin counted their CPU as the
# function's (numpy copying an array read as kept 1.4-2 cores busy, internally parallel, in about one
# profile of three) and took a core from a pool's workers. Before the first timing, this process's
# other threads get up to QUIET_LONGEST to use under QUIET_SHARE of a core over QUIET_WINDOWS
# windows in a row: one window can read quiet while a spinning thread waits for a core on a busy
# machine, or between the ~16 ms ticks of Windows' CPU clocks. Not for Dask, whose client keeps an
# event loop of its own running.
QUIET_WINDOW = 0.01
QUIET_WINDOWS = 2
QUIET_SHARE = 0.1
QUIET_LONGEST = 0.5


def wait_for_quiet_threads():
    """Waits until this process's other threads used under QUIET_SHARE of a core over QUIET_WINDOWS
    windows in a row, at most QUIET_LONGEST (a thread that never rests, such as a server the script
    started)."""
    deadline = time.monotonic() + QUIET_LONGEST
    quiet = 0
    while quiet < QUIET_WINDOWS and time.monotonic() < deadline:
        process, own = time.process_time(), time.thread_time()
        time.sleep(QUIET_WINDOW)
        others = (time.process_time() - process) - (time.thread_time() - own)
        quiet = quiet + 1 if others < QUIET_SHARE * QUIET_WINDOW else 0


def children_cpu_seconds():
    """CPU seconds of the child processes this process has waited for, and of those they waited for
    in turn (getrusage, to the microsecond: os.times steps by 10 ms), or None where not counted
    (Windows)."""
    try:
        import resource
    except ImportError:
        return None
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_queue_seconds():
    """Seconds this thread has spent runnable but waiting for a core (Linux schedstat), else None."""
    try:
        with open("/proc/thread-self/schedstat") as stat:
            return int(stat.read().split()[1]) / 1e9
    except (OSError, ValueError, IndexError):
        return None

def choose_module_name(path):
    """The script's stem when it is a free identifier, else a derived name that shadows nothing."""
    import keyword

    stem = os.path.splitext(os.path.basename(path))[0]
    taken = set(sys.modules) | set(getattr(sys, "stdlib_module_names", ()))
    if stem.isidentifier() and not keyword.iskeyword(stem) and stem not in taken:
        return stem
    name = "_pp_user_" + re.sub(r"\W", "_", stem)
    while name in sys.modules:
        name += "_"
    return name


class ImportClock:
    """Times an import and, within it, the import statements of its top level, so that the rest is
    the script's own top-level work (which spawn and forkserver workers run again). The statements
    go through builtins.__import__; importlib.import_module calls count as the script's own work."""

    def __init__(self):
        self.seconds = 0.0
        self.imports_seconds = 0.0
        self._depth = 0

    def __enter__(self):
        import builtins

        self._builtins = builtins
        self._original = builtins.__import__
        original = self._original

        def timed_import(*args, **kwargs):
            if self._depth:
                return original(*args, **kwargs)
            self._depth += 1
            began = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.imports_seconds += time.perf_counter() - began
                self._depth -= 1

        builtins.__import__ = timed_import
        self._began = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self._began
        self._builtins.__import__ = self._original
        return False


def import_user_script(path, clock=None):
    name = choose_module_name(path)
    os.environ[worker.USER_FILE_ENV] = path
    os.environ[worker.USER_MODULE_ENV] = name
    saved_argv = sys.argv
    sys.argv = [path]  # the script sees the argv it would see when run by itself
    try:
        with clock or contextlib.nullcontext():
            return worker.load_user_module(path, name)
    except BaseException as exc:
        raise ProfileFailure(messages.import_error(exc, path))
    finally:
        sys.argv = saved_argv


def list_functions(module):
    import inspect

    found = []
    for name, value in vars(module).items():
        if not inspect.isfunction(value) or value.__module__ != module.__name__:
            continue
        if inspect.iscoroutinefunction(value) or inspect.isgeneratorfunction(value):
            continue
        try:
            parameters = list(inspect.signature(value).parameters.values())
        except (TypeError, ValueError):
            continue
        takes_argument = any(p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.VAR_POSITIONAL) for p in parameters)
        if takes_argument:
            line = inspect.unwrap(value).__code__.co_firstlineno
            found.append({"name": name, "line": line, "params": [p.name for p in parameters]})
    return sorted(found, key=lambda f: f["line"])


def find_function(module, name, functions):
    if name not in [f["name"] for f in functions]:
        raise ProfileFailure(messages.missing_function_error(os.path.basename(module.__file__), name, functions, vars(module).get(name), module.__name__))
    return getattr(module, name)


def resolve_inputs(module, expression):
    if expression:
        try:
            value = eval(expression, vars(module))  # noqa: S307 - the user's own expression on their own script
        except BaseException as exc:
            raise ProfileFailure(messages.inputs_failed_error(expression, exc))
    elif hasattr(module, "PROFILE_INPUTS"):
        expression, value = "PROFILE_INPUTS", module.PROFILE_INPUTS
    else:
        raise ProfileFailure(messages.no_inputs_error(os.path.basename(module.__file__)))
    try:
        inputs = list(value)
    except BaseException as exc:
        raise ProfileFailure(messages.inputs_not_iterable_error(expression, exc))
    if not inputs:
        raise ProfileFailure(messages.empty_inputs_error(expression))
    return expression, inputs


def describe_runtime():
    import multiprocessing
    import platform

    implementation = platform.python_implementation()
    if hasattr(sys, "_is_gil_enabled"):
        gil = bool(sys._is_gil_enabled())
    else:
        gil = True if implementation in ("CPython", "PyPy") else None
    methods = multiprocessing.get_all_start_methods()
    default = multiprocessing.get_start_method(allow_none=True)
    if default is None:
        try:
            # Asking the public API would fix the context and break a later set_start_method() in the script.
            default = multiprocessing.context._default_context._default_context.get_start_method()
        except AttributeError:
            default = methods[0] if methods else None
    extras = {}
    for name in ("joblib", "dask", "distributed"):
        version = installed_version(name)
        if version is not None:
            extras[name] = version
    return {
        "executable": sys.executable, "version": platform.python_version(), "implementation": implementation,
        "gilEnabled": gil, "startMethods": methods, "defaultStartMethod": default, "extras": extras,
        "cpuCount": cpu_count(),
    }


def installed_version(name):
    """The version of an installed package, or None. Read from its metadata, not by importing it:
    importing joblib, dask and distributed took 0.34 s of every probe with Debian's Python, the
    metadata 15 ms. A package without metadata (a source checkout on the path) is imported. One that
    is installed yet fails to import is listed, and its runs end as 'unavailable' with the error."""
    try:
        from importlib import metadata
        version = metadata.version(name)
        if version:
            return str(version)
    except Exception:  # noqa: BLE001 - no metadata, or none readable: try the import
        pass
    try:
        return str(__import__(name).__version__)
    except Exception:  # noqa: BLE001 - any failure means "not usable"
        return None


def cpu_count():
    """Python's own count of the CPUs: the machine's, the affinity's (what this interpreter and the
    workers it starts may run on), and os.process_cpu_count() (3.13+), which sizes default pools."""
    try:
        affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    except OSError:
        affinity = None
    process = os.process_cpu_count() if hasattr(os, "process_cpu_count") else None
    return {"os": os.cpu_count(), "affinity": affinity, "process": process}


def available_executors(runtime):
    import concurrent.futures

    choices = [{"executor": "serial", "startMethod": None}, {"executor": "thread", "startMethod": None}]
    choices += [{"executor": "process", "startMethod": m} for m in runtime["startMethods"]]
    choices.append({"executor": "pool", "startMethod": runtime["defaultStartMethod"]})
    if "joblib" in runtime["extras"]:
        choices += [{"executor": "joblib-loky", "startMethod": None}, {"executor": "joblib-threading", "startMethod": None}]
    if "distributed" in runtime["extras"]:
        choices.append({"executor": "dask", "startMethod": None})
    if hasattr(concurrent.futures, "InterpreterPoolExecutor"):
        choices.append({"executor": "interpreter", "startMethod": None})
    return choices


def pickler_for(executor):
    """joblib's loky and dask send functions with cloudpickle, which also handles lambdas and closures.
    The package's own first (dask's, 6 ms to import), else the copy inside joblib (importing joblib
    costs 0.2 s): the same library, whichever sends the function."""
    if executor in ("joblib-loky", "dask"):
        try:
            import cloudpickle
            return cloudpickle.dumps
        except Exception:  # noqa: BLE001 - absent, or installed yet broken: the next one
            try:
                from joblib.externals import cloudpickle
                return cloudpickle.dumps
            except Exception:  # noqa: BLE001 - the run itself names what is broken
                pass
    return pickle.dumps


def preflight(executor, fn, function_name, first_input):
    """An 'unpicklable' error when a process-like executor could not send the function or an input."""
    dumps = pickler_for(executor)
    for what, value in (("function", fn), ("input", first_input)):
        try:
            dumps(value)
        except BaseException as exc:  # pickling may raise almost anything
            return messages.unpicklable_error(what, function_name, value, exc)
    return None


def describe_dask_cluster(runtime, address):
    """A running cluster's workers, dashboard and version mismatches, or the error that ends every dask run."""
    if not address or "distributed" not in runtime["extras"]:
        return None, None
    import parallel_profiler_dask

    parallel_profiler_dask.ignore_own_warnings()
    try:
        return parallel_profiler_dask.describe_cluster(address), None
    except ProfileFailure as failure:
        return None, failure.error


def probe(job, channel, module):
    runtime = describe_runtime()
    cluster, cluster_error = describe_dask_cluster(runtime, job.get("daskScheduler"))
    if cluster:
        runtime["daskCluster"] = cluster
    channel.emit(messages.runtime_event(runtime))
    functions = list_functions(module)
    channel.emit(messages.functions_event(functions))
    fn = find_function(module, job["functionName"], functions)
    expression, inputs = resolve_inputs(module, job.get("inputs"))
    channel.emit(messages.inputs_event(expression, len(inputs)))
    executors = available_executors(runtime)
    for choice in executors:
        if choice["executor"] == "dask" and cluster:
            # The sweep tops out at the cluster's size: the profiler never waits for workers it cannot add.
            choice["maxWorkers"] = max(1, len(cluster["workers"]))
    channel.emit(messages.executors_event(executors))
    if cluster_error and any(choice["executor"] == "dask" for choice in executors):
        channel.emit(messages.preflight_event("dask", cluster_error))
    for choice in executors:
        if choice["executor"] in COPIES_DATA:
            error = preflight(choice["executor"], fn, job["functionName"], inputs[0])
            if error:
                channel.emit(messages.preflight_event(choice["executor"], error))


def total_pickled_size(values):
    try:
        return sum(len(pickle.dumps(value)) for value in values)
    except BaseException:  # noqa: B902 - unpicklable values have no size
        return None


def run(job, channel, log, module):
    name = job["functionName"]
    fn = find_function(module, name, list_functions(module))
    _, inputs = resolve_inputs(module, job.get("inputs"))
    executor_name = job["executor"]
    if executor_name in COPIES_DATA:
        error = preflight(executor_name, fn, name, inputs[0])
        if error:
            raise ProfileFailure(error)
    arg_bytes = total_pickled_size(inputs)
    sent = [total_pickled_size([value]) for value in inputs] if executor_name == "dask" else None
    if arg_bytes is None and executor_name in COPIES_DATA:
        bad = next(value for value in inputs if total_pickled_size([value]) is None)
        raise ProfileFailure(messages.unpicklable_error("input", name, bad, ValueError("cannot be pickled")))

    try:
        executor = make_executor(job, job["file"], module.__name__, fn, inputs)
    except ProfileFailure:
        raise
    except Exception as exc:  # noqa: BLE001 - a library listed from its metadata may fail to import in any way
        raise ProfileFailure(messages.unavailable_error(executor_name, job.get("startMethod"), exc))
    failed = True
    try:
        began = time.monotonic()
        executor.start()
        # Start-up is the pool's creation and its workers' first task, less the warm-up tasks' sleep.
        slept = executor.warm() or 0.0
        notes = worker.bootstrap_failures() if executor_name in COPIES_DATA else []
        if notes:
            raise ProfileFailure(messages.bootstrap_error(notes[0], run_label(job)))
        channel.emit(messages.startup_event(max(0.0, time.monotonic() - began - slept), tree_memory_bytes()))
        for text in getattr(executor, "warnings", ()):
            channel.emit(messages.warning_event(text))
        log.flush()
        if executor_name != "dask":
            wait_for_quiet_threads()
        kept = []
        # The programs the calls ran are counted only where the tasks run in this process: a pool's
        # worker reaped during a timing (loky replacing one that grew, a Dask nanny's restart) would
        # add its whole life's CPU, its tasks' included.
        counts_children = not EXECUTOR_FACTS.get(executor_name, {}).get("out_of_process", True) and children_cpu_seconds() is not None
        repeats = int(job.get("repeat") or 1)
        # Serial tasks run on this very thread: its run-queue wait is the time other load on
        # the machine kept the function from a core, which would otherwise look like waiting.
        queue_clock = run_queue_seconds if executor_name == "serial" else None
        # Calibration loops (as pyperf's): a timing runs all the inputs `loops` times back to back,
        # each pass dispatched and drained on its own, and reports one pass's mean wall and CPU, so
        # a short function's timing outlasts the machine's bursts of other load. Tasks: the last pass.
        # Up to `loops` passes, stopping once they lasted `loopSeconds`: a slow configuration's one
        # pass is already long enough.
        loops = max(1, int(job.get("loops") or 1))
        loop_seconds = job.get("loopSeconds") or 0
        # In loops, this fresh process's first pass is a warm-up, untimed when it is short: it is cold
        # (files created, memory first touched, caches filled), the passes after it warm, and the
        # median of repeats without loops reads the warm passes too. A pass as long as a timing counts.
        warming = loops > 1
        runs_bare = loops > 1 and getattr(executor, "runs_bare", False)
        elapsed = 0.0  # the last pass's wall: whether the next will end its timing
        completed = 0  # passes over every input that returned: a later failure is not the input's alone
        for repeat_index in range(repeats):
            # The profiler's own garbage (the last timing's outcomes and events) is collected here,
            # not by a collection inside the timing: on 3000 tasks of 20 us on threads, that debt
            # made the timing 4-15% slower than a bare executor.map (bench/harness-overhead.ts).
            raw = outcomes = None
            gc.collect()
            queued = queue_clock() if queue_clock else None
            threads_before = thread_cpu_seconds() if queue_clock else None
            # CPU over the timed calls only: building the outcomes of thousands of tiny tasks
            # afterwards costs CPU the function never spent.
            cpu = 0.0
            wall = 0.0
            # The tasks' own CPU, per pass as the wall is: the spans kept are the last pass's, and a
            # ratio of one pass's CPU to the mean pass's wall read a 21 ms serial run at 124% CPU.
            task_cpu = 0.0
            children = 0.0 if counts_children else None
            passes = 0
            bare = False
            try:
                # A bare pass (serial and threads: executor.run_bare) is never a timing's last: the
                # last pass, whose tasks' spans are sent, is predicted (the loops' last, or the one
                # the previous pass's wall says will cross loop_seconds) and one more is run when a
                # bare pass crossed it unforeseen. The warm-up pass records spans too.
                while passes < loops and (passes == 0 or wall < loop_seconds or bare):
                    bare = runs_bare and not warming and passes + 1 < loops and wall + elapsed < loop_seconds
                    raw = None  # the last pass's results are freed here, not inside this pass's timing
                    cpu_before = time.process_time()
                    children_before = children_cpu_seconds() if children is not None else None
                    first_submit = time.monotonic()
                    raw = executor.run_bare(fn, inputs) if bare else executor.run(fn, inputs)
                    elapsed = time.monotonic() - first_submit
                    used = time.process_time() - cpu_before
                    children_used = children_cpu_seconds() - children_before if children is not None else None
                    # A pass's Outcomes are built only for the last, whose spans are sent: building
                    # 20,000 of them after each of 56 passes of a 4-6 ms function cost its timing 1.1 s.
                    failure, spent = executor.checked_bare() if bare else executor.checked(raw)
                    if failure is not None:
                        raise ProfileFailure(messages.task_error(failure, name, inputs, completed))
                    completed += 1
                    if warming:
                        warming = False
                        if elapsed < loop_seconds:
                            continue
                    wall += elapsed
                    cpu += used
                    if task_cpu is not None:
                        task_cpu = task_cpu + spent if spent is not None else None
                    if children is not None:
                        children += children_used
                    passes += 1
                outcomes = executor.outcomes(raw)
            except worker.TaskFailed as task:
                raise ProfileFailure(messages.task_error(task.description, name, inputs, completed))
            wall /= passes
            cpu /= passes
            if task_cpu is not None:
                task_cpu /= passes
            if children is not None:
                children /= passes
            if queued is not None:
                after = queue_clock()
                queued = (after - queued) / passes if after is not None else None
            parallelism = thread_parallelism(threads_before, thread_cpu_seconds()) if threads_before else None
            placements = executor.placements() if hasattr(executor, "placements") else None
            # Here, between timings, the workers still hold their data and results (the likeliest
            # peak); read by the profiler as the next timing began, the tree's memory cost it 3-6 ms
            # of a core's time (a walk of /proc), 5% of an 80 ms run on 2 cores.
            memory = tree_memory_bytes()
            channel.emit(messages.repeat_event(repeat_index, wall, first_submit, cpu, queued, parallelism, outcomes, placements, sent, memory, children, task_cpu))
            log.flush()
            kept = outcomes
            enough = job.get("enoughSeconds")
            if enough and wall > enough:
                break
        if hasattr(executor, "worker_load") and executor.first_began is not None:
            # The monitor samples every 0.5 s: the one after the last repeat closes the window. Waited
            # for only on a running cluster's workers, whose cores no sampler here sees; a cluster of
            # this machine's own is in the core samples, and the wait cost every profile 0.6 s.
            if getattr(executor, "cluster", None) is None:
                time.sleep(0.6)
            channel.emit(messages.worker_load_event(executor.worker_load(executor.first_began - 1)))
        result_bytes = total_pickled_size(outcome.value for outcome in kept) if executor_name == "serial" else None
        channel.emit(messages.sizes_event(arg_bytes, result_bytes))
        failed = False
    except ProfileFailure:
        raise
    except BaseException as exc:  # noqa: B902 - every way a pool breaks becomes a RunError
        raise ProfileFailure(classify_pool_failure(exc, executor, run_label(job), name))
    finally:
        executor.close(failed)


def run_label(job):
    method = job.get("startMethod")
    return "%s (%s)" % (job["executor"], method) if method else job["executor"]


def classify_pool_failure(exc, executor, executor_label, function_name):
    notes = worker.bootstrap_failures()
    if notes:
        return messages.bootstrap_error(notes[0], executor_label)
    kind = type(exc).__name__
    text = str(exc)
    if isinstance(exc, WorkerDied) or kind in ("BrokenProcessPool", "TerminatedWorkerError", "KilledWorker"):
        exitcode = exc.exitcode if isinstance(exc, WorkerDied) else None
        # loky names the codes in its message: "The exit codes of the workers are {SIGSEGV(-11)}".
        named = re.search(r"exit codes of the workers are \{\w*\((-?\d+)\)", text)
        if exitcode is None and named:
            exitcode = int(named.group(1))
        if exitcode is None and hasattr(executor, "dead_worker_exitcode"):
            exitcode = executor.dead_worker_exitcode()
        return messages.worker_crashed_error(function_name, exitcode, "%s: %s" % (kind, text))
    if isinstance(exc, pickle.PicklingError) or kind == "MaybeEncodingError" or "pickle" in text.lower():
        return messages.unpicklable_error("result", function_name, None, exc)
    return messages.executor_failed_error(executor_label, function_name, exc)


def main():
    worker.die_with_parent()
    worker.keep_multiprocessing_files_in_dump_dir()
    job = json.loads(sys.argv[1])
    channel = Channel(3)
    log = WarningLog(channel)
    worker.ensure_dump_handler()
    user_file = os.path.abspath(job["file"])
    job["file"] = user_file
    os.chdir(job.get("cwd") or os.path.dirname(user_file))
    sys.path.insert(0, os.path.dirname(user_file))
    try:
        clock = ImportClock() if job["mode"] == "probe" else None
        module = import_user_script(user_file, clock)
        log.flush()
        if job["mode"] == "probe":
            channel.emit(messages.imported_event(clock.seconds, max(0.0, clock.seconds - clock.imports_seconds)))
            probe(job, channel, module)
        else:
            run(job, channel, log, module)
    except ProfileFailure as failure:
        channel.emit(messages.error_event(failure.error))
    except BaseException as exc:  # noqa: B902 - a harness bug must still reach the user as words
        channel.emit(messages.error_event(messages.harness_crashed_error(exc)))
    log.flush()
    channel.emit(messages.done_event())
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    # Skip interpreter teardown: a stuck user thread or atexit hook must not keep the run alive.
    os._exit(0)


if __name__ == "__main__":
    main()
