// The cores a profile counts on: the machine's, unless CPU affinity (taskset, a container's
// cpuset) or a cgroup CPU quota leaves the process fewer. One place decides it, so the plan, the
// verdict, the CLI and the panel say the same number.

import type { Machine, Runtime, UsableCores } from './report';

/** Logical and physical cores this process may use; a report without `usable` means the whole machine. */
export function usableCoreCounts(machine: Pick<Machine, 'logicalCores' | 'physicalCores' | 'usable'>): { logicalCores: number; physicalCores: number } {
  const usable = machine.usable;
  if (!usable) return { logicalCores: machine.logicalCores, physicalCores: machine.physicalCores };
  const logicalCores = Math.max(1, Math.min(usable.logicalCores, machine.logicalCores));
  return { logicalCores, physicalCores: Math.max(1, Math.min(usable.physicalCores, machine.physicalCores, logicalCores)) };
}

/** True when the process may use fewer logical cores than the machine has. */
export function isCoreLimited(machine: Pick<Machine, 'logicalCores' | 'physicalCores' | 'usable'>): boolean {
  return usableCoreCounts(machine).logicalCores < machine.logicalCores;
}

/** The kernel's CPU list format: [0, 1, 2, 5] → "0-2,5". */
export function cpuListText(ids: readonly number[]): string {
  const parts: string[] = [];
  for (let at = 0; at < ids.length; ) {
    let end = at;
    while (end + 1 < ids.length && ids[end + 1] === ids[end] + 1) end++;
    parts.push(end === at ? String(ids[at]) : `${ids[at]}-${ids[end]}`);
    at = end + 1;
  }
  return parts.join(',');
}

/** What sets the usable count, in words ("CPU affinity 0", "a cgroup CPU quota of 1.5 cores"), or null when nothing does. */
export function coreLimitWords(machine: Pick<Machine, 'logicalCores' | 'physicalCores' | 'usable'>): string | null {
  const usable = machine.usable;
  if (!usable || !isCoreLimited(machine)) return null;
  const reasons: string[] = [];
  if (usable.affinity && usable.affinity.length < machine.logicalCores) reasons.push(`CPU affinity ${cpuListText(usable.affinity)}`);
  if (usable.quotaCores !== null && usable.quotaCores < machine.logicalCores) {
    // Two decimals at most: quotas are set as fractions of a core (docker --cpus=1.5).
    reasons.push(`a cgroup CPU quota of ${Number(usable.quotaCores.toFixed(2))} cores`);
  }
  return reasons.length > 0 ? reasons.join(' and ') : "the interpreter's CPU affinity";
}

/**
 * The machine with the interpreter's own view folded in: the harness's processes run with the
 * interpreter's affinity, which a wrapper (taskset in a launcher script) may have narrowed further.
 */
export function withInterpreterView(machine: Machine, runtime: Pick<Runtime, 'cpuCount'>): Machine {
  const affinity = runtime.cpuCount?.affinity;
  const counts = usableCoreCounts(machine);
  if (typeof affinity !== 'number' || !Number.isInteger(affinity) || affinity < 1 || affinity >= counts.logicalCores) return machine;
  const usable: UsableCores = machine.usable ?? { ...counts, affinity: null, quotaCores: null, quotaSource: null };
  return { ...machine, usable: { ...usable, logicalCores: affinity, physicalCores: Math.min(usable.physicalCores, affinity) } };
}

/** A machine whose core counts are the usable ones; limitedBy says what limits them, when anything does. */
export type UsableMachine = Machine & { limitedBy?: string };

/**
 * The machine as the plan and the verdict count it: its core counts are the usable ones, and it
 * keeps `usable` only when that limits it, with `limitedBy` saying how.
 */
export function asUsableMachine(machine: Machine): UsableMachine {
  const { usable, ...rest } = machine;
  const limitedBy = coreLimitWords(machine);
  return limitedBy && usable ? { ...rest, ...usableCoreCounts(machine), usable, limitedBy } : { ...rest, ...usableCoreCounts(machine) };
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** "This machine has 2 physical and 4 logical cores", or, when fewer are usable, what this process may use and why. */
export function coresPhrase(machine: Pick<UsableMachine, 'logicalCores' | 'physicalCores' | 'limitedBy'>): string {
  return machine.limitedBy
    ? `This process may use ${plural(machine.logicalCores, 'logical core')} (${plural(machine.physicalCores, 'physical')}), set by ${machine.limitedBy}`
    : `This machine has ${machine.physicalCores} physical and ${machine.logicalCores} logical cores`;
}

/** The logical CPU ids this process may run on: the affinity's, or every CPU of the machine. */
export function usableCpuIds(machine: Pick<Machine, 'logicalCores' | 'usable'>): number[] {
  return machine.usable?.affinity ?? Array.from({ length: machine.logicalCores }, (_, cpu) => cpu);
}
