/**
 * Loads every ops module whose functions back a Tensor method, so that each method has its op (the ops register
 * themselves with tensor-methods.ts as they load). Imported for its effect by each entry point that hands out Tensors
 * (the package's subpath entries, the CLIs, the worker entries): tensor.ts cannot import the ops itself, since they
 * import Tensor. test/trueno-graph/lib-imports.test.ts fails when an entry point reaches Tensor without them.
 */
import './ops/compare';
import './ops/elementwise';
import './ops/indexing';
import './ops/join';
import './ops/matrix';
import './ops/reduce';
import './ops/scan';
import './ops/unary';
