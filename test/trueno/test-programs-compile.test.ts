/**
 * The tests themselves type-check: jest's swc transform strips types without checking them, so a test could call an
 * API with a type it refuses (or lean on a wrong public type) unnoticed. This compiles the programs of
 * tsconfig.test.json (lib, test, bench, examples) and tsconfig.browser-pages.json (the browser test pages, as
 * test/browser/site.ts bundles them) and expects no diagnostic. An in-memory file with a type error added to the first
 * program shows the check catches one.
 */
import * as path from 'node:path';
import ts from 'typescript';

const root = path.resolve(__dirname, '../..');
/** A file that must NOT compile: a string where the Tensor API wants numbers. */
const wrong = path.join(root, 'test/trueno/fixtures/test-program-wrong.ts');
const WRONG_SOURCE = `import { Tensor } from '../../../lib/trueno';
export const t = Tensor.from('not numbers');
`;

/** Every diagnostic of a tsconfig's program (plus `extra` in-memory files), as "file(line): message". */
function diagnostics(config: string, extra: Record<string, string> = {}): string[] {
  const parsed = ts.getParsedCommandLineOfConfigFile(path.join(root, config), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); },
  })!;
  const host = ts.createCompilerHost(parsed.options);
  const { getSourceFile, fileExists } = host;
  host.fileExists = (f) => f in extra || fileExists.call(host, f);
  host.getSourceFile = (f, lang, ...rest) => (f in extra ? ts.createSourceFile(f, extra[f], lang) : getSourceFile.call(host, f, lang, ...rest));
  const program = ts.createProgram({ rootNames: [...parsed.fileNames, ...Object.keys(extra)], options: parsed.options, host, configFileParsingDiagnostics: parsed.errors });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file ? `${path.relative(root, d.file.fileName)}(${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1})` : config;
    return `${where}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

test('tsconfig.test.json: lib, tests, benches and examples compile without an error; a type error is caught', () => {
  expect(diagnostics('tsconfig.test.json', { [wrong]: WRONG_SOURCE })).toEqual([
    expect.stringMatching(/^test\/trueno\/fixtures\/test-program-wrong\.ts\(2\): Argument of type 'string' is not assignable to parameter of type 'TensorData \| NestedArray'/),
  ]);
}, 180_000);

test('tsconfig.browser-pages.json: the browser test pages compile without an error', () => {
  expect(diagnostics('tsconfig.browser-pages.json')).toEqual([]);
}, 120_000);
