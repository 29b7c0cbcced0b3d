// Describing the user's module for the Node harness: its exported functions with parameter names,
// its inputs (an expression or PROFILE_INPUTS, materialized), and inputs that cannot reach a worker.
import { describeError, describeValue } from './node-common.mjs';

const MAX_INPUTS = 10_000_000;

/** The inputs cannot be resolved; the message is a sentence fragment for the user. */
export class InputsError extends Error {}

const RESERVED = new Set(
  ('break case catch class const continue debugger default delete do else enum export extends false finally for ' +
    'function if import in instanceof new null return super switch this throw true try typeof var void while with ' +
    'yield let static implements interface package private protected public await arguments eval').split(' '),
);
const AsyncFunction = (async () => {}).constructor;

async function materialize(value, label) {
  const iterable = value !== null && value !== undefined && typeof value !== 'string';
  const sync = iterable && typeof value[Symbol.iterator] === 'function';
  if (!sync && !(iterable && typeof value[Symbol.asyncIterator] === 'function')) {
    throw new InputsError(`${label} gave ${describeValue(value)}, which is not a list or other iterable`);
  }
  const inputs = [];
  const add = (input) => {
    inputs.push(input);
    if (inputs.length > MAX_INPUTS) throw new InputsError(`${label} gave more than ${MAX_INPUTS} inputs (is it endless?)`);
  };
  if (sync) for (const input of value) add(input);
  else for await (const input of value) add(input);
  return inputs;
}

/** The inputs: the expression evaluated with the module's exports in scope, else PROFILE_INPUTS. */
export async function resolveInputs(exports, expression, bundleDir) {
  if (expression === null) {
    if (!('PROFILE_INPUTS' in exports)) throw new InputsError('the module exports no PROFILE_INPUTS and no inputs expression was given');
    return materialize(await exports.PROFILE_INPUTS, 'PROFILE_INPUTS');
  }
  const names = Object.keys(exports).filter((name) => /^[A-Za-z_$][\w$]*$/.test(name) && !RESERVED.has(name));
  let evaluate;
  try {
    evaluate = new AsyncFunction(...names, `return (${expression}\n);`);
  } catch (error) {
    throw new InputsError(`the inputs expression is not valid JavaScript: ${error.message}`);
  }
  let value;
  try {
    value = await evaluate(...names.map((name) => exports[name]));
  } catch (error) {
    const described = describeError(error, bundleDir);
    throw new InputsError(`the inputs expression threw ${described.name}: ${described.message}`);
  }
  return materialize(value, 'the inputs expression');
}

/** Parameter names from the function's source text (JavaScript has no reflection for them). */
function parameterNames(fn) {
  let text;
  try {
    text = Function.prototype.toString.call(fn);
  } catch {
    return [];
  }
  const bareArrow = /^(?:async\s*)?([A-Za-z_$][\w$]*)\s*=>/.exec(text);
  if (bareArrow) return [bareArrow[1]];
  const open = text.indexOf('(');
  if (open < 0) return [];
  const params = [];
  let depth = 0;
  let quote = null;
  let current = '';
  for (let i = open + 1; i < text.length; i++) {
    const char = text[i];
    if (quote) {
      if (char === '\\') i++;
      else if (char === quote) quote = null;
      current += char;
      continue;
    }
    if (char === '"' || char === "'" || char === '`') quote = char;
    else if ('([{'.includes(char)) depth++;
    else if (')]}'.includes(char)) {
      if (depth === 0) break;
      depth--;
    } else if (char === ',' && depth === 0) {
      params.push(current);
      current = '';
      continue;
    }
    current += char;
  }
  params.push(current);
  return params
    .map((param) => param.split('=')[0].replace(/^\s*\.\.\./, '').trim())
    .filter((param) => param !== '' && !param.startsWith('/'));
}

export function listFunctions(exports) {
  const functions = [];
  for (const [name, value] of Object.entries(exports)) {
    if (typeof value !== 'function' || /^class[\s{]/.test(Function.prototype.toString.call(value))) continue;
    const params = parameterNames(value);
    if (value.length >= 1 || params.length >= 1) functions.push({ name, params, length: value.length });
  }
  return functions;
}

/** The first input that cannot cross to a worker with `clone`, or null when all can. */
export function firstUncloneable(inputs, clone) {
  try {
    clone(inputs);
    return null;
  } catch (whole) {
    for (let index = 0; index < inputs.length; index++) {
      try {
        clone(inputs[index]);
      } catch (error) {
        return { index, message: error.message, value: describeValue(inputs[index]) };
      }
    }
    return { index: null, message: whole.message, value: describeValue(inputs) };
  }
}
