// Where the numbers come from: the machine, the runtime, the settings and the inputs.
import { safeDashboardUrl } from '../../src/shared/dashboard';
import type { DaskCluster, Machine, Report } from '../../src/shared/report';
import { coreLimitWords, usableCoreCounts } from '../../src/shared/usableCores';
import type { PanelActions } from './actions';
import { button } from '../components';
import { h } from '../dom';
import { formatBytes, formatSeconds, formatTimings } from '../../src/shared/format';

function clusterRows(cluster: DaskCluster): [string, string][] {
  const hosts = new Set(cluster.workers.map((worker) => worker.host));
  const rows: [string, string][] = [
    ['Scheduler', cluster.scheduler],
    ['Workers', `${cluster.workers.length} on ${hosts.size} host${hosts.size === 1 ? '' : 's'}: ${cluster.workers.map((worker) => `${worker.address} (${worker.nthreads} thread${worker.nthreads === 1 ? '' : 's'})`).join(', ')}`],
  ];
  for (const mismatch of cluster.versionMismatches) {
    rows.push([`${mismatch.package} versions`, `${mismatch.here} here, ${mismatch.scheduler} on the scheduler, ${mismatch.workers.join(', ') || 'none'} on the workers`]);
  }
  return rows;
}

/** A button opening the dashboard in the browser, when the host can and the address is http(s). */
function dashboardLink(cluster: DaskCluster | undefined, actions: PanelActions | undefined): HTMLElement | null {
  const url = safeDashboardUrl(cluster?.dashboard);
  if (!url || !actions?.openDashboard) return null;
  return h('p', { class: 'pp-dashboard' },
    button('Open the Dask dashboard', actions.openDashboard, { secondary: true, action: 'open-dashboard', label: `Open the Dask dashboard at ${url} in the browser` }),
    ` ${url}`);
}

/** The cores this profile counted on, when affinity or a cgroup quota left fewer than the machine has. */
function usableRow(machine: Machine): [string, string][] {
  const limit = coreLimitWords(machine);
  if (!limit) return [];
  const { logicalCores, physicalCores } = usableCoreCounts(machine);
  return [['Usable cores', `${logicalCores} logical / ${physicalCores} physical (${limit})`]];
}

export function renderEnvironment(report: Report, actions?: PanelActions): HTMLElement {
  const { machine, runtime, settings, target } = report;
  const gil = runtime.gilEnabled === null ? 'not applicable' : runtime.gilEnabled ? 'enabled' : 'disabled (free-threaded)';
  const methods = runtime.startMethods.length === 0
    ? 'none'
    : runtime.startMethods.map((method) => (method === runtime.defaultStartMethod ? `${method} (default)` : method)).join(', ');
  const extras = Object.entries(runtime.extras).map(([name, version]) => `${name} ${version}`).join(', ');
  const groups: [string, [string, string][]][] = [
    ['Machine', [
      ['Cores', `${machine.logicalCores} logical / ${machine.physicalCores} physical`],
      ...usableRow(machine),
      ['CPU', machine.cpuBrand],
      ['Memory', formatBytes(machine.memoryBytes)],
      ['Platform', machine.platform],
    ]],
    ['Runtime', [
      ['Executable', runtime.executable],
      ['Version', `${runtime.implementation} ${runtime.version}`],
      ['GIL', gil],
      ['Start methods', methods],
      ...(extras ? ([['Installed extras', extras]] as [string, string][]) : []),
    ]],
    ...(runtime.daskCluster ? ([['Dask cluster', clusterRows(runtime.daskCluster)]] as [string, [string, string][]][]) : []),
    ['Settings', [
      ['Timings', formatTimings(settings)],
      ['Timeout', formatSeconds(settings.timeoutSeconds)],
      ['Profiled', new Date(report.createdAt).toLocaleString()],
      ['Tool', `${report.tool.name} ${report.tool.version}`],
    ]],
    ['Inputs', [
      ['File', target.file],
      ['Function', `${target.function} (${target.language})`],
      ['Expression', target.inputs.expression],
      ['Calls', String(target.inputs.count)],
    ]],
  ];
  const link = dashboardLink(runtime.daskCluster, actions);
  return h('div', { class: 'pp-environment' }, ...groups.map(([title, rows]) =>
    h('div', { class: 'pp-env-group' }, h('h3', {}, title),
      h('dl', {}, ...rows.flatMap(([name, value]) => [h('dt', {}, name), h('dd', {}, value)])),
      ...(title === 'Dask cluster' && link ? [link] : []))));
}
