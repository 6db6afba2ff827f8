/**
 * The Pipeline converter: the steps' graphs chained into one graph, each reading what the previous produced;
 * 'passthrough' steps add nothing.
 */
import type { Estimator } from '../../base/estimator';
import { typeError } from '../../errors';
import type { Pipeline, PipelineStep } from '../../pipeline/pipeline';
import { converterFor, registerConverter, type Converted, type Variable } from '../registry';

/** The fitted estimator steps, passthrough left out. */
function estimatorSteps(model: Pipeline): Estimator[] {
  return (model.steps_ as [string, PipelineStep][]).map(([, s]) => s).filter((s): s is Estimator => s !== 'passthrough');
}

registerConverter<Pipeline>('Pipeline', {
  convert: (model, input, ctx) => {
    let current: Variable = input;
    let out: Converted = { kind: 'transform', value: input };
    for (const step of estimatorSteps(model)) {
      if (out.kind !== 'transform') throw typeError(`Expected only transformers before the last step of a Pipeline but ${step.constructor.name} follows a final estimator`);
      out = ctx.convert(step, current);
      if (out.kind === 'transform') current = out.value;
    }
    return out;
  },
  inputType: (model, precision) => {
    const first = estimatorSteps(model)[0];
    return first === undefined ? precision : converterFor(first).inputType?.(first, precision) ?? precision;
  },
});
