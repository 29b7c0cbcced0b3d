// Blanks out strings and comments in Python and JS/TS source while keeping every offset and line
// break, so a plain pattern search over the result never matches `def` inside a docstring.
// No vscode import: tested with plain node.

const QUOTES = new Set(['"', "'"]);

/** Replaces every character but a line break with a space. */
function blank(text: string): string {
  return text.replace(/[^\n]/g, ' ');
}

/** Python: comments and string bodies (single, triple, any prefix) become spaces; quotes stay. */
export function maskPython(source: string): string {
  let out = '';
  let i = 0;
  while (i < source.length) {
    const ch = source[i];
    if (ch === '#') {
      const end = source.indexOf('\n', i);
      const stop = end === -1 ? source.length : end;
      out += blank(source.slice(i, stop));
      i = stop;
      continue;
    }
    if (QUOTES.has(ch)) {
      const triple = source.startsWith(ch.repeat(3), i);
      const delimiter = triple ? ch.repeat(3) : ch;
      let j = i + delimiter.length;
      while (j < source.length) {
        if (source[j] === '\\') {
          j += 2;
          continue;
        }
        // An unterminated single-quoted string ends at the line break, as Python reports it.
        if (!triple && source[j] === '\n') break;
        if (source.startsWith(delimiter, j)) break;
        j++;
      }
      const bodyEnd = Math.min(j, source.length);
      out += delimiter + blank(source.slice(i + delimiter.length, bodyEnd));
      const closed = source.startsWith(delimiter, bodyEnd);
      if (closed) out += delimiter;
      i = closed ? bodyEnd + delimiter.length : bodyEnd;
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}

/** Keywords after which a `/` starts a regular expression rather than a division. */
const REGEX_AFTER_WORD = new Set(['return', 'typeof', 'case', 'do', 'else', 'in', 'of', 'new', 'delete', 'void', 'throw', 'yield', 'await', 'instanceof']);

function regexAllowedAfter(code: string): boolean {
  let end = code.length;
  while (end > 0 && /\s/.test(code[end - 1])) end--;
  if (end === 0) return true;
  const last = code[end - 1];
  if (/[\w$]/.test(last)) {
    let start = end;
    while (start > 0 && /[\w$]/.test(code[start - 1])) start--;
    return REGEX_AFTER_WORD.has(code.slice(start, end));
  }
  return last !== ')' && last !== ']' && last !== '}';
}

/** JS/TS: comments, string and template bodies and regex literals become spaces. */
export function maskScript(source: string): string {
  let out = '';
  let i = 0;
  // Each open template literal's `${` nesting: braces inside a substitution are code.
  const templateBraces: number[] = [];
  const skipTemplateText = (): void => {
    // From just after ` or }, up to the closing ` or the next ${.
    let j = i;
    while (j < source.length && source[j] !== '`' && !source.startsWith('${', j)) j += source[j] === '\\' ? 2 : 1;
    out += blank(source.slice(i, Math.min(j, source.length)));
    i = Math.min(j, source.length);
    if (source[i] === '`') {
      out += '`';
      i++;
    } else if (i < source.length) {
      out += '${';
      i += 2;
      templateBraces.push(0);
    }
  };
  while (i < source.length) {
    const ch = source[i];
    if (ch === '/' && source[i + 1] === '/') {
      const end = source.indexOf('\n', i);
      const stop = end === -1 ? source.length : end;
      out += blank(source.slice(i, stop));
      i = stop;
    } else if (ch === '/' && source[i + 1] === '*') {
      const end = source.indexOf('*/', i + 2);
      const stop = end === -1 ? source.length : end + 2;
      out += blank(source.slice(i, stop));
      i = stop;
    } else if (QUOTES.has(ch)) {
      let j = i + 1;
      while (j < source.length && source[j] !== ch && source[j] !== '\n') j += source[j] === '\\' ? 2 : 1;
      const closed = source[j] === ch;
      out += ch + blank(source.slice(i + 1, Math.min(j, source.length))) + (closed ? ch : '');
      i = closed ? j + 1 : Math.min(j, source.length);
    } else if (ch === '`') {
      out += '`';
      i++;
      skipTemplateText();
    } else if (ch === '/' && regexAllowedAfter(out)) {
      let j = i + 1;
      let inClass = false;
      while (j < source.length && source[j] !== '\n') {
        if (source[j] === '\\') j += 2;
        else if (source[j] === '[') (inClass = true), j++;
        else if (source[j] === ']') (inClass = false), j++;
        else if (source[j] === '/' && !inClass) break;
        else j++;
      }
      const closed = source[j] === '/';
      out += '/' + blank(source.slice(i + 1, Math.min(j, source.length))) + (closed ? '/' : '');
      i = closed ? j + 1 : Math.min(j, source.length);
    } else if (templateBraces.length > 0 && (ch === '{' || ch === '}')) {
      const depth = templateBraces.length - 1;
      if (ch === '{') {
        templateBraces[depth]++;
        out += ch;
        i++;
      } else if (templateBraces[depth] > 0) {
        templateBraces[depth]--;
        out += ch;
        i++;
      } else {
        templateBraces.pop();
        out += '}';
        i++;
        skipTemplateText();
      }
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

/** Offsets of the first character of every line, for offset → 1-based line lookups. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return starts;
}

export function lineAt(starts: number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid] <= offset) low = mid;
    else high = mid - 1;
  }
  return low + 1;
}

const OPENERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/**
 * Offset of the bracket closing the one at `open` in masked text, or -1. With `angle`, `<…>`
 * nest too (TypeScript generics in parameter lists); the `>` of `=>` is never a closer.
 */
export function matchingBracket(masked: string, open: number, angle = false): number {
  const stack: string[] = [];
  for (let i = open; i < masked.length; i++) {
    const ch = masked[i];
    if (OPENERS[ch]) stack.push(OPENERS[ch]);
    else if (angle && ch === '<') stack.push('>');
    else if (ch === ')' || ch === ']' || ch === '}' || (angle && ch === '>' && masked[i - 1] !== '=')) {
      if (stack.pop() !== ch) return -1;
      if (stack.length === 0) return i;
    }
  }
  return -1;
}

/** Splits masked text on commas that are not nested in any bracket. */
export function splitTopLevel(masked: string, angle = false): { text: string; offset: number }[] {
  const parts: { text: string; offset: number }[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < masked.length; i++) {
    const ch = masked[i];
    if (ch === '(' || ch === '[' || ch === '{' || (angle && ch === '<')) depth++;
    else if (ch === ')' || ch === ']' || ch === '}' || (angle && ch === '>' && masked[i - 1] !== '=')) depth--;
    else if (ch === ',' && depth === 0) {
      parts.push({ text: masked.slice(start, i), offset: start });
      start = i + 1;
    }
  }
  parts.push({ text: masked.slice(start), offset: start });
  return parts.filter((part) => part.text.trim() !== '');
}

/** Bracket depth before each offset (all of (, [, {), so top level is depth 0. */
export function bracketDepths(masked: string): Int32Array {
  const depths = new Int32Array(masked.length + 1);
  let depth = 0;
  for (let i = 0; i < masked.length; i++) {
    depths[i] = depth;
    const ch = masked[i];
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if ((ch === ')' || ch === ']' || ch === '}') && depth > 0) depth--;
  }
  depths[masked.length] = depth;
  return depths;
}
