// The heavy half of the extension, in one place: the engine with its runners, systeminformation
// and the export converters. Only `loadEngineModules` imports it, on first use, so activation
// never pays for it (and it can become its own bundle: see loadEngineModules).
export { profile } from '../core/engine';
export { runnerFor } from '../runners';
export { acquireMachineLock, describeHolder } from '../core/machineLock';
export { coreToPhysical, getMachine } from '../core/machine';
export { toCsv } from '../shared/csv';
export { toChromeTrace } from '../shared/trace';
export { loadReportAssets, renderReportHtml } from '../core/html';
