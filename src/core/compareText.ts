// The CI gate's output: a comparison of two reports as plain text for a terminal, as Markdown for a
// pull-request comment, or as JSON for a script.

import { regressionLines, type Comparison, type ConfigChange, type ReportIdentity } from '../shared/compare';
import { formatChange, formatSeconds, formatSpeedup, shortCommit } from '../shared/format';
import type { RoundsAdded } from './interleaved';

const MARKS: Record<ConfigChange['direction'], string> = {
  better: 'better',
  worse: 'worse',
  'within-noise': 'within noise',
  'other-load': 'not judged: other load',
  'uneven-cpus': 'not judged: uneven CPUs',
  added: 'new',
  removed: 'not run now',
  failed: 'fails',
};

function when(entry: ReportIdentity): string {
  const commit = entry.commit ? ` at ${shortCommit(entry.commit)}${entry.dirty ? ' (uncommitted changes)' : ''}` : '';
  return `${entry.createdAt.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC')}${commit}, recommended ${entry.recommended}`;
}

function verdictLine(comparison: Comparison): string {
  const undecided = comparison.changes.filter((entry) => entry.gated && entry.direction === 'within-noise' && entry.note && /undecided/.test(entry.note));
  if (comparison.regressions.length === 0 && undecided.length > 0) {
    return `No regression beyond the noise, but ${undecided.map((entry) => `${entry.label}: ${entry.note}`).join('; ')}.`;
  }
  const unjudged = comparison.changes.filter((entry) => entry.gated && (entry.direction === 'other-load' || entry.direction === 'uneven-cpus'));
  if (comparison.regressions.length === 0 && unjudged.length > 0) {
    const notes = [...new Set(unjudged.map((entry) => entry.note).filter((note) => note !== null))].join('; ');
    const advice = unjudged.some((entry) => entry.direction === 'uneven-cpus')
      ? 'Compare the two scripts in alternating rounds (compare OLD.py NEW.py), which time both sides on one CPU, or profile again on a dedicated machine'
      : 'Profile on a quieter machine for a gate that can fail';
    return `No regression found, but ${unjudged.map((entry) => entry.label).join(' and ')} could not be judged: ${notes}. ${advice}.`;
  }
  if (comparison.regressions.length === 0) return 'No regression beyond the noise.';
  return `Regression: ${comparison.regressions.length === 1 ? 'one configuration is' : `${comparison.regressions.length} configurations are`} slower beyond the noise.`;
}

function row(entry: ConfigChange): string[] {
  return [
    `${entry.label}${entry.gated ? ' *' : ''}`,
    formatSeconds(entry.oldWall),
    formatSeconds(entry.newWall),
    `${formatChange(entry.change)}${MEASURE_MARKS[entry.measure]}`,
    `${formatSpeedup(entry.oldSpeedup)} → ${formatSpeedup(entry.newSpeedup)}`,
    entry.regression ? 'REGRESSION' : MARKS[entry.direction],
  ];
}

/** Beside a change judged on another figure than the median wall. */
const MEASURE_MARKS: Record<ConfigChange['measure'], string> = { wall: '', cpu: ' (CPU)', fastest: ' (fastest)' };

const HEADER = ['configuration', 'old wall', 'new wall', 'change', 'speedup', 'beyond noise?'];
const FOOTNOTE = [
  '* gated: serial and the configuration the old report recommended.',
  'Beyond the noise: the ranges of the repeats do not overlap; a wall time measured under other programs\' load is not judged;',
  'serial CPU work is judged by its fastest timing, or its CPU seconds where less, against the spread of the steadier',
  'run\'s timings near its fastest: other programs and slower CPUs only ever add time. A change within the swing of',
  'serial\'s own timings (1.25× or more in either profile) is not judged, but serial\'s when they swung in both. A parallel',
  'run whose tasks took more CPU for the same work, beyond serial\'s change, ran on slower CPUs or contended: not judged.',
].join('\n');

function footnote(comparison: Comparison): string {
  if (!comparison.paired) return FOOTNOTE;
  const rounds = comparison.rounds ? ` (${comparison.rounds.needed} of ${comparison.rounds.timed} rounds)` : '';
  return [
    '* gated: every configuration timed side by side.',
    'Timed in alternating rounds: beyond the noise when so many rounds\' new ÷ old lie on one side of 1 that the same code',
    `would do so at most 1 time in 500${rounds}; the change is the median of the rounds' ratios. Rounds that lean neither way`,
    'while their median change is past the threshold are followed by more, up to three times the rounds asked for.',
  ].join('\n');
}

export function comparisonText(comparison: Comparison): string {
  const rows = [HEADER, ...comparison.changes.map(row)];
  const widths = HEADER.map((_, column) => Math.max(...rows.map((cells) => cells[column].length)));
  const lines = [
    `old: ${when(comparison.old)}`,
    `new: ${when(comparison.new)}`,
    ...(comparison.commitRange ? [`code: ${comparison.commitRange}`] : []),
    '',
    ...rows.map((cells) => cells.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd()),
    '',
    footnote(comparison),
    ...comparison.notes,
    verdictLine(comparison),
    ...regressionLines(comparison).map((line) => `  ${line}`),
  ];
  return lines.join('\n') + '\n';
}

export function comparisonMarkdown(comparison: Comparison): string {
  const cell = (text: string): string => text.replace(/\|/g, '\\|');
  const lines = [
    `### Parallel Profiler: ${comparison.regressions.length > 0 ? '❌ ' : '✅ '}${verdictLine(comparison)}`,
    '',
    `- old: ${cell(when(comparison.old))}`,
    `- new: ${cell(when(comparison.new))}`,
    ...(comparison.commitRange ? [`- code: \`${comparison.commitRange}\``] : []),
    '',
    `| ${HEADER.join(' | ')} |`,
    `| ${HEADER.map(() => '---').join(' | ')} |`,
    ...comparison.changes.map((entry) => `| ${row(entry).map(cell).join(' | ')} |`),
    '',
    footnote(comparison),
    ...comparison.notes.map((note) => `\n${note}`),
    ...regressionLines(comparison).map((line) => `- ${line}`),
  ];
  return lines.join('\n') + '\n';
}

export function comparisonJson(comparison: Comparison): string {
  return JSON.stringify({ regression: comparison.regressions.length > 0, ...comparison }, null, 2) + '\n';
}

/** Why `compare OLD.py NEW.py` times more rounds than asked: "Undecided after 13 rounds: serial 8 of 13
 * slower, median +48%. 4 more rounds (up to 39)." */
export function moreRoundsText(added: RoundsAdded): string {
  const which = added.undecided.map((entry) => `${entry.id} ${entry.slower} of ${entry.rounds} slower, median ${formatChange(entry.change)}`).join('; ');
  return `Undecided after ${added.after} rounds: ${which}. ${added.more} more rounds (up to ${added.cap}).`;
}
