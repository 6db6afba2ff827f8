/**
 * The import statements of one JavaScript / TypeScript source file, found by the TypeScript compiler's parser (a
 * syntax tree, not a pattern: strings, comments and template text never count, and `import type` is told apart).
 * TypeScript is an optional peer dependency: it is loaded on first use, and only import analysis needs it.
 */
import type * as TS from 'typescript';
import { GraphError } from '../errors';

/** How a module names another. */
export type ImportKind = 'import' | 'export' | 'require' | 'dynamic' | 'import-equals';

/** One module specifier found in a file. */
export interface ModuleImport {
  /** As written, e.g. './parser.js' or 'node:fs'. */
  specifier: string;
  /** The syntax that named it. */
  kind: ImportKind;
  /** True for imports erased at compile time (`import type`, `export type`, all-type named imports, `import('x').T`). */
  typeOnly: boolean;
}

let compiler: typeof TS | undefined;

/**
 * The TypeScript compiler module, loaded once.
 * @returns the module
 * @throws GraphError `ERR_TRUENO_GRAPH_NO_PARSER` when the typescript package is not installed
 */
export function typescript(): typeof TS {
  if (compiler === undefined) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      compiler = require('typescript') as typeof TS;
    } catch (e) {
      throw new GraphError(`Expected the typescript package (the parser import analysis uses; npm install typescript) but it could not be loaded: ${(e as Error).message}`, 'ERR_TRUENO_GRAPH_NO_PARSER', { cause: e });
    }
  }
  return compiler;
}

function scriptKind(ts: typeof TS, file: string): TS.ScriptKind {
  if (/\.[cm]?tsx?$/.test(file)) return file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  return file.endsWith('x') ? ts.ScriptKind.JSX : ts.ScriptKind.JS;
}

/**
 * The module specifiers a source file imports, in source order.
 * @param source - the file's text
 * @param file - its name (the extension picks TS / TSX / JS / JSX parsing)
 * @returns the imports
 * @example moduleImports("import type { A } from './a';", 'x.ts'); // [{ specifier: './a', kind: 'import', typeOnly: true }]
 */
export function moduleImports(source: string, file: string): ModuleImport[] {
  const ts = typescript();
  const tree = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, false, scriptKind(ts, file));
  const found: ModuleImport[] = [];
  const add = (node: TS.Node | undefined, kind: ImportKind, typeOnly: boolean) => {
    if (node !== undefined && ts.isStringLiteralLike(node)) found.push({ specifier: node.text, kind, typeOnly });
  };
  const visit = (node: TS.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const named = clause?.namedBindings;
      const allTypes = clause !== undefined && clause.name === undefined && named !== undefined && ts.isNamedImports(named)
        && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly);
      add(node.moduleSpecifier, 'import', clause?.isTypeOnly === true || allTypes);
    } else if (ts.isExportDeclaration(node)) {
      const named = node.exportClause;
      const allTypes = named !== undefined && ts.isNamedExports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly);
      add(node.moduleSpecifier, 'export', node.isTypeOnly || allTypes);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node.moduleReference.expression, 'import-equals', node.isTypeOnly);
    } else if (ts.isCallExpression(node) && node.arguments.length >= 1) {
      if (node.expression.kind === ts.SyntaxKind.ImportKeyword) add(node.arguments[0], 'dynamic', false);
      else if (ts.isIdentifier(node.expression) && node.expression.text === 'require' && node.arguments.length === 1) add(node.arguments[0], 'require', false);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node.argument.literal, 'dynamic', true);
    }
    ts.forEachChild(node, visit);
  };
  visit(tree);
  return found;
}
