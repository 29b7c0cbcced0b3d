// The CI gate's repeatability on real profiles (issue 15): the same code profiled again must exit 0
// in 10 of 10 comparisons, and a 20% slower function must exit 3 — as two reports profiled back to
// back, and as two scripts timed in alternating rounds (`compare OLD.py NEW.py`). Runs the
// repeatability tests of test/integration/compare-gate.test.ts, which CI skips (their outcome
// depends on the host's run-to-run noise), and prints their figures.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const file = path.join(__dirname, '..', 'test', 'integration', 'compare-gate.test.ts');
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', file], {
  env: { ...process.env, PP_GATE_REPEATABILITY: '1' },
  encoding: 'utf8',
});
const lines = `${result.stdout}${result.stderr}`.split('\n');
for (const line of lines) {
  if (/^#\s*(\\#\s*)?(same code|20% slower)|^(not )?ok \d|^\s+(not )?ok \d/.test(line)) console.log(line);
}
process.exitCode = result.status ?? 1;
