// The JavaScript/TypeScript runner tests' setup: a temporary folder of fixture modules written
// before the tests and removed after them, targets in it, and a runner whose every probe and
// outcome is checked against the report schema.

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before } from 'node:test';
import type { ConfigOutcome, Target } from '../../src/shared/runner';
import { NodeRunner, type NodeRunnerOptions } from '../../src/runners/node/runner';
import type { NodeExecutor } from '../../src/shared/report';
import { schemaChecked } from './reportSchema';
import { never } from './runnerChecks';
import { makeTempDir, type TempDir } from './tempDir';

/** A folder holding `files` (name → text) for the tests of this file; removed once they end. */
export function fixtureFolder(prefix: string, files: Record<string, string>): TempDir {
  const dir = makeTempDir(prefix);
  before(() => {
    for (const [name, text] of Object.entries(files)) writeFileSync(dir.file(name), text);
  });
  after(() => dir.remove());
  return dir;
}

/** A target in `file`'s own folder, TypeScript or JavaScript by its extension. */
export function nodeTarget(file: string, functionName: string, inputs?: string): Target {
  const language = file.endsWith('.ts') ? 'typescript' : 'javascript';
  return { file, functionName, language, cwd: path.dirname(file), inputs };
}

export function nodeRunner(options?: NodeRunnerOptions): NodeRunner {
  return schemaChecked(new NodeRunner(options));
}

/** One configuration of `executor`, with small defaults: 2 workers, 1 repeat, 30 s. */
export function runNode(
  runner: NodeRunner,
  target: Target,
  executor: NodeExecutor,
  { workers = 2, repeat = 1, timeoutSeconds = 30 }: { workers?: number; repeat?: number; timeoutSeconds?: number } = {},
): Promise<ConfigOutcome> {
  return runner.runConfig(target, { executor, startMethod: null, workers, repeat, chunksize: null, timeoutSeconds }, never());
}
