export { Pipeline, makePipeline, type PipelineParams, type PipelineStep, type PipelineMethod, type PipelineOutput } from './pipeline';
export { ColumnTransformer, type ColumnTransformerParams, type ColumnSelection, type ColumnStep } from './column-transformer';
