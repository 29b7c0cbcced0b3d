"""Sentences for every failure the Python harness reports: each a RunError dict (kind, message, hint,
traceback, file, line, signal, exitCode) that says what happened and what to do. Python 3.8+."""

import os
import reprlib
import signal
import traceback

import parallel_profiler_worker as worker

MAIN_GUARD = 'if __name__ == "__main__":'


class ProfileFailure(Exception):
    """Carries a RunError-shaped dict to the harness's single place that emits it."""

    def __init__(self, error):
        super().__init__(error["message"])
        self.error = error


def _where(file, line):
    return "%s:%s" % (os.path.basename(file), line) if file and line else None


def _short(value, limit=80):
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "…"


def signal_name(exitcode):
    """multiprocessing reports death by signal N as exit code -N."""
    if isinstance(exitcode, int) and exitcode < 0:
        try:
            return signal.Signals(-exitcode).name
        except ValueError:
            return "signal %d" % -exitcode
    return None


def first_sentence(text, limit=300):
    """multiprocessing's messages span many indented lines; one sentence is enough for a message."""
    flat = " ".join(str(text).split())
    end = flat.find(". ")
    flat = flat[: end + 1] if end > 0 else flat
    return flat if len(flat) <= limit else flat[:limit] + "…"


def _user_traceback(exc, path):
    """The traceback from the first frame in the user's script on, without the harness's frames."""
    tb = exc.__traceback__
    while tb is not None and not worker.same_file(tb.tb_frame.f_code.co_filename, path):
        tb = tb.tb_next
    if tb is None:
        return "".join(traceback.format_exception_only(type(exc), exc))
    return "".join(traceback.format_exception(type(exc), exc, tb))


def import_error(exc, path):
    script = os.path.basename(path)
    tb = _user_traceback(exc, path)
    if isinstance(exc, SyntaxError) and exc.filename:
        file, line = exc.filename, exc.lineno
    else:
        file, line = worker.user_location(exc.__traceback__, path)
    where = _where(file, line)
    notes = worker.bootstrap_failures()
    if notes:
        return {
            "kind": "import",
            "message": "%s starts worker processes while being imported%s, and they could not start: %s: %s" % (
                script, " (at %s)" % where if where else "", notes[0]["type"], first_sentence(notes[0]["text"])),
            "hint": "Put the code that starts processes under %s in %s, so workers can import it without side effects." % (MAIN_GUARD, script),
            "traceback": tb, "file": file, "line": line,
        }
    if isinstance(exc, SystemExit):
        return {
            "kind": "import", "message": "%s called sys.exit() while being imported%s." % (script, " at " + where if where else ""),
            "hint": "Move the code that exits under %s so the script can be imported." % MAIN_GUARD,
            "traceback": tb, "file": file, "line": line,
        }
    # str(SyntaxError) ends with "(file, line N)", which `where` already says.
    text = exc.msg if isinstance(exc, SyntaxError) and exc.msg and where else exc
    return {
        "kind": "import",
        "message": "%s failed to import: %s: %s%s." % (script, type(exc).__name__, text, " (at %s)" % where if where else ""),
        "hint": "Fix the error%s; the script is imported as a module, so code under %s does not run."
        % (" at " + where if where else "", MAIN_GUARD),
        "traceback": tb, "file": file, "line": line,
    }


# An input as a failure shows it: its repr, cut short (reprlib: a long list's first items, a long
# string's ends), so a million-element input does not become the message.
_INPUT_REPR = reprlib.Repr()
_INPUT_REPR.maxstring = _INPUT_REPR.maxother = 60


def task_error(failure, function_name, inputs=None, earlier_passes=0):
    """A failure description returned by worker.run_task, as a RunError. With the inputs, the input
    is shown as well as its index; after earlier passes over the inputs (calibration loops, repeats)
    in which the same call returned, the hint says the failure depends on more than the input."""
    index, where = failure["index"], _where(failure["file"], failure["line"])
    at = " at %s" % where if where else ""
    value = ""
    if inputs is not None and isinstance(index, int) and 0 <= index < len(inputs):
        try:
            value = " (%s)" % _INPUT_REPR.repr(inputs[index])
        except Exception:  # noqa: BLE001 - a repr of the user's that fails leaves the index alone
            value = ""
    on = "input #%d%s" % (index, value)
    base = {"traceback": failure["traceback"], "file": failure["file"], "line": failure["line"]}
    if failure["kind"] == "exit":
        base.update(kind="exit", exitCode=failure["code"] if isinstance(failure["code"], int) else None,
                    message="%s called sys.exit(%s) on %s%s." % (function_name, failure["code"] if failure["code"] is not None else "", on, at),
                    hint="Return a value or raise an exception instead of calling sys.exit() in the profiled function.")
    elif failure["kind"] == "interrupted":
        base.update(kind="interrupted", message="%s raised KeyboardInterrupt on %s%s." % (function_name, on, at),
                    hint="Remove what raises KeyboardInterrupt (or sends SIGINT) in the function; an interrupted run cannot be measured.")
    else:
        text = ": %s" % failure["text"] if failure["text"] else ""
        base.update(kind="exception",
                    message="%s raised %s%s on %s%s." % (function_name, failure["type"], text, on, at),
                    hint="Fix the error%s, or run %s on input #%d directly to debug it." % (at, function_name, index))
    if earlier_passes > 0:
        base["hint"] = (
            "The same call returned in %s over the inputs before this one, so the failure depends on more "
            "than the input: state the function keeps between calls, or something outside it (a file, the "
            "network, the time). Calling it once on input #%d may not fail. %s"
            % ("an earlier pass" if earlier_passes == 1 else "%d earlier passes" % earlier_passes, index, base["hint"])
        )
    return base


def unpicklable_error(what, function_name, value, exc):
    reason = "%s: %s" % (type(exc).__name__, exc)
    if what == "function":
        return {
            "kind": "unpicklable",
            "message": "%s cannot be sent to worker processes because it cannot be pickled (%s)." % (function_name, reason),
            "hint": "Define %s with def at the module's top level (not a lambda, closure or nested function) so processes can import it by name." % function_name,
        }
    if what == "input":
        return {
            "kind": "unpicklable",
            "message": "The input %s cannot be pickled to send to worker processes (%s)." % (_short(value), reason),
            "hint": "Pass plain data (numbers, strings, lists, dicts) as inputs and open files or connections inside %s." % function_name,
        }
    return {
        "kind": "unpicklable",
        "message": "The result of %s cannot be pickled to return from a worker process (%s)." % (function_name, reason),
        "hint": "Return plain data (numbers, strings, lists, dicts) from %s." % function_name,
    }


def worker_crashed_error(function_name, exitcode, detail):
    name = signal_name(exitcode)
    if name:
        how = "was killed by %s" % name
    elif exitcode is not None:
        how = "exited with code %s" % exitcode
    else:
        how = "died"
    if name == "SIGKILL":
        hint = "SIGKILL usually means the system ran out of memory; use fewer workers or smaller inputs."
    elif name:
        hint = "A native extension crashed in %s; check the C code or libraries it calls, with the same input, outside the pool." % function_name
    elif exitcode is not None:
        hint = "Look for os._exit() or sys.exit() calls in %s or the code it calls, and remove them." % function_name
    else:
        hint = "Look for native crashes, os._exit() calls or memory exhaustion in %s; the captured stderr may say more." % function_name
    return {
        "kind": "worker-crashed",
        "message": "A worker process %s while running %s." % (how, function_name),
        "hint": hint, "traceback": detail,
        "signal": name, "exitCode": exitcode if isinstance(exitcode, int) and exitcode >= 0 else None,
    }


def bootstrap_error(note, label):
    script = os.path.basename(os.environ.get(worker.USER_FILE_ENV, "the script"))
    if note.get("started"):
        where = _where(note["file"], note["line"])
        return {
            "kind": "bootstrap",
            "message": "Worker processes of %s re-import %s, which starts %d process%s while being imported%s, so every worker runs the script's top-level work again." % (
                label, script, note["started"], "" if note["started"] == 1 else "es", " (at %s)" % where if where else ""),
            "hint": "Put the code that starts processes at the top level of %s under %s, so workers can import it without side effects." % (script, MAIN_GUARD),
            "file": note["file"], "line": note["line"],
        }
    return {
        "kind": "bootstrap",
        "message": "Worker processes of %s could not start: re-importing %s failed with %s: %s" % (
            label, script, note["type"], first_sentence(note["text"])),
        "hint": "Put the code that starts processes (or runs work) at the top level of %s under %s, so workers can import it without side effects." % (script, MAIN_GUARD),
        "traceback": note["traceback"], "file": note["file"], "line": note["line"],
    }


def unavailable_error(executor_name, start_method, exc):
    needs = {
        "joblib-loky": "install joblib in this interpreter (pip install joblib)",
        "joblib-threading": "install joblib in this interpreter (pip install joblib)",
        "dask": "install dask's distributed scheduler in this interpreter (pip install distributed)",
        "interpreter": "use Python 3.14 or newer, which has InterpreterPoolExecutor",
    }
    what = "%s (%s)" % (executor_name, start_method) if start_method else executor_name
    return {
        "kind": "unavailable",
        "message": "The %s executor cannot run with this interpreter: %s: %s." % (what, type(exc).__name__, exc),
        "hint": "To profile it, %s; the other executors still run." % needs.get(executor_name, "choose an executor and start method this platform offers"),
    }


def missing_function_error(script, name, functions, value=None, module_name=None):
    """Why `name` cannot be profiled: not there, or there but not a plain function of one argument
    (an async def, a generator, no parameter, imported from elsewhere), with what to do."""
    import inspect

    listed = ", ".join(f["name"] for f in functions) or "none"
    others = " Or profile one of the functions found: %s." % listed if functions else ""
    if inspect.iscoroutinefunction(value):
        return {
            "kind": "usage",
            "message": "%s in %s is an async def: a call returns a coroutine without running it, so no executor can time it." % (name, script),
            "hint": "Profile a plain function that runs it to the end, e.g. def %s_sync(item): return asyncio.run(%s(item)) — "
            "threads then overlap its waits as they would any blocking call.%s" % (name, name, others),
        }
    if inspect.isgeneratorfunction(value):
        return {
            "kind": "usage",
            "message": "%s in %s is a generator (it yields): a call returns before any of its work runs." % (name, script),
            "hint": "Profile a function that consumes it, e.g. def %s_all(item): return list(%s(item)).%s" % (name, name, others),
        }
    if inspect.isfunction(value) and module_name is not None and value.__module__ != module_name:
        return {
            "kind": "usage",
            "message": "%s in %s is imported from %s, not defined in this file." % (name, script, value.__module__),
            "hint": "Profile it in the file that defines it, or define one here that calls it, e.g. def %s_here(item): return %s(item).%s" % (name, name, others),
        }
    if inspect.isfunction(value):
        return {
            "kind": "usage",
            "message": "%s in %s takes no argument: each input is passed to it as its one argument." % (name, script),
            "hint": "Give it a parameter for the input (def %s(item): ...), or profile one that takes one.%s" % (name, others),
        }
    if callable(value):
        return {
            "kind": "usage",
            "message": "%s in %s is a %s, not a function defined with def." % (name, script, type(value).__name__),
            "hint": "Profile a function that calls it, e.g. def call_%s(item): return %s(item).%s" % (name, name, others),
        }
    return {
        "kind": "usage",
        "message": "%s has no top-level function %r that takes an argument (found: %s)." % (script, name, listed),
        "hint": "Profile one of the listed functions.",
    }


def inputs_failed_error(expression, exc):
    return {
        "kind": "inputs",
        "message": "The inputs expression %r failed: %s: %s" % (expression, type(exc).__name__, exc),
        "hint": "Fix the expression (the inputs box in VS Code, --inputs on the command line); it is evaluated in the script's namespace, e.g. [100000] * 8.",
    }


def no_inputs_error(script):
    return {
        "kind": "inputs",
        "message": "No inputs were given and %s defines no PROFILE_INPUTS." % script,
        "hint": "Give the inputs as an expression with one item per call, e.g. [100000] * 8 (the inputs box in VS Code, --inputs on the command line), or define PROFILE_INPUTS = [...] in the script.",
    }


def inputs_not_iterable_error(expression, exc):
    return {
        "kind": "inputs",
        "message": "The inputs %s are not a list or other iterable (%s: %s)." % (expression, type(exc).__name__, exc),
        "hint": "Give an iterable with one item per call, e.g. [100000] * 8.",
    }


def empty_inputs_error(expression):
    return {
        "kind": "inputs",
        "message": "The inputs %s are empty, so there is nothing to run." % expression,
        "hint": "Give at least one item per worker, e.g. [100000] * 8.",
    }


def executor_failed_error(executor_label, function_name, exc):
    return {
        "kind": "exception",
        "message": "The %s executor failed: %s: %s" % (executor_label, type(exc).__name__, exc),
        "hint": "This failure came from the executor, not from %s; the traceback shows where." % function_name,
        "traceback": "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)),
    }


def harness_crashed_error(exc):
    return {
        "kind": "crashed",
        "message": "The profiler's Python harness failed: %s: %s" % (type(exc).__name__, exc),
        "hint": "This is a bug in Parallel Profiler, not in your code; please report it with the traceback.",
        "traceback": "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)),
    }


# Events: the JSON lines the harness writes on fd 3 (harnessEvents.ts reads them).


def warning_text(message, category, filename, lineno):
    return "%s: %s (%s:%s)" % (category.__name__, message, os.path.basename(filename), lineno)


def warning_event(text):
    return {"type": "warning", "message": text}


def runtime_event(runtime):
    return {"type": "runtime", "runtime": runtime}


def functions_event(functions):
    return {"type": "functions", "functions": functions}


def imported_event(seconds, own_seconds):
    """How long importing the script took, and of that its own top-level work (not its imports)."""
    return {"type": "imported", "seconds": seconds, "ownSeconds": own_seconds}


def inputs_event(expression, count):
    return {"type": "inputs", "expression": expression, "count": count}


def executors_event(executors):
    return {"type": "executors", "executors": executors}


def preflight_event(executor, error):
    return {"type": "preflight", "executor": executor, "error": error}


def startup_event(seconds, memory_bytes=None):
    return {"type": "startup", "seconds": seconds, "memoryBytes": memory_bytes}


def repeat_event(index, wall, first_submit, process_cpu, queued, thread_parallelism, outcomes, placements=None, sent_bytes=None, memory_bytes=None, child_cpu=None, task_cpu=None):
    """placements (dask): task index → [worker address, host, start, end, bytes received]; with them a
    task is [index, pid, thread, start, end, cpu, worker address, host, bytes sent, bytes received].
    child_cpu: CPU seconds of the child processes the harness waited for during the timing (a
    program the function ran), per pass; None where not counted. task_cpu: the tasks' CPU seconds
    per pass, as the wall is (the tasks sent are the last pass's); None where a task's is unknown."""
    tasks = [list(outcome.span) for outcome in outcomes]
    if placements:
        for task in tasks:
            place = placements.get(task[0])
            if place:
                address, host, start, end, received = place
                if start is not None and end is not None:
                    task[3], task[4] = start, end
                task += [address, host, sent_bytes[task[0]] if sent_bytes else None, received]
    return {
        "type": "repeat", "index": index, "wall": wall, "firstSubmit": first_submit, "processCpu": process_cpu,
        "queued": queued, "threadParallelism": thread_parallelism, "tasks": tasks, "memoryBytes": memory_bytes,
        "childCpu": child_cpu, "taskCpu": task_cpu,
    }


def worker_load_event(workers):
    return {"type": "workerLoad", "workers": workers}


def sizes_event(arg_bytes, result_bytes):
    return {"type": "sizes", "argBytes": arg_bytes, "resultBytes": result_bytes}


def error_event(error):
    return {"type": "error", "error": error}


def done_event():
    return {"type": "done"}


# Running Dask clusters (parallel_profiler_dask.py).


def unreachable_scheduler_error(address, seconds, exc):
    return {
        "kind": "unavailable",
        "message": "No Dask scheduler answered at %s within %.1f s (%s: %s)." % (address, max(seconds, 0), type(exc).__name__, first_sentence(exc)),
        "hint": "Start the scheduler (dask scheduler) or correct the address (--dask-scheduler, the parallelProfiler.daskScheduler setting); leave it empty to use a LocalCluster.",
    }


def cluster_too_small_error(address, wanted, available):
    return {
        "kind": "unavailable",
        "message": "The Dask cluster at %s has %d worker%s, fewer than the %d this configuration needs." % (
            address, available, "" if available == 1 else "s", wanted),
        "hint": "Profile with at most %d workers (--workers), or add workers to the cluster." % max(available, 1),
    }


def version_mismatch_text(mismatch):
    workers = ", ".join(mismatch["workers"]) or "none"
    return "Dask version check: %s is %s here, %s on the scheduler and %s on the workers; pickled functions and data may not load where the versions differ (install the same %s everywhere)." % (
        mismatch["package"], mismatch["here"], mismatch["scheduler"], workers, mismatch["package"])


def scheduler_lost_error(address, function_name, exc):
    return {
        "kind": "crashed",
        "message": "The Dask scheduler at %s stopped answering while running %s (%s: %s)." % (
            address, function_name, type(exc).__name__, first_sentence(exc)),
        "hint": "Check the scheduler's log on its host: it was stopped or crashed; the configurations measured before it are kept.",
    }


def cluster_worker_lost_error(address, host, function_name):
    return {
        "kind": "worker-crashed",
        "message": "The Dask worker %s%s left the cluster while running %s." % (
            address, " on %s" % host if host and host not in address else "", function_name),
        "hint": "A worker that leaves mid-task was killed, crashed in native code, ran out of memory or lost its network; on a cluster of your own, its log on that host says which.",
        "signal": None, "exitCode": None,
    }


def _stuck_frame(stacks, user_file, module_name):
    """(line, function) of the innermost frame in the user's script among the workers' call stacks."""
    import re

    names = {os.path.basename(user_file), module_name + ".py"}
    for by_key in (stacks or {}).values():
        for frames in (by_key or {}).values():
            for frame in reversed(list(frames)):
                match = re.search(r'File "([^"]+)", line (\d+), in (\S+)', str(frame))
                if match and os.path.basename(match.group(1)) in names:
                    return int(match.group(2)), match.group(3)
    return None


def cluster_timeout_error(function_name, timeout_seconds, stacks, user_file, module_name):
    stuck = _stuck_frame(stacks, user_file, module_name)
    where = "%s:%d (in %s)" % (os.path.basename(user_file), stuck[0], stuck[1]) if stuck else None
    lines = []
    for address, by_key in sorted((stacks or {}).items()):
        for key, frames in (by_key or {}).items():
            lines.append("worker %s, task %s:\n%s" % (address, key, "".join(str(frame) for frame in frames)))
    error = {
        "kind": "timeout",
        "message": "%s did not finish within %s s on the Dask cluster%s." % (function_name, timeout_seconds, " (it was running %s)" % where if where else ""),
        "hint": ("Raise the timeout if it is just slow, or look for an endless loop or a deadlock at %s; the task was cancelled and the workers keep running." % where)
        if where else "Raise the timeout if the function is just slow, or look for a deadlock; the workers' stacks show where each task was.",
        "traceback": "\n".join(lines) or None,
    }
    if stuck:
        error.update(file=user_file, line=stuck[0])
    return error
