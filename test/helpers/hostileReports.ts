// A saved report as an attacker would write it: markup and script in every free-text field, and
// absurd numbers (negative, 1e308, the smallest double) in every numeric one, while keeping the
// types a report has, so that it opens and the panel has to draw all of it safely.
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Fields whose value is one of a fixed set: a hostile value there is refused, not drawn (tested apart). */
const CHOSEN_FROM_A_SET = new Set(['schemaVersion', 'executor', 'startMethod', 'defaultStartMethod', 'startMethods', 'kind', 'status', 'language']);
const NUMBERS = [-1, 1e308, -1e308, 5e-324, -0.5, 1e-308, 123456789012345];

/** The markup each string field gets; `marker` makes each one unique and findable in the page. */
export function payload(marker: string): string {
  return `<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1"><b>${marker}</b>\u202e"'&amp;`;
}

export function hostileReport(): unknown {
  const source = path.resolve(__dirname, '..', 'fixtures', 'reports', 'cpu-bound-primes.synthetic.json');
  let strings = 0;
  let numbers = 0;
  const walk = (value: unknown, key: string): unknown => {
    if (CHOSEN_FROM_A_SET.has(key)) return value;
    if (typeof value === 'string') return payload(`s${strings++}`);
    if (typeof value === 'number') return NUMBERS[numbers++ % NUMBERS.length];
    if (Array.isArray(value)) return value.map((item) => walk(item, key));
    if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, walk(item, name)]));
    return value;
  };
  return walk(JSON.parse(readFileSync(source, 'utf8')), '');
}
