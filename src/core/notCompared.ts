// The executors a profile could not compare because their library is not installed for the
// interpreter profiled: said once, in the verdict's evidence and in `--plan`, so a missing joblib
// or Dask row does not read as compared and left out (a new user's walk: "the report and --plan
// just leave them out").

import type { Executor, Language } from '../shared/report';
import type { Probe } from '../shared/runner';

/** The libraries behind executors a Python profile offers when installed, in the words a user installs them by. */
const LIBRARIES: readonly { executor: Executor; name: string; install: string }[] = [
  { executor: 'joblib-loky', name: 'joblib', install: 'joblib' },
  { executor: 'dask', name: "Dask's distributed scheduler", install: '"dask[distributed]"' },
];

/** One line naming the libraries not installed for the profiled interpreter, or null when every
 * one is, the profile is not Python's, or the user chose the executors (`--executors`). */
export function librariesNotInstalled(language: Language, probe: Pick<Probe, 'executors' | 'runtime'>, chosen: readonly Executor[] | undefined): string | null {
  if (language !== 'python' || (chosen && chosen.length > 0)) return null;
  const missing = LIBRARIES.filter((library) => !probe.executors.some((choice) => choice.executor === library.executor));
  if (missing.length === 0) return null;
  const names = missing.map((library) => library.name).join(' and ');
  const where = `${probe.runtime.executable} (Python ${probe.runtime.version})`;
  const them = missing.length > 1 ? 'them' : 'it';
  const executable = /\s/.test(probe.runtime.executable) ? `"${probe.runtime.executable}"` : probe.runtime.executable;
  return `not compared: ${names}, not installed for ${where}; install ${them} there (for instance ${executable} -m pip install ${missing.map((library) => library.install).join(' ')}, in a virtual environment if that Python is the system's) or profile with an interpreter that has ${them}`;
}
