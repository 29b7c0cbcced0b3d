// What every runner reports for a configuration that produced no measurement at all.
import type { RunError } from '../shared/report';
import type { ConfigOutcome } from './types';

export function failedOutcome(error: RunError | null): ConfigOutcome {
  return {
    startupSeconds: null,
    walls: [],
    tasks: [],
    origin: null,
    processCpuSeconds: null,
    queuedSeconds: null,
    threadParallelism: null,
    argBytes: null,
    resultBytes: null,
    output: { stdout: '', stderr: '', bytes: 0, truncated: false },
    warnings: [],
    error,
  };
}
