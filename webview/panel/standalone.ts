// Exports of a standalone HTML report, done in the browser: files are downloaded from Blobs (CSV and
// trace by the same pure converters the CLI uses) and the HTML export is the page itself, as delivered.
import { toCsv } from '../../src/shared/csv';
import { toChromeTrace } from '../../src/shared/trace';
import type { ExportFormat } from '../../src/shared/messages';
import type { Report } from '../../src/shared/report';
import type { PanelActions } from './actions';

/** The page as delivered; call before rendering. Nonces are restored because browsers hide them. */
function snapshotPage(): string {
  const clone = document.documentElement.cloneNode(true) as HTMLElement;
  const originals = document.documentElement.querySelectorAll<HTMLElement>('script, style');
  const copies = clone.querySelectorAll<HTMLElement>('script, style');
  originals.forEach((original, index) => {
    if (original.nonce) copies[index]?.setAttribute('nonce', original.nonce);
  });
  return `<!DOCTYPE html>\n${clone.outerHTML}`;
}

function download(name: string, type: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

function fileStem(report: Report): string {
  const safe = report.target.function.replace(/[^\w.-]+/g, '_') || 'report';
  return `${safe}-parallel-profile`;
}

export function standaloneActions(report: Report | null): PanelActions {
  const pageSource = snapshotPage();
  const exporters: Partial<Record<ExportFormat, (r: Report) => void>> = {
    json: (r) => download(`${fileStem(r)}.json`, 'application/json', `${JSON.stringify(r, null, 2)}\n`),
    html: (r) => download(`${fileStem(r)}.html`, 'text/html', pageSource),
    csv: (r) => download(`${fileStem(r)}.csv`, 'text/csv', toCsv(r)),
    trace: (r) => download(`${fileStem(r)}.trace.json`, 'application/json', JSON.stringify(toChromeTrace(r))),
  };
  return {
    copy: (text) => {
      void navigator.clipboard?.writeText(text).catch(() => undefined);
    },
    exportAs: (format) => {
      const exporter = exporters[format];
      if (report && exporter) exporter(report);
    },
    exportFormats: report ? (Object.keys(exporters) as ExportFormat[]) : [],
    rerun: null,
    cancel: null,
    openSource: null,
    openDashboard: null,
    requestTasks: null,
    compareHistory: null,
  };
}
