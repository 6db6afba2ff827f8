/** @jest-environment ./test/aprender/onnx/ort-environment.js */
/**
 * toOnnx's contract: the model it writes (opsets, input and output names and types), its bad inputs (not an
 * estimator, bad options, unfitted, no converter, an option ONNX cannot express), and the converter table.
 */
import { onnx } from 'onnx-proto';
import {
  DBSCAN, GaussianNB, KNeighborsClassifier, LinearRegression, LogisticRegression, onnxConvertible, Pipeline, registerConverter,
  registerEstimators, StandardScaler, toOnnx, Transformer, attr,
} from '../../../lib/aprender';
import { Tensor } from '../../../lib/trueno/tensor';
import { loadSplit } from '../reference/data';
import { runOnnx } from './helpers';

const iris = () => loadSplit('iris');
const decode = (bytes: Uint8Array) => onnx.ModelProto.decode(bytes);
const elemType = (v: onnx.IValueInfoProto) => v.type?.tensorType?.elemType;

/** Calls fn and returns what it threw. */
function thrown(fn: () => unknown): Error & { code?: string; estimator?: string; option?: string } {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a throw');
}

describe('toOnnx: the model', () => {
  test('a classifier: input X [N, 4] double, outputs label (int64) and probabilities; only the opsets used', () => {
    const s = iris();
    const m = decode(toOnnx(new LogisticRegression().fit(s.XTrain, s.yTrain)));
    expect(Number(m.irVersion)).toBe(8);
    expect(m.graph?.input?.map((i) => i.name)).toEqual(['X']);
    expect(elemType(m.graph!.input![0])).toBe(onnx.TensorProto.DataType.DOUBLE);
    expect(m.graph!.input![0].type?.tensorType?.shape?.dim?.map((d) => d.dimParam || Number(d.dimValue))).toEqual(['N', 4]);
    expect(m.graph?.output?.map((o) => [o.name, elemType(o)])).toEqual([['label', onnx.TensorProto.DataType.INT64], ['probabilities', onnx.TensorProto.DataType.DOUBLE]]);
    expect(m.opsetImport?.map((o) => [o.domain, Number(o.version)])).toEqual([['', 15]]);
    expect(m.graph?.name).toBe('LogisticRegression');
  });

  test("float32: tensor(float) input and ai.onnx.ml's LinearClassifier; name, inputName and docString as given", async () => {
    const s = iris();
    const bytes = toOnnx(new LogisticRegression().fit(s.XTrain, s.yTrain), { dtype: 'float32', inputName: 'features', name: 'iris', docString: 'demo' });
    const m = decode(bytes);
    expect(m.graph?.node?.map((n) => n.opType)).toContain('LinearClassifier');
    expect(m.opsetImport?.map((o) => [o.domain, Number(o.version)])).toEqual([['', 15], ['ai.onnx.ml', 3]]);
    expect(elemType(m.graph!.input![0])).toBe(onnx.TensorProto.DataType.FLOAT);
    expect([m.graph?.name, m.graph?.input?.[0].name, m.docString]).toEqual(['iris', 'features', 'demo']);
    const out = await runOnnx(bytes, s.XTest.data as Float64Array, s.XTest.shape as [number, number], 'float32');
    expect(out.label.dims).toEqual([s.XTest.shape[0]]);
  });

  test('a regressor has one output, variable [N, 1]', () => {
    const s = loadSplit('diabetes');
    const m = decode(toOnnx(new LinearRegression().fit(s.XTrain, s.yTrain)));
    expect(m.graph?.output?.map((o) => o.name)).toEqual(['variable']);
    expect(m.graph!.output![0].type?.tensorType?.shape?.dim?.map((d) => d.dimParam || Number(d.dimValue))).toEqual(['N', 1]);
  });

  test('onnxConvertible lists the supported classes', () => {
    expect(onnxConvertible()).toEqual(expect.arrayContaining([
      'BernoulliNB', 'ComplementNB', 'ElasticNet', 'GaussianNB', 'Lasso', 'LinearRegression', 'LinearSVC', 'LogisticRegression',
      'MaxAbsScaler', 'MinMaxScaler', 'MultinomialNB', 'OneHotEncoder', 'OrdinalEncoder', 'PCA', 'Pipeline', 'Ridge', 'RobustScaler',
      'SGDClassifier', 'SGDRegressor', 'SimpleImputer', 'StandardScaler', 'TruncatedSVD', 'Normalizer', 'ColumnTransformer', 'PolynomialFeatures', 'KMeans', 'MiniBatchKMeans', 'GridSearchCV', 'RandomizedSearchCV', 'GaussianMixture',
    ]));
  });
});

describe('toOnnx: bad inputs', () => {
  test('not an estimator: TypeError ERR_APRENDER_TYPE', () => {
    for (const bad of [null, undefined, 42, {}, 'LogisticRegression']) {
      expect(thrown(() => toOnnx(bad as never))).toMatchObject({ name: 'TypeError', code: 'ERR_APRENDER_TYPE' });
    }
  });

  test('bad options: coded TypeError / RangeError naming the option', () => {
    const s = iris();
    const model = new GaussianNB().fit(s.XTrain, s.yTrain);
    expect(thrown(() => toOnnx(model, null as never))).toMatchObject({ code: 'ERR_APRENDER_TYPE' });
    expect(thrown(() => toOnnx(model, { dtype: 'float16' as never }))).toMatchObject({ code: 'ERR_APRENDER_RANGE', message: expect.stringContaining("'float16'") });
    expect(thrown(() => toOnnx(model, { inputName: '' }))).toMatchObject({ code: 'ERR_APRENDER_TYPE', message: expect.stringContaining('inputName') });
    expect(thrown(() => toOnnx(model, { name: 7 as never }))).toMatchObject({ code: 'ERR_APRENDER_TYPE' });
    expect(thrown(() => toOnnx(model, { inputName: 'label' }))).toMatchObject({ code: 'ERR_APRENDER_RANGE' });
  });

  test('an unfitted model, or a Pipeline never fitted: NotFittedError', () => {
    expect(thrown(() => toOnnx(new LogisticRegression()))).toMatchObject({ code: 'ERR_APRENDER_NOT_FITTED', message: expect.stringContaining('LogisticRegression') });
    const pipe = new Pipeline({ steps: [['scale', new StandardScaler()], ['clf', new GaussianNB()]] });
    expect(thrown(() => toOnnx(pipe))).toMatchObject({ code: 'ERR_APRENDER_NOT_FITTED' });
  });

  test('an estimator without a converter, alone or inside a Pipeline: ERR_APRENDER_ONNX_UNSUPPORTED naming it', () => {
    const s = iris();
    const dbscan = new DBSCAN({ eps: 0.5 }).fit(s.XTrain);
    expect(thrown(() => toOnnx(dbscan))).toMatchObject({ name: 'OnnxExportError', code: 'ERR_APRENDER_ONNX_UNSUPPORTED', estimator: 'DBSCAN', message: expect.stringContaining('DBSCAN') });
    const pipe = new Pipeline({ steps: [['scale', new StandardScaler()], ['knn', new KNeighborsClassifier()]] }).fit(s.XTrain, s.yTrain);
    expect(thrown(() => toOnnx(pipe))).toMatchObject({ code: 'ERR_APRENDER_ONNX_UNSUPPORTED', estimator: 'KNeighborsClassifier' });
  });

  test('non-integer numeric class labels: ERR_APRENDER_ONNX_OPTION naming classes_', () => {
    const s = iris();
    const model = new GaussianNB().fit(s.XTrain, Float64Array.from(s.yTrain, (c) => c + 0.5));
    expect(thrown(() => toOnnx(model))).toMatchObject({ code: 'ERR_APRENDER_ONNX_OPTION', estimator: 'GaussianNB', option: 'classes_', message: expect.stringContaining('0.5') });
  });
});

/** A transformer of this test only: doubles X. */
class Doubler extends Transformer {
  static override readonly params = {};
  scale_?: number;

  protected fitImpl(X: unknown): void {
    this.checkX(X, true);
    this.scale_ = 2;
  }

  transform(X: Tensor): Tensor {
    const m = this.checkX(X, false);
    return Tensor.from(Float64Array.from(m.data, (v) => v * (this.scale_ as number)), [m.rows, m.cols]);
  }
}
registerEstimators(Doubler);

test('registerConverter: one entry makes another class exportable, also inside a Pipeline', async () => {
  registerConverter<Doubler>('Doubler', {
    convert: (m, x, ctx) => {
      const two = ctx.graph.constant('two', ctx.precision, [], [m.scale_ as number]);
      return { kind: 'transform', value: { ...x, name: ctx.graph.op('Mul', [x.name, two], 'doubled', { }) } };
    },
  });
  expect(attr.int(1)).toEqual({ type: 'int', value: 1 });
  const s = iris();
  const pipe = new Pipeline({ steps: [['double', new Doubler()], ['clf', new GaussianNB()]] }).fit(s.XTrain, s.yTrain);
  const out = await runOnnx(toOnnx(pipe), s.XTest.data as Float64Array, s.XTest.shape as [number, number], 'float64');
  expect(out.label.data).toEqual(Array.from((pipe.predict!(s.XTest) as Tensor).data as Int32Array));
});
