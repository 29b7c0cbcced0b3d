// Saves a report where the user chooses: JSON (the report itself), a self-contained HTML page,
// CSV (one row per configuration) or a Chrome trace (chrome://tracing, Perfetto).
import path from 'node:path';
import * as vscode from 'vscode';
import type { ExportFormat } from '../shared/messages';
import type { Report } from '../shared/report';
import { loadEngineModules } from './loadEngineModules';
import type { AssetRoots } from './webviewHtml';

interface FormatInfo {
  suffix: string;
  filter: Record<string, string[]>;
  label: string;
}

const FORMATS: Record<ExportFormat, FormatInfo> = {
  json: { suffix: '.parallel-profile.json', filter: { 'Parallel Profiler report': ['json'] }, label: 'JSON report' },
  html: { suffix: '.parallel-profile.html', filter: { 'Web page': ['html'] }, label: 'HTML page' },
  csv: { suffix: '.parallel-profile.csv', filter: { CSV: ['csv'] }, label: 'CSV table' },
  trace: { suffix: '.trace.json', filter: { 'Chrome trace': ['json'] }, label: 'Chrome trace' },
};

/** The file's contents; the converters are loaded only when someone exports. */
async function render(report: Report, format: ExportFormat, roots: AssetRoots): Promise<string> {
  switch (format) {
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'csv':
      return (await loadEngineModules()).toCsv(report);
    case 'trace':
      return JSON.stringify((await loadEngineModules()).toChromeTrace(report));
    case 'html': {
      const { loadReportAssets, renderReportHtml } = await loadEngineModules();
      return renderReportHtml(report, await loadReportAssets(roots.dist.fsPath, roots.media.fsPath));
    }
  }
}

function defaultUri(report: Report, format: ExportFormat): vscode.Uri {
  const source = vscode.Uri.file(report.target.file);
  const folder = vscode.workspace.getWorkspaceFolder(source)?.uri.fsPath ?? path.dirname(report.target.file);
  return vscode.Uri.file(path.join(folder, `${report.target.function}${FORMATS[format].suffix}`));
}

export async function exportReport(report: Report, format: ExportFormat, roots: AssetRoots): Promise<void> {
  const info = FORMATS[format];
  const target = await vscode.window.showSaveDialog({
    title: `Export ${info.label}`,
    defaultUri: defaultUri(report, format),
    filters: info.filter,
    saveLabel: 'Export',
  });
  if (!target) return;
  const text = await render(report, format, roots);
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
  const open = format === 'html' ? 'Open in Browser' : 'Open';
  const choice = await vscode.window.showInformationMessage(`Saved the ${info.label} to ${path.basename(target.fsPath)}.`, open);
  if (choice === 'Open in Browser') await vscode.env.openExternal(target);
  else if (choice === 'Open') await vscode.window.showTextDocument(target);
}
