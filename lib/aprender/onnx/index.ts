/** ONNX export of fitted estimators. */
export { toOnnx, ONNX_OUTPUTS, type ToOnnxOptions } from './to-onnx';
export { registerConverter, onnxConvertible, type Converter, type ConvertContext, type Converted, type Variable, type Precision } from './registry';
export { OnnxExportError, type OnnxErrorCode } from './errors';
export { OnnxGraph, attr, ML_DOMAIN, OPSETS, type Attr, type ElemType } from './graph';
