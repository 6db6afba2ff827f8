/*
 * The browser entry's type declarations (dist/browser/types): what a page's TypeScript sees through the `browser`
 * condition of package.json `exports`. The TypeScript compiler runs over the browser entries with the same file swap
 * as the esbuild build (platform-files.js: a `<name>.browser.ts` sibling replaces `<name>.ts`, except in the sibling
 * itself), so it type-checks the browser graph as it is bundled, and the emitted declarations name the swapped
 * files: what a page lacks (Database.open, Graph.load, importGraph ...) is absent from its types, not just from its
 * code.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');
const { browserSibling } = require('./platform-files');

/** A module specifier from `fromFile` to `toFile` (a .ts source), as a declaration names it: relative, no extension. */
function specifierTo(fromFile, toFile) {
  const rel = path.relative(path.dirname(fromFile), toFile).replace(/\.ts$/, '').split(path.sep).join('/');
  return rel.startsWith('.') ? rel : `./${rel}`;
}

/**
 * Emits the declarations of the browser entries.
 * @param {{ root: string, entries: string[], outDir: string }} o - root: the folder holding lib/ and
 *   tsconfig.browser.json; entries: the browser entry sources; outDir: where the .d.ts tree goes (lib's layout)
 * @returns {string[]} the declaration files written
 * @throws Error listing the type errors of the browser graph, if any
 */
function emitBrowserDeclarations({ root, entries, outDir }) {
  const configFile = path.join(root, 'tsconfig.browser.json');
  const parsed = ts.getParsedCommandLineOfConfigFile(configFile, {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); },
  });
  const options = {
    ...parsed.options, noEmit: false, declaration: true, emitDeclarationOnly: true, declarationMap: false, sourceMap: false,
    outDir, rootDir: path.join(root, 'lib'),
  };
  const host = ts.createCompilerHost(options);
  /** Where a module specifier of `containingFile` lands in the browser graph (undefined: not a lib source). */
  const swapped = (specifier, containingFile) => {
    const r = ts.resolveModuleName(specifier, containingFile, options, host);
    const file = r.resolvedModule?.resolvedFileName;
    return { resolution: r, browser: file === undefined ? undefined : browserSibling(root, file, containingFile) };
  };
  host.resolveModuleNameLiterals = (literals, containingFile) => literals.map((lit) => {
    const { resolution, browser } = swapped(lit.text, containingFile);
    return browser === undefined ? resolution : { resolvedModule: { ...resolution.resolvedModule, resolvedFileName: browser, extension: ts.Extension.Ts } };
  });
  // ambient declarations of lib (e.g. lz4js.d.ts) join the entries, as tsconfig's include brings them in
  const ambient = parsed.fileNames.filter((f) => f.endsWith('.d.ts'));
  const program = ts.createProgram([...entries, ...ambient], options, host);
  const diagnostics = ts.getPreEmitDiagnostics(program);
  if (diagnostics.length > 0) {
    throw new Error(`the browser graph does not type-check:\n${ts.formatDiagnostics(diagnostics, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => '\n' })}`);
  }
  // the declarations name the files the browser graph uses: `./disk` -> `./disk.browser` where there is one
  const rewrite = (context) => (file) => {
    const source = file.fileName;
    const fix = (lit) => {
      const { browser } = swapped(lit.text, source);
      return browser === undefined ? lit : context.factory.createStringLiteral(specifierTo(source, browser));
    };
    const visit = (node) => {
      const f = context.factory;
      if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
        return f.updateImportDeclaration(node, node.modifiers, node.importClause, fix(node.moduleSpecifier), node.attributes);
      }
      if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
        return f.updateExportDeclaration(node, node.modifiers, node.isTypeOnly, node.exportClause, fix(node.moduleSpecifier), node.attributes);
      }
      if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
        const arg = f.updateLiteralTypeNode(node.argument, fix(node.argument.literal));
        return f.updateImportTypeNode(node, arg, node.attributes, node.qualifier, node.typeArguments && ts.visitNodes(node.typeArguments, visit), node.isTypeOf);
      }
      return ts.visitEachChild(node, visit, context);
    };
    return ts.visitNode(file, visit);
  };
  const written = [];
  const result = program.emit(undefined, (name, text) => {
    fs.mkdirSync(path.dirname(name), { recursive: true });
    fs.writeFileSync(name, text);
    written.push(name);
  }, undefined, true, { afterDeclarations: [rewrite] });
  if (result.emitSkipped) throw new Error(`the browser declarations were not emitted:\n${ts.formatDiagnostics(result.diagnostics, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => '\n' })}`);
  return written;
}

module.exports = { emitBrowserDeclarations };
