// The verdict card, first thing in the panel: what kind of workload, the best configuration, why,
// what to do (with code to copy), the evidence, warnings, and how it compares with the previous run.
import type { ProfileWarning, Report, Run } from '../../src/shared/report';
import { isRecommendedRun, runLabel, warningWhere, whyNotComparable } from '../../src/shared/report';
import { badge, button } from '../components';
import { h } from '../dom';
import { baseName, formatSeconds, formatSpeedup } from '../../src/shared/format';
import type { PanelActions } from './actions';

const KIND_NAMES: Record<Report['verdict']['kind'], string> = {
  'cpu-bound': 'CPU-bound',
  'io-bound': 'I/O-bound',
  'gil-free': 'GIL-free',
  'overhead-bound': 'overhead-bound',
  'internally-parallel': 'internally parallel',
  mixed: 'mixed',
  failed: 'failed',
  inconclusive: 'inconclusive',
};

/** The verdict's kind in the panel's words: JavaScript has no GIL, and its gil-free work runs off the event loop. */
export function kindName(report: Pick<Report, 'verdict' | 'target'>): string {
  return report.verdict.kind === 'gil-free' && report.target.language !== 'python' ? 'off the event loop' : KIND_NAMES[report.verdict.kind];
}

export function bestRun(report: Report): Run | null {
  const best = report.verdict.best;
  if (!best) return null;
  // The same test every surface marks the row with: a batch size or held library threads tell two runs of one executor and worker count apart.
  return report.runs.find((run) => isRecommendedRun(report.verdict, run)) ?? null;
}

export function renderVerdictCard(report: Report, previous: Report | null, actions: PanelActions): HTMLElement {
  const { verdict, target } = report;
  const best = bestRun(report);
  const headline = verdict.best
    ? `Best: ${runLabel(verdict.best)} — ${formatSpeedup(verdict.best.speedup)}${best ? ` in ${formatSeconds(best.wallSeconds)}` : ''}`
    : 'No configuration to recommend';
  const card = h(
    'section',
    { id: 'pp-verdict', class: 'pp-card pp-verdict', 'aria-labelledby': 'pp-verdict-heading' },
    h('p', { class: 'pp-target' }, `${target.function} in ${baseName(target.file)} · ${target.inputs.count} inputs (${target.inputs.expression})`),
    h('h2', { id: 'pp-verdict-heading' }, badge(kindName(report), verdict.kind), ' ', h('span', { class: 'pp-best' }, headline)),
  );
  if (previous) {
    const notComparable = whyNotComparable(report, previous);
    card.append(notComparable
      ? h('p', { class: 'pp-compare pp-muted' }, `Previous run not compared: ${notComparable}.`)
      : compareLine(report, previous));
  }
  if (report.status === 'partial') card.append(partialNote(report));
  card.append(h('p', { class: 'pp-explanation' }, verdict.explanation), h('p', { class: 'pp-recommendation' }, verdict.recommendation));
  if (verdict.code.trim()) {
    card.append(
      h(
        'div',
        { class: 'pp-code' },
        h('pre', {}, h('code', {}, verdict.code)),
        button('Copy', () => actions.copy(verdict.code), { label: 'Copy the code snippet', action: 'copy' }),
      ),
    );
  }
  if (verdict.evidence.length > 0) {
    card.append(h('h3', {}, 'Evidence'), h('ul', { class: 'pp-evidence' }, ...verdict.evidence.map((line) => h('li', {}, line))));
  }
  const warnings = report.warnings ?? [];
  if (warnings.length > 0) {
    const item = (warning: ProfileWarning): HTMLElement =>
      h('li', { 'data-code': warning.code }, `${warningWhere(warning, report.runs)}${warning.message} `, h('span', { class: 'pp-advice' }, warning.advice));
    card.append(h('h3', {}, 'Warnings'), h('ul', { class: 'pp-warnings' }, ...warnings.map(item)));
  }
  return card;
}

function compareLine(report: Report, previous: Report): HTMLElement {
  const describe = (r: Report) => {
    const best = r.verdict.best;
    if (!best) return 'no best configuration';
    return `${runLabel(best)} at ${formatSpeedup(best.speedup)} in ${formatSeconds(bestRun(r)?.wallSeconds)}`;
  };
  return h('p', { class: 'pp-compare' }, `Previous run: ${describe(previous)} → now ${describe(report)}.`);
}

function partialNote(report: Report): HTMLElement {
  const notRun = report.runs.filter((run) => run.error?.kind === 'cancelled').map((run) => runLabel(run));
  const text = notRun.length > 0
    ? `Partial report: the profile stopped early. Did not run: ${notRun.join(', ')}.`
    : `Partial report: the profile stopped early; only the ${report.runs.length} configurations below ran.`;
  return h('p', { class: 'pp-partial', role: 'note' }, text);
}
