/**
 * The jest environment of the ONNX tests: jest's node environment with the typed-array constructors of the outer
 * realm. onnxruntime-node's native binding creates its output arrays in the outer realm and onnxruntime-common then
 * checks them with `instanceof` against the test realm's constructors, which fails for every output type jest does
 * not share (BigInt64Array for int64 labels, Float32Array for probabilities).
 */
'use strict';
const { TestEnvironment } = require('jest-environment-node');

const SHARED = ['Float32Array', 'Float64Array', 'Int8Array', 'Int16Array', 'Int32Array', 'BigInt64Array', 'Uint16Array',
  'Uint32Array', 'BigUint64Array', 'Uint8ClampedArray'];

class OrtEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of SHARED) this.global[name] = globalThis[name];
  }
}

module.exports = OrtEnvironment;
