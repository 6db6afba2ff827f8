/**
 * Every registered estimator either has an ONNX converter or is listed here with the reason it has none, so a new
 * estimator cannot skip the question: add a converter (lib/aprender/onnx/converters) or a line below.
 */
import { onnxConvertible, registeredEstimators } from '../../../lib/aprender';

const NOT_EXPORTED: Record<string, string> = {
  AgglomerativeClustering: 'no predict: it labels the training rows only',
  DBSCAN: 'no predict: it labels the training rows only',
  NearestNeighbors: 'no predict: a neighbor query has no ONNX output convention',
  LabelEncoder: 'encodes y, not X',
  KNeighborsClassifier: 'not yet: a TopK over the stored training rows, whose ties onnxruntime orders its own way',
  KNeighborsRegressor: 'not yet: as KNeighborsClassifier',
};

test('every registered estimator has an ONNX converter or a stated reason for none', () => {
  const convertible = new Set(onnxConvertible());
  const without = registeredEstimators().filter((name) => !convertible.has(name)).sort();
  expect(without).toEqual(Object.keys(NOT_EXPORTED).sort());
});
