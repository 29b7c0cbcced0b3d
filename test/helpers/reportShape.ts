// The report's property tree as lines, read two ways: from the Report type in src/shared/report.ts
// (with the TypeScript compiler) and from a JSON Schema, so a test can say which field one side has
// and the other lacks, at any depth. A line reads `runs[].error?.signal: null | string`: the path
// (`?` marks an optional field, `[]` an array's items, `{}` a record's values) and the value's kinds.

import path from 'node:path';
import ts from 'typescript';
import type { JsonSchema } from './reportSchema';

export const REPORT_TS = path.resolve(__dirname, '..', '..', 'src', 'shared', 'report.ts');

type Lines = string[];

function line(where: string, kinds: Iterable<string>): string {
  return `${where || '(report)'}: ${[...new Set(kinds)].sort().join(' | ')}`;
}

/** The property tree of `Report` as TypeScript sees it. */
export function shapeOfReportType(file = REPORT_TS): Lines {
  const program = ts.createProgram([file], { strict: true, target: ts.ScriptTarget.ES2022, lib: ['lib.es2022.d.ts'], types: [], noEmit: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  if (!source) throw new Error(`cannot read ${file}`);
  const declaration = source.statements.find((statement) => ts.isInterfaceDeclaration(statement) && statement.name.text === 'Report');
  if (!declaration) throw new Error(`${file} declares no interface Report`);
  const lines: Lines = [];

  const walk = (type: ts.Type, where: string): void => {
    const members = type.isUnion() ? type.types : [type];
    const kinds: string[] = [];
    for (const member of members) {
      const flags = member.flags;
      if (flags & ts.TypeFlags.Undefined) continue; // an optional field's `| undefined`
      if (flags & ts.TypeFlags.StringLiteral) kinds.push(`'${(member as ts.StringLiteralType).value}'`);
      else if (flags & ts.TypeFlags.NumberLiteral) kinds.push(`${(member as ts.NumberLiteralType).value}`);
      else if (flags & (ts.TypeFlags.Boolean | ts.TypeFlags.BooleanLiteral)) kinds.push('boolean');
      else if (flags & ts.TypeFlags.String) kinds.push('string');
      else if (flags & ts.TypeFlags.Number) kinds.push('number');
      else if (flags & ts.TypeFlags.Null) kinds.push('null');
      else if (checker.isArrayType(member)) {
        kinds.push('array');
        walk(checker.getTypeArguments(member as ts.TypeReference)[0], `${where}[]`);
      } else if (flags & ts.TypeFlags.Object) {
        const record = checker.getIndexInfoOfType(member, ts.IndexKind.String);
        if (record) {
          kinds.push('record');
          walk(record.type, `${where}{}`);
        } else kinds.push('object');
        for (const property of checker.getPropertiesOfType(member)) {
          const optional = (property.flags & ts.SymbolFlags.Optional) !== 0;
          const name = `${where ? `${where}.` : ''}${property.name}${optional ? '?' : ''}`;
          walk(checker.getTypeOfSymbolAtLocation(property, declaration), name);
        }
      } else kinds.push(`unsupported ${checker.typeToString(member)}`);
    }
    lines.push(line(where, kinds));
  };
  walk(checker.getTypeAtLocation(declaration), '');
  return lines.sort();
}

/** The property tree a JSON Schema describes ($refs followed, integer read as number). */
export function shapeOfSchema(schema: JsonSchema): Lines {
  const lines: Lines = [];
  const resolve = (node: JsonSchema): JsonSchema => {
    if (typeof node.$ref !== 'string') return node;
    const target = node.$ref.replace(/^#\//, '').split('/').reduce<unknown>((at, key) => (at as JsonSchema)[key], schema);
    return resolve(target as JsonSchema);
  };

  const kindsOf = (raw: JsonSchema, where: string): string[] => {
    const node = resolve(raw);
    const kinds: string[] = [];
    if (Array.isArray(node.anyOf)) for (const branch of node.anyOf as JsonSchema[]) kinds.push(...kindsOf(branch, where));
    if (Array.isArray(node.enum)) kinds.push(...node.enum.map((value) => (typeof value === 'string' ? `'${value}'` : JSON.stringify(value))));
    if ('const' in node) kinds.push(JSON.stringify(node.const));
    const types = node.type === undefined ? [] : Array.isArray(node.type) ? (node.type as string[]) : [node.type as string];
    for (const type of types) {
      if (type === 'integer' || type === 'number') kinds.push('number');
      else if (type === 'array') {
        kinds.push('array');
        walk(node.items as JsonSchema, `${where}[]`);
      } else if (type === 'object') {
        const record = node.additionalProperties;
        if (typeof record === 'object' && record !== null && !node.properties) {
          kinds.push('record');
          walk(record as JsonSchema, `${where}{}`);
          continue;
        }
        kinds.push('object');
        const required = new Set((node.required as string[] | undefined) ?? []);
        for (const [name, child] of Object.entries((node.properties as Record<string, JsonSchema> | undefined) ?? {})) {
          walk(child, `${where ? `${where}.` : ''}${name}${required.has(name) ? '' : '?'}`);
        }
      } else kinds.push(type);
    }
    return kinds;
  };

  const walk = (node: JsonSchema, where: string): void => {
    lines.push(line(where, kindsOf(node, where)));
  };
  walk(schema, '');
  return lines.sort();
}

/** What one tree has that the other lacks, as readable lines; empty when they agree. */
export function shapeDifferences(fromType: Lines, fromSchema: Lines): string[] {
  const schemaSet = new Set(fromSchema);
  const typeSet = new Set(fromType);
  return [
    ...fromType.filter((each) => !schemaSet.has(each)).map((each) => `in report.ts, not in the schema: ${each}`),
    ...fromSchema.filter((each) => !typeSet.has(each)).map((each) => `in the schema, not in report.ts: ${each}`),
  ];
}
