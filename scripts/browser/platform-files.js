/*
 * The esbuild plugin behind every browser build of sovereign-ai: where a source file has a sibling `<name>.browser.ts`,
 * the browser build takes that file instead (the Node-only piece - a loader that reads files, a decoder that spawns
 * worker_threads - split out rather than forked). Node built-ins are refused with the importer named, so a Node-only
 * module that leaks into the browser graph fails the build instead of shipping a broken import.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { builtinModules } = require('node:module');

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** The file a relative specifier names (with .ts or /index.ts), or undefined when it names none. */
function sourceFile(dir, spec) {
  const base = path.resolve(dir, spec);
  return [`${base}.ts`, path.join(base, 'index.ts'), base].find((f) => fs.existsSync(f) && fs.statSync(f).isFile());
}

/**
 * The swap rule itself: the `.browser.ts` sibling of a resolved lib source, unless the importer is that sibling (a
 * browser file may import the shared file it stands beside).
 * @param {string} root - the folder holding lib/
 * @param {string} file - the resolved source file
 * @param {string} importer - the importing file
 * @returns {string | undefined} the sibling to use instead, or undefined to keep `file`
 */
function browserSibling(root, file, importer) {
  const lib = path.join(root, 'lib') + path.sep;
  if (!file.startsWith(lib) || !file.endsWith('.ts') || file.endsWith('.browser.ts') || file.endsWith('.d.ts')) return undefined;
  const browser = file.replace(/\.ts$/, '.browser.ts');
  return browser !== importer && fs.existsSync(browser) ? browser : undefined;
}

/**
 * @param {{ root: string }} options - root: the folder holding lib/ (only files under it are swapped, whoever imports
 *   them: a test page importing lib gets the browser files too)
 * @returns an esbuild plugin
 */
function platformFiles({ root }) {
  return {
    name: 'sovereign-browser-files',
    setup(build) {
      build.onResolve({ filter: /^\.\.?(\/|$)/ }, (args) => {
        const file = sourceFile(args.resolveDir, args.path);
        const browser = file && browserSibling(root, file, args.importer);
        return browser ? { path: browser } : undefined;
      });
      build.onResolve({ filter: /^[a-z_:/]+$/ }, (args) => {
        if (!NODE_BUILTINS.has(args.path)) return undefined;
        const from = path.relative(root, args.importer);
        return { errors: [{ text: `Expected no Node built-in in the browser build but ${from} imports '${args.path}': give it a .browser.ts sibling or keep it out of the browser entry` }] };
      });
    },
  };
}

module.exports = { platformFiles, browserSibling, NODE_BUILTINS };
