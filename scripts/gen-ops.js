#!/usr/bin/env node
/*
 * Reads native/core/include/trueno_ops.def (the one list of dtypes, op codes and kernels) and writes what the
 * TypeScript side needs from it: lib/trueno/backend/ops.generated.ts. scripts/build-wasm.js takes the WASM export
 * list from kernelExports(). `node scripts/gen-ops.js --check` fails when the committed file is stale (a jest test
 * runs the same comparison).
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const DEF = path.join(root, 'native/core/include/trueno_ops.def');
const OUT = path.join(root, 'lib/trueno/backend/ops.generated.ts');

/** The def file's X(...) lines grouped by macro, each as its list of arguments, in file order. */
function parseDef(text = fs.readFileSync(DEF, 'utf8')) {
  const lists = {
    TRUENO_DTYPE: [], TRUENO_BINARY_OP: [], TRUENO_UNARY_OP: [], TRUENO_REDUCE_OP: [], TRUENO_KERNEL: [],
    TRUENO_STATUS: [], TRUENO_ISA: [], TRUENO_CODE: [], TRUENO_CODE_COUNT: [],
  };
  for (const line of text.split('\n')) {
    const m = /^(TRUENO_[A-Z_]+)\(([^)]*)\)\s*(?:\/\*.*\*\/\s*)?$/.exec(line);
    if (!m || !(m[1] in lists)) continue;
    lists[m[1]].push(m[2].split(',').map((s) => s.trim()));
  }
  for (const [cName, jsName, prepare] of lists.TRUENO_KERNEL) {
    const camel = cName.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
    if (camel !== jsName || jsName[0].toUpperCase() + jsName.slice(1) !== prepare) {
      throw new Error(`trueno_ops.def: kernel ${cName} must be named ${camel} in JS and ${camel[0].toUpperCase() + camel.slice(1)} in the addon`);
    }
  }
  for (const [macro, valueAt] of [['TRUENO_STATUS', 1], ['TRUENO_ISA', 2]]) {
    // TS indexes these by value (the ISA names, the error codes), so they must run 0, 1, .. in order.
    if (lists[macro].some((r, i) => r[valueAt] !== String(i))) throw new Error(`trueno_ops.def: ${macro} values must be 0, 1, .. in order`);
  }
  lists.codeGroups = codeGroups(lists, text);
  return lists;
}

/**
 * The TRUENO_CODE groups in file order: { group, codes: [[NAME, value]], count }. Throws unless a group's lines are
 * together, names and values are unique integers within it, and a count line comes right after its group's last code
 * with values 0, 1, .. in order (C gets the count as the next enumerator of one enum, so only then is it the size).
 */
function codeGroups(lists, text) {
  const groups = new Map();
  let last = null;
  for (const line of text.split('\n')) {
    const m = /^(TRUENO_CODE(?:_COUNT)?)\(([^)]*)\)/.exec(line);
    if (!m) continue;
    const args = m[2].split(',').map((s) => s.trim());
    const fail = (why) => { throw new Error(`trueno_ops.def: ${line.trim()}: ${why}`); };
    if (m[1] === 'TRUENO_CODE') {
      const [group, prefix, name, value] = args;
      if (args.length !== 4 || !/^-?\d+$/.test(value)) fail('expected TRUENO_CODE(Group, PREFIX, NAME, integer)');
      if (groups.has(group) && last !== group) fail(`the lines of group ${group} must be together`);
      const g = groups.get(group) ?? { group, prefix, codes: [], count: null };
      if (g.count !== null || g.prefix !== prefix) fail(`group ${group}: after its count, or a second prefix`);
      if (g.codes.some(([n, v]) => n === name || v === Number(value))) fail(`group ${group}: a repeated name or value`);
      g.codes.push([name, Number(value)]);
      groups.set(group, g);
      last = group;
    } else {
      const [group, countName] = args;
      if (last !== group) fail(`a count must come right after the last code of group ${group}`);
      const g = groups.get(group);
      if (g.codes.some(([, v], i) => v !== i)) fail(`group ${group} has a count, so its values must be 0, 1, .. in order`);
      g.count = { name: countName, value: g.codes.length };
      last = null;
    }
  }
  return [...groups.values()];
}

/** The functions the WASM module exports: the runtime ones and trueno_<c_name> of every kernel. */
function kernelExports(lists = parseDef()) {
  return ['malloc', 'free', 'trueno_isa_detected', 'trueno_isa_active', 'trueno_set_isa',
    ...lists.TRUENO_KERNEL.map(([cName]) => `trueno_${cName}`)];
}

const codes = (rows) => `{ ${rows.map(([, name], i) => `${name}: ${i}`).join(', ')} }`;
const names = (rows) => `[${rows.map((r) => `'${r}'`).join(', ')}]`;
const where = (rows, col, value) => rows.filter((r) => r[col] === value).map((r) => r[1]);

/** The setting codes as TS constants: <Group>Code = { NAME: value } and each count as <COUNT_NAME>. */
function codeConstants(groups) {
  return groups.map(({ group, prefix, codes: rows, count }) => {
    const body = `/** TRUENO_${prefix}_* codes of the ${group} group. */
export const ${group}Code = { ${rows.map(([n, v]) => `${n}: ${v}`).join(', ')} } as const;
export type ${group}CodeName = keyof typeof ${group}Code;`;
    return count ? `${body}\n/** TRUENO_${count.name}: the number of ${group} codes. */\nexport const ${count.name} = ${count.value};` : body;
  }).join('\n');
}

/** The TypeScript module's text. */
function generate(lists = parseDef()) {
  const d = lists.TRUENO_DTYPE;
  const k = lists.TRUENO_KERNEL;
  return `// Generated by scripts/gen-ops.js from native/core/include/trueno_ops.def: edit that file, then run
// node scripts/gen-ops.js (a test fails while this file is stale).

/** Core dtype codes. */
export const DTypeCode = ${codes(d)} as const;
/** Integer dtypes (wrapping arithmetic). */
export const INT_DTYPES = ${names(where(d, 3, 'INT'))} as const;

/** Binary op codes. */
export const BinaryOp = ${codes(lists.TRUENO_BINARY_OP)} as const;
export type BinaryOpName = keyof typeof BinaryOp;
/** Binary ops with integer kernels (the others compute in a float dtype). */
export const INT_BINARY_OPS: readonly BinaryOpName[] = ${names(where(lists.TRUENO_BINARY_OP, 2, 'ANY'))};

/** Unary op codes. */
export const UnaryOp = ${codes(lists.TRUENO_UNARY_OP)} as const;
export type UnaryOpName = keyof typeof UnaryOp;

/** Reduce op codes. */
export const ReduceOp = ${codes(lists.TRUENO_REDUCE_OP)} as const;
export type ReduceOpName = keyof typeof ReduceOp;
/** Reduce ops whose result is an index rather than a value. */
export const INDEX_REDUCE_OPS: readonly ReduceOpName[] = ${names(where(lists.TRUENO_REDUCE_OP, 2, 'INDEX'))};
/** Reduce ops with integer kernels (the others compute in float64 for integer input). */
export const INT_REDUCE_OPS: readonly ReduceOpName[] = ${names(where(lists.TRUENO_REDUCE_OP, 3, 'ANY'))};

/** Every kernel: its name in the addon and the TS backends, and its C/WASM function name (trueno_<cName>). */
export const KERNELS = [
${k.map(([cName, js]) => `  { name: '${js}', cName: '${cName}' },`).join('\n')}
] as const;
/** Kernels that also have an off-the-event-loop form, named name + 'Async'. */
export const ASYNC_KERNELS = ${names(k.filter((r) => r[3] === 'ASYNC').map((r) => r[1]))} as const;

/** What every core entry point returns (TRUENO_OK, TRUENO_EINVAL, ...). */
export const StatusCode = ${codes(lists.TRUENO_STATUS.map(([n]) => [null, n]))} as const;
/** The .code of the error a backend throws for each status, by status value. */
export const STATUS_ERROR_CODES = ${names(lists.TRUENO_STATUS.map((r) => r[2]))} as const;
/** Instruction-set levels by their TRUENO_ISA_* value (a higher one is never usable where a lower one is not). */
export const ISA_NAMES = ${names(lists.TRUENO_ISA.map((r) => r[1]))} as const;

// Setting codes (TRUENO_CODE lines): what the kernels take as numbers, each group as it is in trueno.h.
${codeConstants(lists.codeGroups)}
`;
}

module.exports = { parseDef, kernelExports, generate, OUT };

if (require.main === module) {
  const text = generate();
  if (process.argv.includes('--check')) {
    if (!fs.existsSync(OUT) || fs.readFileSync(OUT, 'utf8') !== text) {
      console.error(`stale: ${path.relative(root, OUT)}; run node scripts/gen-ops.js and commit it`);
      process.exit(1);
    }
    console.log(`${path.relative(root, OUT)} is up to date`);
  } else {
    fs.writeFileSync(OUT, text);
    console.log(`wrote ${path.relative(root, OUT)}`);
  }
}
