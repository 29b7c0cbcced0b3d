// Reads VS Code's theme colours (CSS variables) for canvas drawing, and tells when they change:
// VS Code swaps the body class and the variables on <html>; a standalone page follows the OS scheme.

export function cssColor(name: string, fallback: string): string {
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return value || fallback;
}

export interface CanvasPalette {
  background: string;
  foreground: string;
  muted: string;
  grid: string;
  cpuHigh: string;
  cpuMid: string;
  cpuLow: string;
  cpuUnknown: string;
  heat: string;
  startup: string;
}

/** Read at draw time, never cached across a theme change. */
export function canvasPalette(): CanvasPalette {
  return {
    background: cssColor('--vscode-editor-background', '#ffffff'),
    foreground: cssColor('--vscode-foreground', '#3b3b3b'),
    muted: cssColor('--vscode-descriptionForeground', '#717171'),
    grid: cssColor('--vscode-charts-lines', 'rgba(128, 128, 128, 0.5)'),
    cpuHigh: cssColor('--vscode-charts-blue', '#1a85ff'),
    cpuMid: cssColor('--vscode-charts-purple', '#652d90'),
    cpuLow: cssColor('--vscode-charts-yellow', '#bf8803'),
    cpuUnknown: cssColor('--vscode-charts-foreground', '#616161'),
    heat: cssColor('--vscode-charts-orange', '#d18616'),
    startup: cssColor('--vscode-charts-lines', 'rgba(128, 128, 128, 0.5)'),
  };
}

export function themeKind(): 'light' | 'dark' | 'high-contrast' {
  const classes = document.body.classList;
  if (classes.contains('vscode-high-contrast') || classes.contains('vscode-high-contrast-light')) return 'high-contrast';
  if (classes.contains('vscode-dark')) return 'dark';
  if (classes.contains('vscode-light')) return 'light';
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/** Calls `redraw` after a theme change; returns a function that stops listening. */
export function onThemeChange(redraw: () => void): () => void {
  let pending = false;
  const schedule = () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      redraw();
    });
  };
  const observer = new MutationObserver(schedule);
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
  const scheme = matchMedia('(prefers-color-scheme: dark)');
  scheme.addEventListener('change', schedule);
  return () => {
    observer.disconnect();
    scheme.removeEventListener('change', schedule);
  };
}
