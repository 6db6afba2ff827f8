/**
 * Bounded fuzz of the model-file loader: fixed-seed mutants (test/fuzz/mutate.ts) of real model files, each loaded
 * as it is and again with its checksum recomputed (so the mutation reaches the parser behind the CRC). Every load
 * must end in a coded ModelFileError or a model: for a mutant with its original checksum, only the seed's own bytes
 * may load (and then predict identically); a resealed mutant that loads must be a registered estimator. A resealed
 * file is a deliberate forgery (its checksum recomputed), which only a signature can refuse: the loader guarantees it
 * builds nothing but registered classes, but their state may then be inconsistent, so its prediction is run too and
 * may fail with any error (counted, not asserted) as long as the process survives it. A crash, a hang or an uncoded
 * load error fails the test. A signed seed is loaded with its public key: there, no changed file may load at all.
 * More by hand: SOVEREIGN_APR_FUZZ_MUTANTS=20000 npx jest test/aprender/model-file/fuzz.test.ts
 */
import { generateKeyPairSync } from 'node:crypto';
import {
  GaussianNB, KMeans, load, LogisticRegression, makePipeline, registeredEstimators, Ridge, SimpleImputer, StandardScaler, type Estimator, type LoadOptions,
} from '../../../lib/aprender';
import { Tensor } from '../../../lib/trueno';
import { aprMutant } from '../../fuzz/mutate';
import { loadSplit } from '../reference/data';
import { reseal } from './craft';

const MUTANTS = Number(process.env.SOVEREIGN_APR_FUZZ_MUTANTS ?? 1000);
const iris = loadSplit('iris');
const X = iris.XTest;
const created = new Date('2026-01-01T00:00:00Z');

const signer = generateKeyPairSync('ed25519');
const key = new Uint8Array(32).fill(7);

const SEEDS: [string, () => Uint8Array, LoadOptions?][] = [
  ['logistic.apr', () => new LogisticRegression().fit(iris.XTrain, iris.yTrain).toBytes({ created, metrics: { accuracy: 1 } })],
  ['pipeline-raw.apr', () => makePipeline(new SimpleImputer(), new StandardScaler(), new Ridge()).fit(iris.XTrain, Float64Array.from(iris.yTrain)).toBytes({ created, compression: 'none' })],
  ['kmeans-raw.apr', () => new KMeans({ nClusters: 3, randomState: 0, nInit: 1 }).fit(iris.XTrain).toBytes({ created, compression: 'none' })],
  ['gaussian-nb-raw.apr', () => new GaussianNB().fit(iris.XTrain, Array.from(iris.yTrain, (v) => ['a', 'b', 'c'][v])).toBytes({ created, compression: 'none', modelCard: 'fuzz' })],
  ['scaler.apr', () => new StandardScaler().fit(iris.XTrain).toBytes({ created })],
  ['ridge-signed-encrypted.apr', () => new Ridge().fit(iris.XTrain, Float64Array.from(iris.yTrain)).toBytes({ created, key, privateKey: signer.privateKey }),
    { key, publicKey: signer.publicKey }],
];

function predictOf(m: Estimator): unknown {
  const e = m as unknown as Record<string, (X: unknown) => unknown>;
  const method = ['predict', 'transform'].find((k) => typeof e[k] === 'function');
  const out = method === undefined ? undefined : e[method](X);
  return out instanceof Tensor ? Array.from(out.data as ArrayLike<number>) : out;
}

type Outcome = 'refused' | 'loaded-identical' | 'loaded-resealed' | 'loaded-resealed-predict-coded-error' | 'loaded-resealed-predict-other-error';

function attempt(bytes: Uint8Array, resealed: boolean, seed: Uint8Array, want: unknown, id: string, options: LoadOptions): Outcome {
  let model: Estimator;
  try {
    model = load(bytes, options);
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (typeof code !== 'string' || !code.startsWith('ERR_APRENDER_MODEL_')) throw new Error(`${id}${resealed ? ' (resealed)' : ''}: uncoded error ${(e as Error)?.stack ?? String(e)}`);
    return 'refused';
  }
  if (!registeredEstimators().includes(model.constructor.name)) throw new Error(`${id}: loaded an unregistered ${model.constructor.name}`);
  const sameBody = bytes.length === seed.length && Buffer.from(bytes.subarray(0, -4)).equals(Buffer.from(seed.subarray(0, -4)));
  if (options.publicKey !== undefined && !sameBody) throw new Error(`${id}: a changed file loaded despite its signature`);
  if (!resealed) {
    if (!Buffer.from(bytes).equals(Buffer.from(seed))) throw new Error(`${id}: changed bytes loaded despite the checksum`);
    expect(predictOf(model)).toEqual(want);
    return 'loaded-identical';
  }
  try {
    predictOf(model);
  } catch (e) {
    return typeof (e as { code?: unknown }).code === 'string' ? 'loaded-resealed-predict-coded-error' : 'loaded-resealed-predict-other-error';
  }
  return 'loaded-resealed';
}

test(`${MUTANTS} mutants of each of ${SEEDS.length} model files load identically or fail with a coded error`, () => {
  const counts: Record<string, number> = {};
  for (const [name, make, options = {}] of SEEDS) {
    const seed = make();
    const want = predictOf(load(seed, options));
    for (let i = 0; i < MUTANTS; i++) {
      const m = aprMutant(name, seed, i);
      for (const resealed of [false, true]) {
        const outcome = attempt(resealed ? reseal(m.bytes) : m.bytes, resealed, seed, want, `${m.id} (${m.description})`, options);
        counts[outcome] = (counts[outcome] ?? 0) + 1;
      }
    }
  }
  console.log(`apr fuzz: ${JSON.stringify(counts)}`);
  expect(counts.refused).toBeGreaterThan(MUTANTS * SEEDS.length);
});
