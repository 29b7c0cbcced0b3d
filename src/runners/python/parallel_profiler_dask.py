"""The dask executor: a LocalCluster of its own, or the user's running scheduler. On a running
cluster the user's script and the harness's worker module are uploaded to the workers (and taken
back afterwards), worker counts are subsets of the cluster's workers through restrictions, and each
task's worker, host and bytes come from Dask's task stream. Imported only when dask is asked for."""

import functools
import os
import shutil
import tempfile
import time
import uuid
import warnings

import parallel_profiler_messages as messages
import parallel_profiler_worker as worker
from parallel_profiler_messages import ProfileFailure
from parallel_profiler_executors import TuplePath

# A scheduler that does not answer within this is reported as unreachable (the whole profile then
# ends within 10 s: the probe and the serial run take the rest).
CONNECT_SECONDS = 5
# How often a running map checks that its workers and the scheduler are still there.
POLL_SECONDS = 0.25


def ignore_own_warnings():
    """In a dask run the user's code runs on the workers: every warning raised in the harness comes
    from the profiler's own use of dask (e.g. tornado's make_current deprecation), not the user's."""
    warnings.filterwarnings("ignore", module=r"(dask|distributed|tornado|bokeh)(\.|$)")
    warnings.filterwarnings("ignore", message=r".*make_current is deprecated.*")


def connect(address):
    """A Client of the scheduler at address, or a ProfileFailure naming it within CONNECT_SECONDS."""
    try:
        import dask
        from distributed import Client
    except Exception as exc:  # noqa: BLE001 - installed (its metadata says so) yet broken: any error
        raise ProfileFailure(messages.unavailable_error("dask", None, exc))

    began = time.monotonic()
    try:
        with dask.config.set({"distributed.comm.timeouts.connect": "%ds" % CONNECT_SECONDS}):
            return Client(address, timeout=CONNECT_SECONDS)
    except (OSError, ValueError, TypeError) as exc:  # TimeoutError is an OSError
        raise ProfileFailure(messages.unreachable_scheduler_error(address, time.monotonic() - began, exc))


def cluster_workers(client):
    """The cluster's workers, [{address, host, nthreads}], sorted by host and address."""
    found = []
    for address, info in client.scheduler_info().get("workers", {}).items():
        found.append({"address": address, "host": info.get("host") or address, "nthreads": int(info.get("nthreads") or 1)})
    return sorted(found, key=lambda each: (each["host"], each["address"]))


def version_mismatches(client):
    """Dask's own version check, read package by package: [{package, here, scheduler, workers}]."""
    from distributed import versions

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        found = client.get_versions(check=True)
    if not any("Mismatched versions" in str(w.message) for w in caught):
        return []
    here = (found.get("client") or {}).get("packages", {})
    scheduler = (found.get("scheduler") or {}).get("packages", {})
    on_workers = {address: (info or {}).get("packages", {}) for address, info in (found.get("workers") or {}).items()}
    result = []
    for package in sorted(set(here) | set(scheduler)):
        mine = here.get(package, "missing")
        theirs = scheduler.get(package, "missing") if package in versions.scheduler_relevant_packages else mine
        workers = sorted({packages.get(package, "missing") for packages in on_workers.values()})
        if {mine, theirs} | set(workers) != {mine}:
            result.append({"package": package, "here": mine, "scheduler": theirs, "workers": workers})
    return result


def describe_cluster(address):
    """What the probe says about a running cluster: its workers, dashboard and version mismatches."""
    client = connect(address)
    try:
        dashboard = client.dashboard_link if "dashboard" in client.scheduler_info().get("services", {}) else None
        return {
            "scheduler": address,
            "workers": cluster_workers(client),
            "dashboard": dashboard,
            "versionMismatches": version_mismatches(client),
        }
    finally:
        client.close()


class DaskExecutor(TuplePath):
    def __init__(self, workers, chunksize, user_file, module_name, scheduler, function_name, timeout_seconds):
        self.workers = workers
        self.user_file = user_file
        self.module_name = module_name
        self.scheduler = scheduler
        self.function_name = function_name
        self.timeout_seconds = timeout_seconds
        self.client = None
        self.cluster = None
        self.chosen = None
        self.hosts = {}
        self.plugins = []
        self.deadline = None
        self.last_run = None
        self.first_began = None
        self.warnings = []

    def start(self):
        from distributed import Client, LocalCluster

        ignore_own_warnings()
        if not self.scheduler:
            self.cluster = LocalCluster(
                n_workers=self.workers, threads_per_worker=1, processes=True, dashboard_address=None
            )
            self.client = Client(self.cluster)
            return
        self.client = connect(self.scheduler)
        available = cluster_workers(self.client)
        if len(available) < self.workers:
            raise ProfileFailure(messages.cluster_too_small_error(self.scheduler, self.workers, len(available)))
        # Spread the chosen workers over the hosts: one per host before a second on any.
        by_host = {}
        for each in available:
            by_host.setdefault(each["host"], []).append(each)
        spread = []
        while len(spread) < len(available):
            for host in sorted(by_host):
                if by_host[host]:
                    spread.append(by_host[host].pop(0))
        self.chosen = [each["address"] for each in spread[: self.workers]]
        self.hosts = {each["address"]: each["host"] for each in available}
        for mismatch in version_mismatches(self.client):
            self.warnings.append(messages.version_mismatch_text(mismatch))
        self._upload()

    def _upload(self):
        """The workers import the user's script by the harness's module name, and the harness's worker module."""
        from distributed.diagnostics.plugin import UploadFile

        scratch = tempfile.mkdtemp(prefix="parallel-profiler-upload-")
        try:
            named = os.path.join(scratch, self.module_name + ".py")
            shutil.copyfile(self.user_file, named)
            for path in (worker.__file__, named):
                name = "parallel-profiler-%s-%s" % (uuid.uuid4().hex[:8], os.path.basename(path))
                self.client.register_worker_plugin(UploadFile(path), name=name)
                self.plugins.append(name)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)

    def warm(self):
        if self.cluster is not None:
            self.client.wait_for_workers(self.workers, timeout=120)
            self.chosen = sorted(self.client.scheduler_info()["workers"])[: self.workers]
            self.hosts = {a: i.get("host") or a for a, i in self.client.scheduler_info()["workers"].items()}
        self.client.run(worker.warm, 0, workers=self.chosen)
        # The scheduler starts recording its task stream now, so the timed repeats find it running.
        self.client.get_task_stream(start=0, stop=0)

    def run(self, fn, inputs):
        from distributed import wait

        if self.deadline is None:
            self.deadline = time.monotonic() + max(1.0, self.timeout_seconds - min(5.0, self.timeout_seconds * 0.2))
        count = len(inputs)
        epoch_offset = time.time() - time.monotonic()
        began = time.time()
        # One partial per map: dask pickles a task's function once and caches it, where the user's
        # function as an argument would be pickled again for every task.
        task = functools.partial(worker.run_task, fn)
        futures = self.client.map(task, range(count), inputs, pure=False, workers=self.chosen, allow_other_workers=False)
        try:
            while True:
                try:
                    wait(futures, timeout=POLL_SECONDS)
                    break
                except Exception as exc:  # noqa: BLE001 - dask raises its own TimeoutError class
                    if "Timeout" not in type(exc).__name__:
                        raise
                self._check_cluster(futures)
            outcomes = self.client.gather(futures)
        except ProfileFailure:
            raise
        except Exception:  # noqa: BLE001 - a lost scheduler cancels every future: say that, not "cancelled"
            self._check_cluster(futures)
            raise
        self.last_run = (futures, began, epoch_offset)
        if self.first_began is None:
            self.first_began = began
        return outcomes

    def _check_cluster(self, futures):
        try:
            if self.client.status != "running":
                raise ConnectionError("the client lost its connection (status %s)" % self.client.status)
            alive = self.client.nthreads()
        except Exception as exc:  # noqa: BLE001 - any failure to ask means the scheduler is gone
            self.scheduler_lost = True
            self._cancel(futures)
            raise ProfileFailure(messages.scheduler_lost_error(self.scheduler or "the LocalCluster", self.function_name, exc))
        lost = [address for address in self.chosen if address not in alive]
        if lost:
            self._cancel(futures)
            raise ProfileFailure(messages.cluster_worker_lost_error(lost[0], self.hosts.get(lost[0]), self.function_name))
        if time.monotonic() > self.deadline:
            stacks = {}
            try:
                stacks = self.client.call_stack(futures)
            except Exception:  # noqa: BLE001 - the stacks are a courtesy
                pass
            self._cancel(futures)
            raise ProfileFailure(messages.cluster_timeout_error(self.function_name, self.timeout_seconds, stacks, self.user_file, self.module_name))

    def _cancel(self, futures):
        if getattr(self, "scheduler_lost", False):
            return  # a gone scheduler cannot cancel; asking it waits out the connect timeout
        try:
            self.client.cancel(futures, force=True)
        except Exception:  # noqa: BLE001 - a gone scheduler cannot cancel
            pass

    def worker_load(self, since_epoch):
        """Each chosen worker's CPU from Dask's worker system monitor since since_epoch, on the
        harness's clock: [{worker, host, t: [monotonic seconds], cpuPercent: [...]}]; [] when unreadable."""
        try:
            found = self.client.run(worker.dask_worker_load, since_epoch, workers=self.chosen)
        except Exception:  # noqa: BLE001 - the load is a courtesy; the run's numbers stand without it
            return []
        offset = time.time() - time.monotonic()
        return [
            {"worker": address, "host": self.hosts.get(address, address), "t": [t - offset for t in times], "cpuPercent": cpus}
            for address, (times, cpus) in sorted(found.items())
        ]

    def placements(self):
        """Of the last run, after its timed region: index → [worker address, host, compute start, end
        (harness clock), bytes received] from Dask's task stream; None when it cannot be read."""
        if self.last_run is None:
            return None
        futures, began, epoch_offset = self.last_run
        try:
            stream = self.client.get_task_stream(start=began - 1)
        except Exception:  # noqa: BLE001 - spans without placement still hold
            return None
        by_key = {}
        for record in stream:
            by_key[record.get("key")] = record
        placements = {}
        for index, future in enumerate(futures):
            record = by_key.get(future.key)
            if not record:
                continue
            compute = [s for s in record.get("startstops", []) if s.get("action") == "compute"]
            start = compute[0]["start"] - epoch_offset if compute else None
            end = compute[-1]["stop"] - epoch_offset if compute else None
            address = record.get("worker")
            placements[index] = [address, self.hosts.get(address, address), start, end, record.get("nbytes")]
        return placements

    def close(self, failed):
        # With the scheduler gone, every call to it waits out the connect timeout: unregistering
        # the plugins and a polite close would keep the harness alive 5 s per call for nothing.
        lost = getattr(self, "scheduler_lost", False)
        if self.client is not None and lost:
            try:
                self.client.close(timeout=1)
            except Exception:  # noqa: BLE001
                pass
        elif self.client is not None:
            for name in self.plugins:
                try:
                    self.client.unregister_worker_plugin(name)
                except Exception:  # noqa: BLE001 - a gone cluster keeps nothing of ours anyway
                    pass
            try:
                self.client.close(timeout=5)
            except Exception:  # noqa: BLE001
                pass
        if self.cluster is not None:
            self.cluster.close(timeout=10)
