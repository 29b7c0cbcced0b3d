// Where the numbers come from: the machine, the runtime, the settings and the inputs.
import type { Report } from '../../src/shared/report';
import { h } from '../dom';
import { formatBytes, formatSeconds } from '../../src/shared/format';

export function renderEnvironment(report: Report): HTMLElement {
  const { machine, runtime, settings, target } = report;
  const gil = runtime.gilEnabled === null ? 'not applicable' : runtime.gilEnabled ? 'enabled' : 'disabled (free-threaded)';
  const methods = runtime.startMethods.length === 0
    ? 'none'
    : runtime.startMethods.map((method) => (method === runtime.defaultStartMethod ? `${method} (default)` : method)).join(', ');
  const extras = Object.entries(runtime.extras).map(([name, version]) => `${name} ${version}`).join(', ');
  const groups: [string, [string, string][]][] = [
    ['Machine', [
      ['Cores', `${machine.logicalCores} logical / ${machine.physicalCores} physical`],
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
    ['Settings', [
      ['Repeats', String(settings.repeat)],
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
  return h('div', { class: 'pp-environment' }, ...groups.map(([title, rows]) =>
    h('div', { class: 'pp-env-group' }, h('h3', {}, title),
      h('dl', {}, ...rows.flatMap(([name, value]) => [h('dt', {}, name), h('dd', {}, value)])))));
}
