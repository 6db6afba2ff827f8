/**
 * The pieces behind `aprender train`'s options, in-process: --param parsing and checking against a class's params
 * table, the task guessed from the target column, and the model table's filtering by what aprender exports.
 */
import { makeVector, vectorFromArray, Utf8 } from 'apache-arrow';
import { usageMessage } from '../../helpers/cli';
import { LogisticRegression } from '../../../lib/aprender';
import { inferTask, MAX_CLASSES_FOR_INTEGERS, targetValues } from '../../../lib/cli/aprender/data';
import { availableFamilies, familyOf, modelClass, type ModelClass } from '../../../lib/cli/aprender/models';
import { checkParams, parseParams } from '../../../lib/cli/aprender/params';

const usage = usageMessage;

describe('--param', () => {
  test('values read as JSON where they parse, else as text; snake_case names become camelCase; a repeat wins', () => {
    expect(parseParams(['C=0.5', 'max_iter=200', 'tol=-Infinity', 'fitIntercept=false', 'classWeight=null', 'solver=saga', 'l1_ratio=1e-1', 'C=2', 'x=[1,2]', 'name= a b '])).toEqual({
      C: 2, maxIter: 200, tol: -Infinity, fitIntercept: false, classWeight: null, solver: 'saga', l1Ratio: 0.1, x: [1, 2], name: 'a b',
    });
    expect(parseParams(['token=a=b'])).toEqual({ token: 'a=b' });
    expect(parseParams([])).toEqual({});
  });

  test.each(['C', '=1', ' =1', '1x=2', 'a-b=3', ''])('refuses the syntax %j', (item) => {
    expect(usage(() => parseParams([item]))).toBe(`Expected key=value for --param (e.g. --param nEstimators=100) but received '${item}'`);
  });

  test("checked against the class's params table: names and values", () => {
    const cls = LogisticRegression as unknown as ModelClass;
    expect(() => checkParams(cls, { C: 3, penalty: 'l1', maxIter: 10 })).not.toThrow();
    expect(usage(() => checkParams(cls, { alpha: 1 }))).toMatch(/^Expected one of penalty, C, .* for the parameters of LogisticRegression but received 'alpha'/);
    expect(usage(() => checkParams(cls, { C: -1 }))).toBe('Expected a number > 0 (Infinity allowed) for the C parameter of LogisticRegression but received -1');
    expect(() => checkParams(cls, parseParams(['C=Infinity']))).not.toThrow();
    expect(usage(() => checkParams(cls, { maxIter: 'lots' }))).toBe("Expected an integer >= 0 for the maxIter parameter of LogisticRegression but received 'lots'");
    expect(usage(() => checkParams(cls, { toString: 1 }))).toMatch(/received 'toString'/);
  });
});

describe('the task from the target column', () => {
  test('text and booleans are classes; few distinct integers are classes; fractions or many values are quantities', () => {
    expect(inferTask(vectorFromArray(['a', 'b', 'a'], new Utf8()))).toBe('classification');
    expect(inferTask(vectorFromArray([true, false, true]))).toBe('classification');
    expect(inferTask(makeVector(BigInt64Array.from([0n, 1n, 2n, 1n])))).toBe('classification');
    expect(inferTask(makeVector(Float64Array.from([0, 1, 1, 0])))).toBe('classification');
    expect(inferTask(makeVector(Float64Array.from([0, 1.5, 1])))).toBe('regression');
    const many = Float64Array.from({ length: 100 }, (_, i) => i % (MAX_CLASSES_FOR_INTEGERS + 1));
    expect(inferTask(makeVector(many))).toBe('regression');
    expect(inferTask(makeVector(many.map((v) => v % MAX_CLASSES_FOR_INTEGERS)))).toBe('classification');
  });

  test('target values: booleans as text labels, integers as numbers, text refused for regression', () => {
    expect(targetValues(vectorFromArray([true, false]), 'y', 'classification')).toEqual(['true', 'false']);
    expect(targetValues(makeVector(BigInt64Array.from([3n, 4n])), 'y', 'regression')).toEqual(Float64Array.from([3, 4]));
    expect(() => targetValues(vectorFromArray(['a'], new Utf8()), 'y', 'regression')).toThrow(/Expected a numeric target for regression but 'y' is Utf8/);
  });
});

describe('the model table', () => {
  test('families keep only exported classes; each --model name maps to its classifier or regressor', () => {
    const families = availableFamilies();
    expect(families.find((f) => f.name === 'ridge')).toEqual({ name: 'ridge', description: expect.any(String), classifier: undefined, regressor: 'Ridge' });
    expect(families.some((f) => f.name === 'linear-svr')).toBe(false); // LinearSVR is not an aprender class (yet)
    expect(modelClass(familyOf('knn'), 'regression').name).toBe('KNeighborsRegressor');
    expect(usage(() => modelClass(familyOf('gaussian-nb'), 'regression'))).toMatch(/^Expected a model for regression but gaussian-nb only does classification/);
    expect(usage(() => familyOf('linear-svr'))).toMatch(/received 'linear-svr' \('linear-svr' is not in this build\)/);
    expect(usage(() => familyOf('Random-Forest'))).toMatch(/received 'Random-Forest' \(see aprender list-models\)$/);
  });
});
