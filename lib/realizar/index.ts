/**
 * realizar: models over HTTP. `serve(model, '0.0.0.0:8080')` answers realizar's routes (/predict, /models, /metrics,
 * /health, /ready) and the Open Inference Protocol's (/v2/...), predicting off the event loop, with hot reload from a
 * model folder or an alimentar registry and the hardening a public endpoint needs (limits, timeouts, API keys).
 * @packageDocumentation
 */
// every Tensor method's op, for the Tensors this entry hands out (tensor-ops.ts)
import '../trueno/tensor-ops';
export { serve, type Server } from './server';
export type { ServeOptions, ModelInput } from './options';
export type { ModelInfo } from './model';
export { RealizarError, HttpError, HTTP_CODES, type HttpErrorCode } from './errors';
