// What the panel can ask of its host. In VS Code each becomes a FromPanel message; in a standalone
// HTML export they run in the page (downloads, clipboard), and the ones that need VS Code are absent.
import type { ExportFormat } from '../../src/shared/messages';

export interface PanelActions {
  copy(text: string): void;
  exportAs(format: ExportFormat): void;
  /** Formats this host can export. */
  readonly exportFormats: readonly ExportFormat[];
  rerun: (() => void) | null;
  cancel: (() => void) | null;
  openSource: ((file: string, line: number) => void) | null;
  /** Opens the report's Dask dashboard in the external browser (VS Code only). */
  openDashboard: (() => void) | null;
  /** Asks for one run's task spans when the report came without them (VS Code only). */
  requestTasks: ((runId: string) => void) | null;
  /** Asks for two stored reports of the function side by side, by their history ids (VS Code only). */
  compareHistory: ((older: string, newer: string) => void) | null;
}
