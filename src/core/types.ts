// Contracts inside the engine: what it hands the analysis. The runner contract (ProfileError,
// Target, Probe, ConfigRequest, ConfigOutcome, LanguageRunner) lives in src/shared/runner.ts.

import type { Language, Machine, Run, Runtime, Verdict } from '../shared/report';

/** A measured configuration before analysis: the report's Run without the derived numbers. */
export type MeasuredRun = Omit<Run, 'speedup' | 'speedupLow' | 'speedupHigh' | 'efficiency' | 'cpuUtilization' | 'serialFraction' | 'overheads' | 'otherCores'>;

export interface AnalysisInput {
  language: Language;
  /** The user's script, for the module name in the recommended code. */
  file: string;
  functionName: string;
  /** The inputs expression as the user wrote it, reused in the recommended code. */
  inputsExpression: string;
  inputsCount: number;
  machine: Machine;
  runtime: Runtime;
  runs: MeasuredRun[];
  /** Calibration loops: most passes over the inputs per timing (1 or absent: one pass). */
  loops?: number;
  /** Each configuration's timeout: a hang is told from a long run against it (hazards.ts). */
  timeoutSeconds?: number;
  /** The `--repeat` setting: the most timings a configuration's first launch asks for, all within
   * its timeout (hazards.ts). Absent: three. */
  repeat?: number;
}

export interface AnalysisResult {
  runs: Run[];
  verdict: Verdict;
}
