/**
 * Pipeline and makePipeline: a chain of transformers ending in any estimator, itself an estimator (scikit-learn's
 * Pipeline). fit fits a clone of each step on the output of the steps before it and keeps the fitted clones in
 * `steps_` (the steps given stay unfitted templates, so one set of options can build many pipelines); predict,
 * transform, predictProba, ... run X through the fitted transformers and call the last step's method. Each of these
 * methods exists only when the last step has it (scikit-learn's available_if), so `pipe.predict` is undefined for a
 * pipeline of transformers: call them as `pipe.predict!(X)` in TypeScript.
 */
import type { Tensor } from '../../trueno/tensor';
import { shapeOf } from '../base/columns';
import { DEFAULT_TAGS, Estimator, type EstimatorTags, type FitOptions } from '../base/estimator';
import type { MatrixLike, TargetLike } from '../base/input';
import type { ScoreOptions } from '../base/kinds';
import { custom } from '../base/params';
import { registerEstimators } from '../base/registry';
import { isEstimator } from '../base/state';
import { rangeError, typeError } from '../errors';
import { isNamedList, namedParams, setNamedParams } from './named';

/** A step: an estimator, or 'passthrough' (the identity). */
export type PipelineStep = Estimator | 'passthrough';

/** Pipeline's hyperparameters. */
export interface PipelineParams {
  /** The steps, [name, estimator] in order; every step but the last transforms; names are unique, without '__'. */
  steps: [string, PipelineStep][];
}

/** What a delegated prediction gives: labels, values, or cluster labels. */
export type PipelineOutput = Tensor | string[] | Int32Array;
/** A delegated method: X in, the last step's output out. */
export type PipelineMethod = (X: MatrixLike) => PipelineOutput;
type Caller = Record<string, ((...a: unknown[]) => unknown) | undefined>;

function has(step: PipelineStep | undefined, method: string): boolean {
  return step === 'passthrough' || (isEstimator(step) && typeof (step as unknown as Caller)[method] === 'function');
}

function call<T>(step: Estimator, method: string, ...args: unknown[]): T {
  return ((step as unknown as Caller)[method] as (...a: unknown[]) => T)(...args);
}

/**
 * A sequence of transformers with a final estimator, fitted and applied as one estimator.
 * Learned: `steps_` (the fitted clones of the steps, [name, estimator]).
 * @example
 * const pipe = new Pipeline({ steps: [['scale', new StandardScaler()], ['clf', new LogisticRegression()]] });
 * pipe.fit(XTrain, yTrain).score!(XTest, yTest);
 * pipe.setParams({ clf__C: 10 });
 */
export class Pipeline extends Estimator<PipelineParams> {
  static override readonly params = {
    steps: [custom("an array of [name, estimator or 'passthrough'] steps with unique names without '__'", (v) => isNamedList(v, ['passthrough'], 2)), []],
  } as const;

  /** The fitted steps. */
  steps_?: [string, PipelineStep][];

  /** Tags from the steps: the kind of the last, what X may be from the first. */
  override get tags(): EstimatorTags {
    const steps = this.params.steps;
    const ests = Array.isArray(steps) ? steps.map((s) => s?.[1]).filter(isEstimator) : [];
    if (ests.length === 0) return { ...DEFAULT_TAGS, kind: 'meta' };
    const last = steps[steps.length - 1]?.[1];
    const lastTags = isEstimator(last) ? last.tags : { ...DEFAULT_TAGS, kind: 'transformer' as const };
    return {
      ...DEFAULT_TAGS,
      kind: lastTags.kind,
      requiresY: ests.some((e) => e.tags.requiresY),
      allowNaN: ests[0].tags.allowNaN,
      nonNegative: ests[0].tags.nonNegative,
      input: ests[0].tags.input === 'categorical' ? 'categorical' : 'matrix',
      randomized: ests.some((e) => e.tags.randomized),
      multiOutput: lastTags.multiOutput,
      tolerance: Math.max(...ests.map((e) => e.tags.tolerance)),
    };
  }

  /**
   * The hyperparameters; with `deep` (default) also each step by name and its parameters as `name__param`.
   * @param deep - include the steps' parameters
   * @returns a fresh object
   */
  override getParams(deep = true): PipelineParams & Record<string, unknown> {
    const out = super.getParams(false);
    return deep && Array.isArray(this.params.steps) ? { ...out, ...namedParams(this.params.steps) } : out;
  }

  /**
   * Sets hyperparameters: `steps`, a step by name (`{ clf: new Ridge() }`) or a step's parameter (`clf__alpha`).
   * @param params - the new values
   * @returns this
   * @throws ParamError for an unknown name
   */
  override setParams(params: Partial<PipelineParams> & Record<string, unknown>): this {
    const { steps, ...others } = params;
    if (steps !== undefined) super.setParams({ steps });
    const { entries, rest } = setNamedParams(this.params.steps ?? [], others, 'Pipeline');
    this.params.steps = entries as [string, PipelineStep][];
    return super.setParams(rest);
  }

  /** The steps by name: the fitted ones after fit, else the given ones. */
  get namedSteps(): Record<string, PipelineStep> {
    return Object.fromEntries(this.steps_ ?? this.params.steps);
  }

  /** The last step's classes (a classifier's labels, sorted) once fitted; undefined otherwise. */
  get classes_(): number[] | string[] | undefined {
    const last = this.steps_?.[this.steps_.length - 1]?.[1];
    return isEstimator(last) ? (last as { classes_?: number[] | string[] }).classes_ : undefined;
  }

  private lastStep(): PipelineStep | undefined {
    const steps = this.params.steps;
    return Array.isArray(steps) ? steps[steps.length - 1]?.[1] : undefined;
  }

  private allHave(method: string): boolean {
    return Array.isArray(this.params.steps) && this.params.steps.every(([, s]) => has(s, method));
  }

  protected fitImpl(X: unknown, y: unknown, options: FitOptions): void {
    const steps = this.params.steps;
    steps.slice(0, -1).forEach(([name, s]) => {
      if (s !== 'passthrough' && !has(s, 'transform')) throw typeError(`Expected every step but the last of a Pipeline to transform but step '${name}' (${s.constructor.name}) has no transform`);
    });
    this.checkFeatures(shapeOf(X), true);
    let Xt: unknown = X;
    const fitted: [string, PipelineStep][] = [];
    steps.forEach(([name, s], i) => {
      if (s === 'passthrough') {
        fitted.push([name, s]);
        return;
      }
      const est = s.clone();
      // sample weights reach the final estimator only (scikit-learn routes them by step name, this has one option)
      if (i === steps.length - 1) est.fit(Xt as MatrixLike, y as TargetLike, options);
      else Xt = has(est, 'fitTransform') ? call(est, 'fitTransform', Xt, y) : call(call<Estimator>(est, 'fit', Xt, y), 'transform', Xt);
      fitted.push([name, est]);
      this.reportProgress({ iteration: i + 1, total: steps.length });
    });
    this.steps_ = fitted;
  }

  /** X through every fitted step but the last (all of them with `all`). */
  private through(X: unknown, all = false): unknown {
    this.ensureFitted();
    this.checkFeatures(shapeOf(X), false);
    const steps = this.steps_ as [string, PipelineStep][];
    let Xt = X;
    for (const [, s] of all ? steps : steps.slice(0, -1)) if (s !== 'passthrough') Xt = call(s, 'transform', Xt);
    return Xt;
  }

  private final(): PipelineStep {
    this.ensureFitted();
    const steps = this.steps_ as [string, PipelineStep][];
    return steps[steps.length - 1][1];
  }

  private delegate(method: string): PipelineMethod | undefined {
    if (!has(this.lastStep(), method) || this.lastStep() === 'passthrough') return undefined;
    return (X: MatrixLike) => {
      const Xt = this.through(X);
      return call<PipelineOutput>(this.final() as Estimator, method, Xt);
    };
  }

  /** The last step's predict on X run through the transformers (when the last step predicts). */
  get predict(): PipelineMethod | undefined {
    return this.delegate('predict');
  }

  /** The last step's predictProba on the transformed X (when it has one). */
  get predictProba(): PipelineMethod | undefined {
    return this.delegate('predictProba');
  }

  /** The last step's predictLogProba on the transformed X (when it has one). */
  get predictLogProba(): PipelineMethod | undefined {
    return this.delegate('predictLogProba');
  }

  /** The last step's decisionFunction on the transformed X (when it has one). */
  get decisionFunction(): PipelineMethod | undefined {
    return this.delegate('decisionFunction');
  }

  /** X through every step (when every step transforms; 'passthrough' counts as one). */
  get transform(): ((X: MatrixLike) => Tensor) | undefined {
    if (!this.allHave('transform')) return undefined;
    return (X: MatrixLike) => this.through(X, true) as Tensor;
  }

  /** X back through every step's inverseTransform, last first (when every step has one). */
  get inverseTransform(): ((X: MatrixLike) => Tensor) | undefined {
    if (!this.allHave('inverseTransform')) return undefined;
    return (X: MatrixLike) => {
      this.ensureFitted();
      let Xt: unknown = X;
      for (const [, s] of [...(this.steps_ as [string, PipelineStep][])].reverse()) if (s !== 'passthrough') Xt = call(s, 'inverseTransform', Xt);
      return Xt as Tensor;
    };
  }

  /** Fits, then transforms X through every step (when every step transforms). */
  get fitTransform(): ((X: MatrixLike, y?: TargetLike, options?: FitOptions) => Tensor) | undefined {
    if (!this.allHave('transform')) return undefined;
    return (X, y, options) => {
      this.fit(X, y, options);
      return this.through(X, true) as Tensor;
    };
  }

  /** Fits and returns the last step's labels for X (when the last step has fitPredict: clusterers). */
  get fitPredict(): ((X: MatrixLike, y?: TargetLike, options?: FitOptions) => PipelineOutput) | undefined {
    if (!has(this.lastStep(), 'fitPredict') || this.lastStep() === 'passthrough') return undefined;
    return (X, y, options) => {
      this.fit(X, y, options);
      const last = this.final() as Estimator;
      const labels = (last as { labels_?: Int32Array }).labels_;
      return labels ?? call<PipelineOutput>(last, 'predict', this.through(X));
    };
  }

  /** The last step's score on the transformed X (accuracy for classifiers, R² for regressors). */
  get score(): ((X: MatrixLike, y: TargetLike, options?: ScoreOptions) => number) | undefined {
    if (!has(this.lastStep(), 'score') || this.lastStep() === 'passthrough') return undefined;
    return (X, y, options) => call<number>(this.final() as Estimator, 'score', this.through(X), y, options ?? {});
  }

  /**
   * The names of the output columns: the input names passed through each step's getFeatureNamesOut.
   * @param inputFeatures - the input names (default: those seen at fit, else x0, x1, ...)
   * @returns one name per output column
   * @throws NotFittedError before fit; TypeError when a step cannot name its outputs
   */
  getFeatureNamesOut(inputFeatures?: readonly string[]): string[] {
    this.ensureFitted();
    let names: string[] | undefined = inputFeatures ? [...inputFeatures] : this.featureNamesIn_;
    for (const [name, s] of this.steps_ as [string, PipelineStep][]) {
      if (s === 'passthrough') continue;
      if (!has(s, 'getFeatureNamesOut')) throw typeError(`Expected every step to name its output features but step '${name}' (${s.constructor.name}) has no getFeatureNamesOut`);
      names = call<string[]>(s, 'getFeatureNamesOut', names);
    }
    return names ?? Array.from({ length: this.nFeaturesIn_ as number }, (_, j) => `x${j}`);
  }
}

/**
 * A Pipeline whose step names are the lower-cased class names (numbered -1, -2, ... where a class repeats), as
 * scikit-learn's make_pipeline.
 * @param steps - the estimators (or 'passthrough'), in order
 * @returns the pipeline
 * @throws RangeError for no steps
 * @example const pipe = makePipeline(new StandardScaler(), new PCA({ nComponents: 2 }));
 */
export function makePipeline(...steps: PipelineStep[]): Pipeline {
  if (steps.length === 0) throw rangeError('Expected at least one step for makePipeline but received none');
  const base = steps.map((s) => (s === 'passthrough' ? 'passthrough' : String(s?.constructor?.name).toLowerCase()));
  const seen = new Map<string, number>();
  const named = steps.map((s, i): [string, PipelineStep] => {
    const repeats = base.filter((b) => b === base[i]).length > 1;
    const k = (seen.get(base[i]) ?? 0) + 1;
    seen.set(base[i], k);
    return [repeats ? `${base[i]}-${k}` : base[i], s];
  });
  return new Pipeline({ steps: named });
}

registerEstimators(Pipeline);
