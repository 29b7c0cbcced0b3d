// Lists the functions a file offers for profiling by reading its text only (no interpreter, no
// other extension): Python top-level `def`s and lambdas bound to a name, and JS/TS exported functions that take arguments.
// No vscode import: tested with plain node.

import type { FunctionInfo } from '../shared/runner';
import type { Language } from '../shared/report';
import { bracketDepths, lineAt, lineStarts, maskPython, maskScript, matchingBracket, splitTopLevel } from './sourceMask';

const NAME = String.raw`[\p{L}_$][\p{L}\p{N}_$]*`;

/** The language a file is profiled as, from its VS Code language id or its extension. */
export function languageFor(languageId: string, fileName: string): Language | null {
  if (languageId === 'python') return 'python';
  if (languageId === 'typescript') return 'typescript';
  if (languageId === 'javascript') return 'javascript';
  const extension = /\.[^./\\]+$/.exec(fileName)?.[0].toLowerCase();
  if (extension === '.py') return 'python';
  if (extension === '.js' || extension === '.mjs' || extension === '.cjs') return 'javascript';
  if (extension === '.ts' || extension === '.mts' || extension === '.cts') return 'typescript';
  return null;
}

export function listFunctions(source: string, language: Language): FunctionInfo[] {
  return language === 'python' ? listPythonFunctions(source) : listScriptFunctions(source, language === 'typescript');
}

/** True when the module defines PROFILE_INPUTS at top level (so empty inputs can mean "use it"). */
export function definesProfileInputs(source: string, language: Language): boolean {
  if (language === 'python') return /^PROFILE_INPUTS\s*(?::[^=\n]*)?=(?!=)/m.test(maskPython(source));
  const masked = maskScript(source);
  if (/^\s*export\s+(?:const|let|var)\s+PROFILE_INPUTS\b/m.test(masked)) return true;
  if (/(?<![\w$.])(?:module\.)?exports\.PROFILE_INPUTS\s*=(?!=)/.test(masked)) return true;
  if (/^\s*export\s*\{[^}]*\bPROFILE_INPUTS\b[^}]*\}/m.test(masked)) return true;
  return moduleExportsObjects(masked).some((members) => members.some((member) => member.key === 'PROFILE_INPUTS'));
}

/** The first line of a module's docstring or leading comment, as the example's description. */
export function firstDocLine(source: string): string {
  const match = /^\s*(?:"""|'''|\/\/|\/\*+|#)\s*(.+)/.exec(source);
  return match ? match[1].replace(/("""|'''|\*\/)\s*$/, '').trim() : '';
}

// ---------------------------------------------------------------- Python

function pythonParams(masked: string): string[] {
  return splitTopLevel(masked)
    .map((part) => /^\s*(\*{0,2}\s*[\p{L}_][\p{L}\p{N}_]*)/u.exec(part.text)?.[1].replace(/\s+/g, '') ?? '')
    .filter((name) => name !== '' && name !== '*' && name !== '/');
}

function listPythonFunctions(source: string): FunctionInfo[] {
  const masked = maskPython(source);
  const starts = lineStarts(masked);
  const depths = bracketDepths(masked);
  const found: { start: number; name: string; params: string[] }[] = [];
  const def = new RegExp(String.raw`^(?:async[ \t]+)?def[ \t]+(${NAME})[ \t]*(?:\[[^\]\n]*\][ \t]*)?\(`, 'gmu');
  for (const match of masked.matchAll(def)) {
    const start = match.index ?? 0;
    // Column 0 inside an open bracket is a continuation line, not a statement.
    if (depths[start] !== 0) continue;
    const open = start + match[0].length - 1;
    const close = matchingBracket(masked, open);
    if (close === -1) continue;
    found.push({ start, name: match[1], params: pythonParams(masked.slice(open + 1, close)) });
  }
  // `square = lambda x: x * x` at top level is a function too: threads can run it, and the report
  // tells the user why processes cannot (pickle looks it up by a name that is not its own).
  const lambda = new RegExp(String.raw`^(${NAME})[ \t]*(?::[^=\n]*)?=[ \t]*lambda\b`, 'gmu');
  for (const match of masked.matchAll(lambda)) {
    const start = match.index ?? 0;
    if (depths[start] !== 0) continue;
    const from = start + match[0].length;
    let colon = from;
    while (colon < masked.length && !(masked[colon] === ':' && depths[colon] === 0)) colon++;
    if (colon < masked.length) found.push({ start, name: match[1], params: pythonParams(masked.slice(from, colon)) });
  }
  const byName = new Map<string, FunctionInfo>();
  for (const { start, name, params } of found.sort((x, y) => x.start - y.start)) {
    // A later definition of the same name replaces the earlier one when the module runs.
    byName.delete(name);
    if (params.length > 0) byName.set(name, { name, line: lineAt(starts, start), params });
  }
  return [...byName.values()].sort((a, b) => a.line - b.line);
}

// ---------------------------------------------------------------- JavaScript / TypeScript

interface Callable {
  line: number;
  params: string[];
}

function scriptParams(masked: string, typescript: boolean): string[] {
  return splitTopLevel(masked, typescript)
    .map((part) => {
      const text = part.text.trim();
      if (text.startsWith('{') || text.startsWith('[')) return text.replace(/\s+/g, ' ').replace(/[:=].*$/, '').trim();
      return /^(?:(?:public|private|protected|readonly)\s+)*((?:\.\.\.)?[\p{L}_$][\p{L}\p{N}_$]*)/u.exec(text)?.[1] ?? '';
    })
    .filter((name) => name !== '' && name !== 'this');
}

/**
 * The function a value expression starts at `offset` (function expression or arrow), with the
 * offset just after its parameter list, or null when the value is not a function.
 */
function functionValueAt(masked: string, offset: number, typescript: boolean): string[] | null {
  const rest = masked.slice(offset);
  const keyword = new RegExp(String.raw`^\s*(?:async\s+)?function\b\s*\*?\s*(?:${NAME})?\s*`, 'u').exec(rest);
  let open: number;
  if (keyword) {
    open = offset + keyword[0].length;
    if (typescript && masked[open] === '<') open = skipAngles(masked, open);
    if (masked[open] !== '(') return null;
    const close = matchingBracket(masked, open, typescript);
    return close === -1 ? null : scriptParams(masked.slice(open + 1, close), typescript);
  }
  const single = new RegExp(String.raw`^\s*(?:async\s+)?(${NAME})\s*=>`, 'u').exec(rest);
  if (single && single[1] !== 'async') return [single[1]];
  const arrow = /^\s*(?:async\s*)?/.exec(rest);
  open = offset + (arrow?.[0].length ?? 0);
  if (typescript && masked[open] === '<') open = skipAngles(masked, open);
  if (masked[open] !== '(') return null;
  const close = matchingBracket(masked, open, typescript);
  if (close === -1) return null;
  // Only an arrow follows its parameter list with `=>` (after an optional return type).
  if (!/^\s*(?::[^;{}]*?)?=>/.test(masked.slice(close + 1, close + 400))) return null;
  return scriptParams(masked.slice(open + 1, close), typescript);
}

function skipAngles(masked: string, open: number): number {
  const close = matchingBracket(masked, open, true);
  if (close === -1) return open;
  let next = close + 1;
  while (/\s/.test(masked[next] ?? '')) next++;
  return next;
}

interface ObjectMember {
  key: string;
  offset: number;
  /** Parameters when the member is a function written in place. */
  params: string[] | null;
  /** The local name it refers to (`{ work }`, `{ run: work }`). */
  reference: string | null;
}

/** Members of every top-level `module.exports = { … }` object. */
function moduleExportsObjects(masked: string, typescript = false): ObjectMember[][] {
  const objects: ObjectMember[][] = [];
  const depths = bracketDepths(masked);
  for (const match of masked.matchAll(/(?<![\w$.])module\.exports\s*=\s*\{/g)) {
    const start = match.index ?? 0;
    if (depths[start] !== 0) continue;
    const open = start + match[0].length - 1;
    const close = matchingBracket(masked, open);
    if (close === -1) continue;
    const members: ObjectMember[] = [];
    for (const part of splitTopLevel(masked.slice(open + 1, close))) {
      const offset = open + 1 + part.offset;
      const text = part.text;
      const lead = text.length - text.trimStart().length;
      const shorthand = new RegExp(String.raw`^\s*(${NAME})\s*$`, 'u').exec(text);
      const keyed = new RegExp(String.raw`^\s*(${NAME})\s*:\s*`, 'u').exec(text);
      const method = new RegExp(String.raw`^\s*(?:async\s+)?\*?\s*(${NAME})\s*\(`, 'u').exec(text);
      if (shorthand) {
        members.push({ key: shorthand[1], offset: offset + lead, params: null, reference: shorthand[1] });
      } else if (keyed) {
        const valueOffset = offset + keyed[0].length;
        const reference = new RegExp(String.raw`^(${NAME})\s*$`, 'u').exec(text.slice(keyed[0].length));
        members.push({
          key: keyed[1],
          offset: offset + lead,
          params: reference ? null : functionValueAt(masked, valueOffset, typescript),
          reference: reference ? reference[1] : null,
        });
      } else if (method) {
        const paramsOpen = offset + method[0].length - 1;
        const paramsClose = matchingBracket(masked, paramsOpen, typescript);
        if (paramsClose === -1) continue;
        members.push({ key: method[1], offset: offset + lead, params: scriptParams(masked.slice(paramsOpen + 1, paramsClose), typescript), reference: null });
      }
    }
    objects.push(members);
  }
  return objects;
}

function listScriptFunctions(source: string, typescript: boolean): FunctionInfo[] {
  const masked = maskScript(source);
  const starts = lineStarts(masked);
  const depths = bracketDepths(masked);
  const declared = new Map<string, Callable>();
  const exported = new Map<string, FunctionInfo>();
  const references: { name: string; local: string; offset: number }[] = [];
  const atTop = (offset: number): boolean => depths[offset] === 0;
  const addExport = (name: string, offset: number, params: string[] | null): void => {
    if (params && params.length > 0 && !exported.has(name)) exported.set(name, { name, line: lineAt(starts, offset), params });
  };

  // function declarations, exported or not (`export default` has no name to call it by).
  const functionDeclaration = new RegExp(
    String.raw`(?<![\w$.])(export\s+)?(?:declare\s+)?(?:async\s+)?function\b\s*\*?\s*(${NAME})\s*(?=[(<])`,
    'gu',
  );
  for (const match of masked.matchAll(functionDeclaration)) {
    const start = match.index ?? 0;
    if (!atTop(start)) continue;
    let open = start + match[0].length;
    if (masked[open] === '<') open = skipAngles(masked, open);
    const close = masked[open] === '(' ? matchingBracket(masked, open, typescript) : -1;
    if (close === -1) continue;
    const params = scriptParams(masked.slice(open + 1, close), typescript);
    declared.set(match[2], { line: lineAt(starts, start), params });
    if (match[1]) addExport(match[2], start, params);
  }

  // const name = function (…) / (…) => / x =>
  const variable = new RegExp(String.raw`(?<![\w$.])(export\s+)?(?:const|let|var)\s+(${NAME})\s*(?::[^=;]*?)?=(?![=>])`, 'gu');
  for (const match of masked.matchAll(variable)) {
    const start = match.index ?? 0;
    if (!atTop(start)) continue;
    const params = functionValueAt(masked, start + match[0].length, typescript);
    if (!params) continue;
    declared.set(match[2], { line: lineAt(starts, start), params });
    if (match[1]) addExport(match[2], start, params);
  }

  // exports.name = … / module.exports.name = …
  const commonExport = new RegExp(String.raw`(?<![\w$.])(?:module\.)?exports\.(${NAME})\s*=(?![=>])\s*`, 'gu');
  for (const match of masked.matchAll(commonExport)) {
    const start = match.index ?? 0;
    if (!atTop(start)) continue;
    const valueOffset = start + match[0].length;
    const reference = new RegExp(String.raw`^(${NAME})\s*(?:;|\n|$)`, 'u').exec(masked.slice(valueOffset));
    if (reference && reference[1] !== 'function' && reference[1] !== 'async') {
      references.push({ name: match[1], local: reference[1], offset: start });
    } else {
      addExport(match[1], start, functionValueAt(masked, valueOffset, typescript));
    }
  }

  for (const members of moduleExportsObjects(masked, typescript)) {
    for (const member of members) {
      if (member.reference) references.push({ name: member.key, local: member.reference, offset: member.offset });
      else addExport(member.key, member.offset, member.params);
    }
  }

  // export { work, other as renamed } — but not `export { x } from './elsewhere'`.
  for (const match of masked.matchAll(/(?<![\w$.])export\s+(?:type\s+)?\{([^}]*)\}(?!\s*from\b)/g)) {
    if (!atTop(match.index ?? 0)) continue;
    for (const part of match[1].split(',')) {
      const names = new RegExp(String.raw`^\s*(?:type\s+)?(${NAME})(?:\s+as\s+(${NAME}))?\s*$`, 'u').exec(part);
      if (names && !/^\s*type\s/.test(part)) references.push({ name: names[2] ?? names[1], local: names[1], offset: match.index ?? 0 });
    }
  }

  for (const reference of references) {
    const local = declared.get(reference.local);
    if (local && local.params.length > 0 && !exported.has(reference.name)) {
      exported.set(reference.name, { name: reference.name, line: local.line, params: local.params });
    }
  }
  return [...exported.values()].sort((a, b) => a.line - b.line || a.name.localeCompare(b.name));
}
