// The CPUs this process may actually use, which on Linux can be far fewer than the machine has:
// `taskset` and container cpusets narrow the CPU affinity, and a cgroup CPU quota (docker --cpus, a
// Kubernetes limit, a CI runner) caps how much CPU time the process's cgroup gets per period.
// os.cpus() counts neither, so a 2-CPU container on a 64-core host would otherwise sweep to 128.

import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface CpuLimits {
  /** Logical CPU ids this process may run on, or null where the kernel does not say (not Linux). */
  affinity: number[] | null;
  /** The tightest cgroup CPU quota on the way from this process's cgroup to the root, in cores. */
  quotaCores: number | null;
  /** The file that set that quota, e.g. "/sys/fs/cgroup/user.slice/cpu.max"; null without a quota. */
  quotaSource: string | null;
}

/** A file's text, or null when it cannot be read; tests point it at a fixture tree. */
export type ReadText = (file: string) => string | null;

function readOrNull(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** The kernel's CPU list format, "0-3,8,10-11", as ids; null when the text is not one. */
export function parseCpuList(text: string): number[] | null {
  const ids = new Set<number>();
  const trimmed = text.trim();
  if (trimmed === '') return null;
  for (const part of trimmed.split(',')) {
    const match = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!match) return null;
    const first = Number(match[1]);
    const last = match[2] === undefined ? first : Number(match[2]);
    if (last < first) return null;
    for (let id = first; id <= last; id++) ids.add(id);
  }
  return [...ids].sort((a, b) => a - b);
}

/** Cpus_allowed_list of /proc/<pid>/status: the affinity the process runs with. */
export function parseAllowedCpus(status: string): number[] | null {
  const line = /^Cpus_allowed_list:\s*(.*)$/m.exec(status);
  return line ? parseCpuList(line[1]) : null;
}

/** cgroup v2 cpu.max, "<quota> <period>" in µs or "max <period>": cores, or null for no limit. */
export function parseCpuMax(text: string): number | null {
  const [quota, period = '100000'] = text.trim().split(/\s+/);
  if (quota === undefined || quota === 'max') return null;
  return quotaCores(Number(quota), Number(period));
}

/** cgroup v1 cpu.cfs_quota_us and cpu.cfs_period_us: cores, or null when the quota is -1 (none). */
export function parseCfsQuota(quota: string, period: string): number | null {
  return quotaCores(Number(quota.trim()), Number(period.trim()));
}

function quotaCores(quota: number, period: number): number | null {
  if (!Number.isFinite(quota) || !Number.isFinite(period) || quota <= 0 || period <= 0) return null;
  return quota / period;
}

/** One line of /proc/self/cgroup: the hierarchy's controllers ('' for v2's unified one) and the path. */
export interface CgroupMembership {
  controllers: string[];
  path: string;
}

export function parseProcCgroup(text: string): CgroupMembership[] {
  const found: CgroupMembership[] = [];
  for (const line of text.split('\n')) {
    // "hierarchy-id:controller,list:/path"; the path may itself contain colons.
    const match = /^\d+:([^:]*):(.*)$/.exec(line.trim());
    if (match) found.push({ controllers: match[1] === '' ? [] : match[1].split(','), path: match[2] });
  }
  return found;
}

/** A cgroup file system as /proc/self/mountinfo lists it. */
export interface CgroupMount {
  version: 1 | 2;
  /** The cgroup the mount shows at its top (a container sees its own cgroup as "/"). */
  root: string;
  mountPoint: string;
  /** v1: the controllers the hierarchy carries (from the super options). */
  controllers: string[];
}

/** mountinfo escapes spaces and such as \040 (octal). */
function unescapeMountField(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

export function parseCgroupMounts(mountinfo: string): CgroupMount[] {
  const mounts: CgroupMount[] = [];
  for (const line of mountinfo.split('\n')) {
    // id parent major:minor root mount-point options [optional fields…] - fstype source super-options
    const [before, after] = line.split(' - ');
    if (!after) continue;
    const fields = before.trim().split(' ');
    const [fsType, , superOptions = ''] = after.trim().split(' ');
    if (fields.length < 5 || (fsType !== 'cgroup' && fsType !== 'cgroup2')) continue;
    mounts.push({
      version: fsType === 'cgroup2' ? 2 : 1,
      root: unescapeMountField(fields[3]),
      mountPoint: unescapeMountField(fields[4]),
      controllers: fsType === 'cgroup' ? superOptions.split(',') : [],
    });
  }
  return mounts;
}

/**
 * The directories of a cgroup and each ancestor visible under a mount, deepest first: a limit set
 * on any ancestor (a container's, a systemd slice's) applies to every cgroup below it.
 */
function cgroupDirectories(mount: CgroupMount, cgroupPath: string): string[] {
  const root = mount.root === '/' ? '' : mount.root;
  // Inside a cgroup namespace the path is already relative to the mount's root.
  const relative = root && (cgroupPath === root || cgroupPath.startsWith(`${root}/`)) ? cgroupPath.slice(root.length) : cgroupPath;
  const parts = relative.split('/').filter((part) => part !== '' && part !== '..');
  const directories: string[] = [];
  for (let depth = parts.length; depth >= 0; depth--) directories.push(path.posix.join(mount.mountPoint, ...parts.slice(0, depth)));
  return directories;
}

interface Quota {
  cores: number;
  source: string;
}

function tightest(quotas: readonly Quota[]): Quota | null {
  return quotas.reduce<Quota | null>((best, quota) => (best === null || quota.cores < best.cores ? quota : best), null);
}

function quotasOfV2(mount: CgroupMount, cgroupPath: string, read: ReadText): Quota[] {
  return cgroupDirectories(mount, cgroupPath).flatMap((directory) => {
    const file = path.posix.join(directory, 'cpu.max');
    const text = read(file);
    const cores = text === null ? null : parseCpuMax(text);
    return cores === null ? [] : [{ cores, source: file }];
  });
}

function quotasOfV1(mount: CgroupMount, cgroupPath: string, read: ReadText): Quota[] {
  return cgroupDirectories(mount, cgroupPath).flatMap((directory) => {
    const quotaFile = path.posix.join(directory, 'cpu.cfs_quota_us');
    const quota = read(quotaFile);
    const period = read(path.posix.join(directory, 'cpu.cfs_period_us'));
    const cores = quota === null || period === null ? null : parseCfsQuota(quota, period);
    return cores === null ? [] : [{ cores, source: quotaFile }];
  });
}

/**
 * The tightest CPU quota over this process's cgroups, v1 and v2 alike (a hybrid host mounts both):
 * the cgroup is found in /proc/self/cgroup and its files through /proc/self/mountinfo.
 */
export function readCgroupQuota(read: ReadText = readOrNull, proc = '/proc/self'): Quota | null {
  const memberships = parseProcCgroup(read(`${proc}/cgroup`) ?? '');
  const mounts = parseCgroupMounts(read(`${proc}/mountinfo`) ?? '');
  const quotas: Quota[] = [];
  for (const mount of mounts) {
    if (mount.version === 2) {
      const unified = memberships.find((each) => each.controllers.length === 0);
      if (unified) quotas.push(...quotasOfV2(mount, unified.path, read));
    } else if (mount.controllers.includes('cpu')) {
      const membership = memberships.find((each) => each.controllers.includes('cpu'));
      if (membership) quotas.push(...quotasOfV1(mount, membership.path, read));
    }
  }
  return tightest(quotas);
}

/** The affinity and the quota of this process; every part is null where Linux's files are absent. */
export function readCpuLimits(read: ReadText = readOrNull, proc = '/proc/self'): CpuLimits {
  const status = read(`${proc}/status`);
  const quota = readCgroupQuota(read, proc);
  return {
    affinity: status === null ? null : parseAllowedCpus(status),
    quotaCores: quota?.cores ?? null,
    quotaSource: quota?.source ?? null,
  };
}
