export { Pipeline, makePipeline, type PipelineParams, type PipelineStep } from './pipeline';
export { ColumnTransformer, type ColumnTransformerParams, type ColumnSelection, type ColumnStep } from './column-transformer';
