// Finds the installed package's root (where dist/ and media/ live) from a module's folder,
// whether it runs from the bundle in dist/ or from source under tsx.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export function packageRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest)) {
      const name = (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name;
      if (name === 'parallel-profiler') return dir;
    }
    if (path.dirname(dir) === dir) throw new Error(`parallel-profiler's package.json was not found above ${start}`);
  }
}
