// What machine the profile ran on (core counts, CPU brand, memory), and which logical cores share
// a physical core, so the Core Utilization view can group hyper-threads together.

import { readFileSync } from 'node:fs';
import os from 'node:os';
import { cpu as readCpu } from 'systeminformation/lib/cpu';
import { mem as readMemory } from 'systeminformation/lib/memory';
import type { Machine, UsableCores } from '../shared/report';
import { readCpuLimits, type CpuLimits } from '../system/cpuLimits';

let cached: Promise<Machine> | null = null;

/** The machine description; systeminformation is asked once per process. */
export function getMachine(): Promise<Machine> {
  cached ??= describeMachine();
  return cached;
}

async function describeMachine(): Promise<Machine> {
  const [cpu, mem] = await Promise.all([
    readCpu().catch(() => null),
    readMemory().catch(() => null),
  ]);
  const osCpus = os.cpus();
  // os.cpus() is what the sampler sees, so it decides the logical count when it can.
  const logicalCores = positiveInteger(osCpus.length) ?? positiveInteger(cpu?.cores) ?? os.availableParallelism();
  // sysfs first where it exists, so the count matches the grouping coreToPhysical draws.
  const physicalCores =
    validPhysical(countLinuxPhysicalCores(logicalCores), logicalCores) ??
    validPhysical(cpu?.physicalCores, logicalCores) ??
    logicalCores;
  const machine: Machine = {
    logicalCores,
    physicalCores,
    cpuBrand: cpuBrand(cpu?.manufacturer, cpu?.brand, osCpus[0]?.model),
    memoryBytes: positiveInteger(mem?.total) ?? os.totalmem(),
    platform: `${process.platform}-${process.arch}`,
  };
  const limits: CpuLimits =
    process.platform === 'linux' ? readCpuLimits() : { affinity: null, quotaCores: null, quotaSource: null };
  return { ...machine, usable: usableCores(machine, limits, os.availableParallelism()) };
}

/**
 * The cores the process may use: the affinity's (or, without one, libuv's count, which reads the
 * affinity where the OS has one), lowered to the quota rounded up — a quota of 1.5 cores still runs
 * two workers at once, each for part of the time — and the physical cores among them.
 */
export function usableCores(
  machine: Pick<Machine, 'logicalCores' | 'physicalCores'>,
  limits: CpuLimits,
  availableParallelism: number,
  readTopology: (logical: number) => CoreTopology[] | null = readLinuxTopology,
): UsableCores {
  const allowed = limits.affinity?.filter((id) => id < machine.logicalCores) ?? null;
  const affinity = allowed && allowed.length > 0 ? allowed : null;
  let logical = Math.min(machine.logicalCores, affinity?.length ?? positiveInteger(availableParallelism) ?? machine.logicalCores);
  if (limits.quotaCores !== null) logical = Math.min(logical, Math.max(1, Math.ceil(limits.quotaCores - 1e-9)));
  const toPhysical = coreToPhysical(machine, machine.logicalCores, readTopology);
  const physicalAmongAllowed = affinity ? new Set(affinity.map((id) => toPhysical[id])).size : machine.physicalCores;
  return {
    logicalCores: logical,
    physicalCores: Math.max(1, Math.min(physicalAmongAllowed, logical)),
    affinity: limits.affinity,
    quotaCores: limits.quotaCores,
    quotaSource: limits.quotaSource,
  };
}

function positiveInteger(value: number | null | undefined): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : null;
}

function validPhysical(value: number | null | undefined, logical: number): number | null {
  const count = positiveInteger(value);
  return count !== null && count <= logical ? count : null;
}

/** systeminformation splits "AMD" from "EPYC"; put them back together without repeating the vendor. */
export function cpuBrand(manufacturer: string | undefined, brand: string | undefined, osModel: string | undefined): string {
  const vendor = manufacturer?.trim() ?? '';
  const name = brand?.trim() ?? '';
  if (name) return vendor && !name.toLowerCase().startsWith(vendor.toLowerCase()) ? `${vendor} ${name}` : name;
  return osModel?.trim() || vendor || 'unknown CPU';
}

/** Where a logical core sits: its physical package and its core id inside that package. */
export interface CoreTopology {
  packageId: number;
  coreId: number;
}

function readSysNumber(file: string): number | null {
  try {
    const value = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(value) && value >= 0 ? value : null;
  } catch {
    return null;
  }
}

/** Linux sysfs topology per logical core, or null when any core's topology is not readable. */
export function readLinuxTopology(logical: number): CoreTopology[] | null {
  if (process.platform !== 'linux') return null;
  const topology: CoreTopology[] = [];
  for (let cpu = 0; cpu < logical; cpu++) {
    const dir = `/sys/devices/system/cpu/cpu${cpu}/topology`;
    const coreId = readSysNumber(`${dir}/core_id`);
    const packageId = readSysNumber(`${dir}/physical_package_id`);
    if (coreId === null || packageId === null) return null;
    topology.push({ packageId, coreId });
  }
  return topology;
}

function countLinuxPhysicalCores(logical: number): number | null {
  const topology = readLinuxTopology(logical);
  return topology ? new Set(topology.map((core) => `${core.packageId}:${core.coreId}`)).size : null;
}

/**
 * Physical core index (0-based, dense, in order of first appearance) of each logical core.
 * With a known topology, siblings share an index wherever the OS numbered them (Intel puts a
 * core's second thread at N + i); without one, logical cores are assumed to pair up contiguously.
 */
export function coreToPhysical(
  machine: Pick<Machine, 'logicalCores' | 'physicalCores'>,
  logical: number = machine.logicalCores,
  readTopology: (logical: number) => CoreTopology[] | null = readLinuxTopology,
): number[] {
  const topology = logical > 0 ? readTopology(logical) : null;
  if (topology && topology.length === logical) {
    const indexOf = new Map<string, number>();
    return topology.map((core) => {
      const key = `${core.packageId}:${core.coreId}`;
      if (!indexOf.has(key)) indexOf.set(key, indexOf.size);
      return indexOf.get(key) as number;
    });
  }
  const physical = Math.max(1, Math.min(machine.physicalCores, logical));
  const perPhysical = Math.ceil(logical / physical);
  return Array.from({ length: logical }, (_, core) => Math.min(physical - 1, Math.floor(core / perPhysical)));
}
