/**
 * AgglomerativeClustering against scikit-learn 1.9 on iris and wine (train rows): identical labels, merge tree
 * (children_) and merge distances for ward, complete, average (euclidean and manhattan) and single linkage, on every
 * backend; the distanceThreshold cut; bad input.
 */
import { AgglomerativeClustering } from '../../../lib/aprender';
import { setBackend } from '../../../lib/trueno';
import { loadSplit, type DatasetName } from '../reference/data';
import { samePartition, sk } from './helpers';

const CASES = [
  ['ward', 'euclidean'], ['complete', 'euclidean'], ['average', 'euclidean'], ['single', 'euclidean'], ['average', 'manhattan'],
] as const;
afterAll(() => setBackend('native'));

describe.each(['native', 'wasm', 'js'] as const)('%s backend', (backend) => {
  beforeAll(() => setBackend(backend));
  describe.each(CASES)('%s linkage, %s', (linkage, metric) => {
    test.each(['iris', 'wine'] as DatasetName[])('%s: the same tree and labels as scikit-learn', (name) => {
      const ref = sk[`AgglomerativeClustering.${linkage}${metric === 'manhattan' ? '.manhattan' : ''}`][name] as Record<string, number[] | number[][]>;
      const ag = new AgglomerativeClustering({ nClusters: 3, linkage, metric, computeDistances: true }).fit(loadSplit(name).XTrain);
      expect(Array.from(ag.labels_ as Int32Array)).toEqual(ref.labels);
      expect(samePartition(ag.labels_ as Int32Array, ref.labels as number[])).toBe(true);
      expect(Array.from(ag.children_?.data as Int32Array)).toEqual((ref.children as number[][]).flat());
      const dist = ag.distances_?.data as Float64Array;
      (ref.distances as number[]).forEach((v, i) => expect(Math.abs(dist[i] - v)).toBeLessThanOrEqual(1e-9 * Math.max(1, v)));
      expect(ag.nLeaves_).toBe(ref.labels.length);
    });
  });
});

describe('AgglomerativeClustering behaviour', () => {
  const { XTrain } = loadSplit('iris');

  test('distanceThreshold cuts where merges reach it', () => {
    const ref = sk['AgglomerativeClustering.threshold'].iris as Record<string, number[] | number>;
    const ag = new AgglomerativeClustering({ nClusters: null, distanceThreshold: 10 }).fit(XTrain);
    expect(ag.nClusters_).toBe(ref.n_clusters);
    expect(Array.from(ag.labels_ as Int32Array)).toEqual(ref.labels);
    expect(ag.distances_?.size).toBe(XTrain.shape[0] - 1);
  });

  test('precomputed distances give the tree of the points', () => {
    const x = [[0, 0], [0, 1], [4, 0], [4, 2], [9, 9], [1, 7]];
    const dm = x.map((a) => x.map((b) => Math.hypot(a[0] - b[0], a[1] - b[1])));
    const a = new AgglomerativeClustering({ nClusters: 2, linkage: 'complete' }).fit(x);
    const b = new AgglomerativeClustering({ nClusters: 2, linkage: 'complete', metric: 'precomputed' }).fit(dm);
    expect(Array.from(b.labels_ as Int32Array)).toEqual(Array.from(a.labels_ as Int32Array));
    expect(a.distances_).toBeUndefined();
  });

  test.each([
    ['both nClusters and distanceThreshold', () => new AgglomerativeClustering({ nClusters: 2, distanceThreshold: 1 }).fit([[1], [2]]), /Expected exactly one of nClusters and distanceThreshold to be null/, 'ERR_APRENDER_PARAM'],
    ['ward with manhattan', () => new AgglomerativeClustering({ metric: 'manhattan' }).fit([[1], [2]]), /Expected metric 'euclidean' for linkage 'ward'/, 'ERR_APRENDER_PARAM'],
    ['more clusters than samples', () => new AgglomerativeClustering({ nClusters: 3 }).fit([[1], [2]]), /Expected at most 2 clusters/, 'ERR_APRENDER_RANGE'],
    ['one sample', () => new AgglomerativeClustering({ nClusters: 1 }).fit([[1, 2]]), /Expected at least 2 sample\(s\) for X/, 'ERR_APRENDER_RANGE'],
    ['a zero row with cosine', () => new AgglomerativeClustering({ linkage: 'average', metric: 'cosine' }).fit([[1, 2], [0, 0], [2, 1]]), /row 1 is all zeros/, 'ERR_APRENDER_RANGE'],
    ['a non-square precomputed matrix', () => new AgglomerativeClustering({ linkage: 'single', metric: 'precomputed' }).fit([[0, 1, 2], [1, 0, 3]]), /Expected a square distance matrix/, 'ERR_APRENDER_RANGE'],
    ['a bad linkage', () => new AgglomerativeClustering({ linkage: 'centroid' as never }).fit([[1], [2]]), /'ward', 'complete', 'average', 'single' for the linkage parameter/, 'ERR_APRENDER_PARAM'],
  ])('%s', (_label, fn, message, code) => {
    expect(fn).toThrow(message as RegExp);
    expect(fn).toThrow(expect.objectContaining({ code }));
  });
});
