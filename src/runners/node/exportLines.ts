// Where each exported function is defined, by a plain scan of the source text: enough for
// CodeLens and "open source" links without parsing JavaScript or TypeScript.

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** 1-based line of `name`'s definition in `source`; 1 when the scan cannot tell (e.g. re-exports). */
export function exportLine(source: string, name: string): number {
  const lines = source.split(/\r?\n/);
  const id = escapeRegExp(name);
  const patterns = [
    new RegExp(`^\\s*export\\s+(?:default\\s+)?(?:async\\s+)?function\\s*\\*?\\s*${id}\\b`),
    new RegExp(`^\\s*export\\s+(?:const|let|var)\\s+${id}\\b`),
    new RegExp(`^\\s*(?:module\\.)?exports\\.${id}\\s*=`),
    new RegExp(`^\\s*(?:async\\s+)?function\\s*\\*?\\s*${id}\\b`),
    new RegExp(`^\\s*(?:const|let|var)\\s+${id}\\s*=`),
  ];
  for (const pattern of patterns) {
    const index = lines.findIndex((line) => pattern.test(line));
    if (index >= 0) return index + 1;
  }
  // module.exports = { name, other: ... }: the line inside the object that names it.
  const objectStart = lines.findIndex((line) => /^\s*module\.exports\s*=\s*\{/.test(line));
  if (objectStart >= 0) {
    const mention = new RegExp(`(?:^|[{,\\s])${id}\\s*(?:[,:}(]|$)`);
    for (let index = objectStart; index < lines.length; index++) {
      if (mention.test(lines[index].replace(/^\s*module\.exports\s*=\s*/, ''))) return index + 1;
      if (index > objectStart && /}/.test(lines[index]) && !/{/.test(lines[index])) break;
    }
  }
  if (name === 'default') {
    const index = lines.findIndex((line) => /^\s*(?:export\s+default|module\.exports\s*=)/.test(line));
    if (index >= 0) return index + 1;
  }
  return 1;
}
