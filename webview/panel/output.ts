// What the selected run's function printed: how much, whether the report kept all of it, and the
// kept text of stdout and stderr, folded away until asked for. Text only, never markup.
import { formatBytes } from '../../src/shared/format';
import type { Run } from '../../src/shared/report';
import { runLabel } from '../../src/shared/report';
import { h } from '../dom';

export function renderOutput(run: Run): HTMLElement {
  const box = h('div', { class: 'pp-output', 'data-run': run.id });
  const { output } = run;
  if (output.bytes === 0 && !output.stdout && !output.stderr) {
    box.append(h('p', { class: 'pp-caption' }, `${runLabel(run)} printed nothing to stdout or stderr.`));
    return box;
  }
  const kept = output.truncated
    ? ' That is more than a report keeps: the beginning and the end of each stream are below, with how much was left out between them.'
    : '';
  box.append(h('p', { class: output.truncated ? 'pp-caption pp-output-capped' : 'pp-caption' },
    `${runLabel(run)} printed ${formatBytes(output.bytes)} while it ran.${kept}`));
  for (const [name, text] of [['stdout', output.stdout], ['stderr', output.stderr]] as const) {
    if (!text) continue;
    box.append(h('details', { class: 'pp-traceback', 'data-stream': name }, h('summary', {}, name), h('pre', {}, text)));
  }
  return box;
}
