// The runner for each language. The CLI, the extension and the tests hand this to the engine,
// which knows runners only through the LanguageRunner contract in src/shared/runner.ts.

import type { Language } from '../shared/report';
import type { LanguageRunner } from '../shared/runner';
import { NodeRunner } from './node/runner';
import { PythonRunner } from './python/runner';

export function runnerFor(language: Language): LanguageRunner {
  return language === 'python' ? new PythonRunner() : new NodeRunner();
}
