/**
 * ONNX export of fitted estimators: {@link toOnnx}, and the converter table ({@link registerConverter}) with the
 * graph builder a converter of another estimator class needs.
 */
export { toOnnx, ONNX_OUTPUTS, type ToOnnxOptions } from './to-onnx';
export { registerConverter, onnxConvertible, type Converter, type ConvertContext, type Converted, type Variable, type Precision } from './registry';
export { OnnxExportError, type OnnxErrorCode } from './errors';
export { OnnxGraph, attr, ML_DOMAIN, OPSETS, type Attr, type ElemType, type ModelInfo } from './graph';
export { treeEnsembleNodes, type TreeEnsembleOptions } from './trees';
