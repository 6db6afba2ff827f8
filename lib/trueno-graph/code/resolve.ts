/**
 * Where an import specifier leads, the way Node and TypeScript's bundler-style resolution find files without a
 * tsconfig: the path as written, the TypeScript source of a '.js' path ('./x.js' written in a .ts file names x.ts),
 * the path plus a source extension, then the folder's index file. Bare specifiers name packages.
 */
import * as path from 'node:path';

/** Extensions of source files, in the order resolution tries them. */
export const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'] as const;

/** The TypeScript sources a JavaScript extension may stand for. */
const TS_OF_JS: Record<string, string[]> = { '.js': ['.ts', '.tsx'], '.jsx': ['.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'] };

/** What a specifier resolved to. */
export type Resolution =
  | { kind: 'file'; file: string }
  | { kind: 'package'; name: string }
  | { kind: 'unresolved'; file: string };

/**
 * Resolves one specifier.
 * @param from - the importing file (absolute)
 * @param specifier - as written
 * @param exists - whether an absolute path is a file of the tree (or any file on disk)
 * @returns the file, the package, or the path that was looked for
 */
export function resolveSpecifier(from: string, specifier: string, exists: (file: string) => boolean): Resolution {
  if (!specifier.startsWith('.') && !path.isAbsolute(specifier)) {
    const name = specifier.startsWith('node:') ? specifier : specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');
    return { kind: 'package', name };
  }
  const base = path.resolve(path.dirname(from), specifier);
  const ext = path.extname(base);
  const candidates = [base, ...(TS_OF_JS[ext] ?? []).map((e) => base.slice(0, -ext.length) + e)];
  candidates.push(...SOURCE_EXTENSIONS.map((e) => base + e), ...SOURCE_EXTENSIONS.map((e) => path.join(base, 'index' + e)));
  const file = candidates.find(exists);
  return file === undefined ? { kind: 'unresolved', file: base } : { kind: 'file', file };
}
