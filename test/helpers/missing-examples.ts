/**
 * Public API members of a module whose TSDoc lacks an `@example`: exported functions and classes, and the public
 * methods, static methods and constructors (with parameters) of exported classes, as TypeDoc documents them.
 */
import * as path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '../..');

function hasExample(decl: ts.Node | undefined): boolean {
  return decl !== undefined && ts.getJSDocTags(decl).some((t) => t.tagName.text === 'example');
}

function isPublic(decl: ts.Declaration): boolean {
  const flags = ts.getCombinedModifierFlags(decl);
  if (flags & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) return false;
  if (ts.getJSDocTags(decl).some((t) => t.tagName.text === 'internal')) return false;
  const name = (decl as ts.NamedDeclaration).name;
  return !(name && (ts.isPrivateIdentifier(name) || name.getText().startsWith('_')));
}

/**
 * Lists the members without an example.
 * @param module - a folder of lib/ with an index.ts
 * @returns ids such as 'ArrowDataset#toRows' or 'readCsv'
 */
export function missingExamples(module: string): string[] {
  const file = path.join(ROOT, 'lib', module, 'index.ts');
  const program = ts.createProgram([file], { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, strict: true, skipLibCheck: true, esModuleInterop: true, noEmit: true });
  const checker = program.getTypeChecker();
  const out: string[] = [];
  for (const exp of checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(file)!)!)) {
    const sym = exp.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exp) : exp;
    const decl = sym.valueDeclaration;
    if (!decl || !decl.getSourceFile().fileName.includes(`/lib/${module}/`)) continue;
    if (ts.isClassDeclaration(decl)) {
      if (checker.getDeclaredTypeOfSymbol(sym).getBaseTypes()?.some((b) => /Error$/.test(b.symbol?.name ?? '')) || /Error$/.test(exp.name)) continue;
      if (!hasExample(decl)) out.push(exp.name);
      for (const m of decl.members) {
        if (!isPublic(m)) continue;
        if (ts.isMethodDeclaration(m) && !hasExample(m)) out.push(`${exp.name}${ts.getCombinedModifierFlags(m) & ts.ModifierFlags.Static ? '.' : '#'}${m.name.getText()}`);
      }
    } else if ((ts.isFunctionDeclaration(decl) || ts.isVariableDeclaration(decl)) && (sym.flags & ts.SymbolFlags.Function || (ts.isVariableDeclaration(decl) && decl.initializer && (ts.isArrowFunction(decl.initializer) || ts.isFunctionExpression(decl.initializer))))) {
      const doc = ts.isVariableDeclaration(decl) ? decl.parent.parent : decl;
      if (!hasExample(doc) && !hasExample(decl)) out.push(exp.name);
    }
  }
  return out.sort();
}

if (require.main === module) console.log(missingExamples(process.argv[2] ?? 'alimentar').join('\n'));
