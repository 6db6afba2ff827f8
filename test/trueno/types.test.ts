/**
 * Type-level test: test/trueno/fixtures/tensor-types.ts states the TypeScript type of each Tensor API result
 * (`matmul(Tensor<'float32'>, Tensor<'float32'>)` is `Tensor<'float32'>`, comparisons give `Tensor<'bool'>`, ...)
 * and that wrong calls do not compile. It imports 'sovereign-ai/trueno' as a consumer does, so it checks the
 * published declarations (dist/, built by `npm test` before the tests) with the project's compiler options: any
 * diagnostic in it fails. A second, in-memory file with a wrong expectation shows the check does catch a regression.
 */
import * as path from 'node:path';
import ts from 'typescript';

const root = path.resolve(__dirname, '../..');
const fixture = path.join(__dirname, 'fixtures/tensor-types.ts');
/** A file that must NOT compile: it claims matmul of float32 tensors is float64. */
const wrong = path.join(__dirname, 'fixtures/tensor-types-wrong.ts');
const WRONG_SOURCE = `import { Tensor, matmul } from 'sovereign-ai/trueno';
declare const f32: Tensor<'float32'>;
const product: Tensor<'float64'> = matmul(f32, f32);
export { product };
`;

function check(): Map<string, string[]> {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(root, 'tsconfig.json'), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); },
  })!;
  const options = { ...config.options, noEmit: true, rootDir: root, types: ['node'] };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists } = host;
  host.fileExists = (f) => f === wrong || fileExists.call(host, f);
  host.getSourceFile = (f, lang, ...rest) =>
    f === wrong ? ts.createSourceFile(f, WRONG_SOURCE, lang) : getSourceFile.call(host, f, lang, ...rest);
  const program = ts.createProgram([fixture, wrong], options, host);
  // Only these two files are checked: the declarations they use are checked as far as they need them.
  return new Map([fixture, wrong].map((f) => {
    const source = program.getSourceFile(f)!;
    const found = [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
    return [f, found.map((d) => `line ${source.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`)];
  }));
}

test('the Tensor API keeps dtypes in its types; a wrong expectation is caught', () => {
  const found = check();
  expect(found.get(fixture)).toEqual([]);
  expect(found.get(wrong)).toEqual([expect.stringMatching(/^line 3: Type 'Tensor<"float32">' is not assignable to type 'Tensor<"float64">'/)]);
}, 120_000);
