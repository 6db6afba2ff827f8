/**
 * The trueno Web Worker (built as dist/browser/trueno-worker.mjs, self-contained): compiles its own WASM core when the
 * page's first message asks (`ready` with the page's options, or the compiled module the page hands over), then runs
 * each requested op and posts the result back, its tensors' buffers transferred.
 */
// every Tensor method's op, for the Tensors this entry hands out (tensor-ops.ts)
import './tensor-ops';
import { ready } from './backend/loader.browser';
import { cholesky, choleskySolve, eigh, gram, lstsq, qr, randomizedRangeFinder, svd } from './ops/linalg';
import { logSoftmax, matmul, matvec, pairwiseSqDist, softmax } from './ops/matrix';
import { fromWire, toWire, type WorkerOp, type WorkerRequest, type WorkerResponse } from './worker-protocol';

const OPS: Record<WorkerOp, (...args: never[]) => unknown> = {
  matmul, matvec, pairwiseSqDist, softmax, logSoftmax, gram, cholesky, choleskySolve, qr, eigh, svd, lstsq, randomizedRangeFinder,
};

const scope = globalThis as unknown as { onmessage: ((e: MessageEvent<WorkerRequest>) => void) | null; postMessage(m: WorkerResponse, t?: Transferable[]): void };

scope.onmessage = async (e) => {
  const { id, op, args } = e.data;
  try {
    const input = fromWire(args) as unknown[];
    const result = op === 'ready' ? await ready(input[0] as never) : OPS[op](...(input as never[]));
    const transfer: ArrayBuffer[] = [];
    const wire = toWire(result, transfer);
    scope.postMessage({ id, result: wire }, transfer);
  } catch (err) {
    const x = err as { name?: string; message?: string; code?: string };
    scope.postMessage({ id, error: { name: x?.name ?? 'Error', message: x?.message ?? String(err), code: x?.code } });
  }
};
