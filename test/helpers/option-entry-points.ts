/**
 * Every public entry point that takes an options object, found by the TypeScript compiler in the package's public
 * modules (lib/trueno, lib/alimentar, lib/aprender, lib/trueno-db): exported functions, class constructors, static
 * and instance methods whose parameter is named `options` or typed `...Options`. The options test calls each one, so a
 * new entry point cannot skip the unknown-key check.
 */
import * as path from 'node:path';
import ts from 'typescript';

/** One entry point and where its options parameter sits. */
export interface OptionEntryPoint {
  /** `module:name`, `module:Class.staticMethod`, `module:new Class` or `module:Class#method`. */
  id: string;
  module: string;
  /** The export's name. */
  exportName: string;
  kind: 'function' | 'constructor' | 'static' | 'method';
  /** The method's name (static and instance methods). */
  member?: string;
  /** The position of the options parameter. */
  index: number;
}

const ROOT = path.resolve(__dirname, '../..');
export const PUBLIC_MODULES = ['trueno', 'alimentar', 'aprender', 'trueno-db', 'trueno-graph', 'realizar'] as const;

function optionsIndex(checker: ts.TypeChecker, sig: ts.Signature): number {
  return sig.getParameters().findIndex((p) => {
    if (p.name === 'options') return true;
    const decl = p.valueDeclaration as ts.ParameterDeclaration | undefined;
    const typeText = decl?.type?.getText() ?? '';
    return /Options\b/.test(typeText) && !/ErrorOptions\b/.test(typeText);
  });
}

function firstIndex(checker: ts.TypeChecker, sigs: readonly ts.Signature[]): number {
  for (const s of sigs) {
    const i = optionsIndex(checker, s);
    if (i >= 0) return i;
  }
  return -1;
}

function isPublicMember(m: ts.Symbol): boolean {
  const decl = m.valueDeclaration ?? m.declarations?.[0];
  if (!decl) return false;
  const flags = ts.getCombinedModifierFlags(decl as ts.Declaration);
  if (flags & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) return false;
  if (ts.getJSDocTags(decl).some((t) => t.tagName.text === 'internal')) return false;
  return !m.name.startsWith('_') && !m.name.startsWith('#');
}

function isError(checker: ts.TypeChecker, cls: ts.Symbol): boolean {
  for (let t: ts.Type | undefined = checker.getDeclaredTypeOfSymbol(cls); t; ) {
    if (t.symbol?.name === 'Error') return true;
    const bases: ts.BaseType[] = t.isClassOrInterface() ? checker.getBaseTypes(t as ts.InterfaceType) : [];
    t = bases[0];
  }
  return false;
}

/**
 * Lists the entry points (type-checks the library once: seconds).
 * @returns every public entry point that takes options, sorted by id
 */
export function optionEntryPoints(): OptionEntryPoint[] {
  const files = PUBLIC_MODULES.map((m) => path.join(ROOT, 'lib', m, 'index.ts'));
  const program = ts.createProgram(files, { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, strict: true, skipLibCheck: true, esModuleInterop: true });
  const checker = program.getTypeChecker();
  const out: OptionEntryPoint[] = [];
  PUBLIC_MODULES.forEach((module, k) => {
    const sf = program.getSourceFile(files[k])!;
    const moduleSymbol = checker.getSymbolAtLocation(sf)!;
    for (const exp of checker.getExportsOfModule(moduleSymbol)) {
      const sym = exp.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exp) : exp;
      const decl = sym.valueDeclaration;
      if (!decl) continue;
      if (sym.flags & ts.SymbolFlags.Class) {
        const staticType = checker.getTypeOfSymbolAtLocation(sym, decl);
        const ci = firstIndex(checker, staticType.getConstructSignatures());
        // an Error subclass's options are its `cause`, not settings
        if (ci >= 0 && !isError(checker, sym)) out.push({ id: `${module}:new ${exp.name}`, module, exportName: exp.name, kind: 'constructor', index: ci });
        for (const m of staticType.getProperties()) {
          if (m.name === 'prototype' || !isPublicMember(m)) continue;
          const i = firstIndex(checker, checker.getTypeOfSymbolAtLocation(m, decl).getCallSignatures());
          if (i >= 0) out.push({ id: `${module}:${exp.name}.${m.name}`, module, exportName: exp.name, kind: 'static', member: m.name, index: i });
        }
        const instanceType = checker.getDeclaredTypeOfSymbol(sym);
        for (const m of instanceType.getProperties()) {
          if (!isPublicMember(m) || !(m.flags & ts.SymbolFlags.Method || m.flags & ts.SymbolFlags.GetAccessor)) continue;
          const i = firstIndex(checker, checker.getTypeOfSymbolAtLocation(m, decl).getCallSignatures());
          if (i >= 0) out.push({ id: `${module}:${exp.name}#${m.name}`, module, exportName: exp.name, kind: 'method', member: m.name, index: i });
        }
      } else if (sym.flags & (ts.SymbolFlags.Function | ts.SymbolFlags.Variable)) {
        const i = firstIndex(checker, checker.getTypeOfSymbolAtLocation(sym, decl).getCallSignatures());
        if (i >= 0) out.push({ id: `${module}:${exp.name}`, module, exportName: exp.name, kind: 'function', index: i });
      }
    }
  });
  return out.sort((a, b) => a.id.localeCompare(b.id));
}

if (require.main === module) for (const e of optionEntryPoints()) console.log(e.id, e.index);
