// `npm run verdicts`: profiles every case of the verdict corpus (test/corpus/manifest.json) with the
// real interpreter through the built CLI, prints case / expected / got / agree and the agreement
// N of M, and with --twice profiles each case twice for the repeatability figure (same kind and
// same recommended configuration, N of N). Measure under the machine-wide lock, either whole or,
// for the long forms, one profile at a time (--lock), so others are not held up for an hour:
//   flock /tmp/pp-heavy.lock npm run verdicts -- --quick
//   npm run verdicts -- --examples --twice --lock /tmp/pp-heavy.lock [--only a,b] [-- CLI args]

import { existsSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatSeconds } from '../src/shared/format';
import {
  agrees, evidence, isFailure, measuredQuietly, notQuietWarnings, outcomeOf, readManifest, profileCase,
  type CorpusCase, type Outcome, type ProfileFailure,
} from '../test/helpers/verdictCorpus';
import { readReportFile } from '../test/helpers/reportSchema';
import { printTable } from './ratioTable';

interface Options {
  quick: boolean;
  examples: boolean;
  onlyExamples: boolean;
  twice: boolean;
  summarise: boolean;
  only: string[] | null;
  reports: string;
  lock: string | undefined;
  cliArgs: string[];
}

function parseOptions(argv: string[]): Options {
  const split = argv.indexOf('--');
  const own = split === -1 ? argv : argv.slice(0, split);
  const options: Options = {
    quick: false, examples: false, onlyExamples: false, twice: false, summarise: false, only: null,
    reports: path.join(os.tmpdir(), `pp-verdicts-${new Date().toISOString().replace(/[:.]/g, '-')}`),
    lock: undefined,
    cliArgs: split === -1 ? [] : argv.slice(split + 1),
  };
  for (let index = 0; index < own.length; index += 1) {
    const flag = own[index];
    if (flag === '--quick') options.quick = true;
    else if (flag === '--examples') options.examples = true;
    else if (flag === '--only-examples') options.onlyExamples = options.examples = true;
    else if (flag === '--twice') options.twice = true;
    else if (flag === '--summarise') options.summarise = true;
    else if (flag === '--only') options.only = (own[++index] ?? '').split(',').filter(Boolean);
    else if (flag === '--lock') options.lock = own[++index];
    else if (flag === '--reports') options.reports = path.resolve(own[++index] ?? options.reports);
    else {
      console.error(`Unknown option ${flag}. Options: --quick (CI's cases only), --examples (add examples/), --only-examples, --twice (repeatability), --only id,id, --reports DIR, --summarise (judge the reports saved in --reports DIR, profiling nothing), --lock FILE (flock each profile), then -- and CLI arguments.`);
      process.exit(2);
    }
  }
  return options;
}

function chosenCases(options: Options): CorpusCase[] {
  const manifest = readManifest();
  let cases = [...(options.onlyExamples ? [] : manifest.cases), ...(options.examples ? manifest.examples : [])];
  if (options.quick) cases = cases.filter((entry) => entry.quick);
  if (options.only) {
    const unknown = options.only.filter((id) => !cases.some((entry) => entry.id === id));
    if (unknown.length > 0) {
      console.error(`No case named ${unknown.join(', ')}; the cases are ${cases.map((entry) => entry.id).join(', ')}.`);
      process.exit(2);
    }
    cases = cases.filter((entry) => options.only?.includes(entry.id));
  }
  return cases;
}

type Result = Outcome | ProfileFailure;

/** A report an earlier run saved (batches run under the lock one at a time, then summarised together). */
function savedOutcome(json: string): Result {
  if (!existsSync(json)) return { error: `not profiled: ${json} is missing` };
  return outcomeOf(readReportFile(json));
}

function describe(result: Result): string {
  return isFailure(result) ? `error: ${result.error}` : `${result.kind} · ${result.config}`;
}

function sameRecommendation(first: Result, second: Result): boolean {
  return !isFailure(first) && !isFailure(second) && first.kind === second.kind && first.config === second.config;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const cases = chosenCases(options);
  mkdirSync(options.reports, { recursive: true });
  const rounds = options.twice ? 2 : 1;
  const results = new Map<string, Result[]>();
  const started = performance.now();
  // Round by round, so that a case's two profiles are minutes apart rather than back to back.
  for (let round = 0; round < rounds; round += 1) {
    for (const entry of cases) {
      const json = path.join(options.reports, `${entry.id}.${round + 1}.json`);
      const result = options.summarise ? savedOutcome(json) : await profileCase(entry, json, options.cliArgs, options.lock);
      results.set(entry.id, [...(results.get(entry.id) ?? []), result]);
      const verdict = isFailure(result) ? 'failed' : agrees(entry, result) ? 'agrees' : 'DISAGREES';
      const took = isFailure(result) ? '' : ` (serial ${formatSeconds(result.serialSeconds)}, profile ${formatSeconds(result.profileSeconds)})`;
      if (options.summarise) continue;
      process.stderr.write(`[${round + 1}/${rounds}] ${entry.id}: ${describe(result)} — ${verdict}${took}\n`);
    }
  }
  const totalSeconds = (performance.now() - started) / 1000;

  const rows = cases.map((entry) => {
    const first = results.get(entry.id)?.[0] as Result;
    const row = [
      entry.id,
      `${entry.kinds.join('|')} · ${entry.families.join('|')}`,
      isFailure(first) ? 'error' : `${first.kind} · ${first.family ?? 'none'} (${first.config})`,
      isFailure(first) ? 'no' : agrees(entry, first) ? 'yes' : entry.knownDisagreement ? 'no (known)' : 'no',
      isFailure(first) ? '—' : formatSeconds(first.serialSeconds),
    ];
    if (options.twice) row.push(sameRecommendation(first, results.get(entry.id)?.[1] as Result) ? 'same' : `differs: ${describe(results.get(entry.id)?.[1] as Result)}`);
    return row;
  });
  console.log(`Verdict corpus: ${cases.length} cases${options.quick ? ' (quick subset)' : ''}, reports in ${options.reports}\n`);
  printTable(['case', 'expected (kind · family)', 'got (first run)', 'agree', 'serial', ...(options.twice ? ['second run'] : [])], rows);

  const firsts = cases.map((entry) => ({ entry, result: results.get(entry.id)?.[0] as Result }));
  const agreeing = firsts.filter(({ entry, result }) => !isFailure(result) && agrees(entry, result)).length;
  console.log(`\nAgreement: ${agreeing} of ${cases.length} (first run of each case)`);
  if (options.twice) {
    const steady = cases.filter((entry) => sameRecommendation(...(results.get(entry.id) as [Result, Result]))).length;
    const bothAgree = cases.filter((entry) => (results.get(entry.id) ?? []).every((result) => !isFailure(result) && agrees(entry, result))).length;
    console.log(`Repeatability: ${steady} of ${cases.length} profiled twice gave the same kind and the same recommended configuration`);
    // Issue 13 asks it of a quiet machine: the pairs where neither report warned of other load, uneven CPUs or CPUs slowed all at once.
    const quiet = cases.filter((entry) => (results.get(entry.id) ?? []).every((result) => !isFailure(result) && measuredQuietly(result.report)));
    const quietSteady = quiet.filter((entry) => sameRecommendation(...(results.get(entry.id) as [Result, Result]))).length;
    console.log(`Repeatability on a quiet machine: ${quietSteady} of ${quiet.length} (the cases neither of whose profiles warned of other load, uneven CPUs or CPUs slowed all at once; ${cases.length - quiet.length} did)`);
    for (const entry of cases.filter((candidate) => !quiet.includes(candidate))) {
      const why = (results.get(entry.id) ?? []).map((result, index) => `run ${index + 1}: ${isFailure(result) ? 'failed' : notQuietWarnings(result.report).join(', ') || 'quiet'}`);
      console.log(`  ${entry.id}: ${why.join('; ')}`);
    }
    console.log(`Agreement in both runs: ${bothAgree} of ${cases.length}`);
  }
  if (!options.summarise) console.log(`Time: ${formatSeconds(totalSeconds)} for ${cases.length * rounds} profiles`);

  const known = cases.filter((entry) => entry.knownDisagreement).length;
  if (known > 0) console.log(`Known disagreements marked in the manifest: ${known} (issue 13: at most two may stay)`);
  const disagreeing = firsts.filter(({ entry, result }) => isFailure(result) || !agrees(entry, result));
  if (disagreeing.length > 0) console.log('\nDisagreements (first run), with the measurements behind them:');
  for (const { entry, result } of disagreeing) {
    console.log(`\n${entry.id} (${entry.file} ${entry.function}): expected ${entry.kinds.join('|')} · ${entry.families.join('|')}`);
    if (entry.knownDisagreement) console.log(`  known: ${entry.knownDisagreement}`);
    for (const line of isFailure(result) ? [result.error] : evidence(result)) console.log(`  ${line}`);
  }
  // A disagreement is a figure, not a failure of the command; a profile that could not run is.
  process.exitCode = firsts.some(({ result }) => isFailure(result)) ? 1 : 0;
}

void main();
