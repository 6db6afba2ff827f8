/** aprender's model selection, as sklearn.model_selection. @packageDocumentation */
export { trainTestSplit, type TrainTestSplitOptions } from './train-test-split';
export { KFold, StratifiedKFold, GroupKFold } from './k-fold';
export { ShuffleSplit, StratifiedShuffleSplit, type ShuffleSplitOptions, type ShuffleSplitSettings } from './shuffle-split';
export type { Splitter, TrainTest, KFoldOptions, KFoldSettings } from './splitter';
export { getScorer, scorerNames, type Scorer, type Scoring } from './scoring';
export {
  crossValidate, crossValScore, learningCurve, validationCurve, type CV, type CVOptions, type CrossValidateOptions,
  type CrossValidateResult, type LearningCurve, type LearningCurveOptions,
} from './cross-validation';
export { uniform, loguniform, randint, type Distribution, type ParamGrid } from './parameters';
export {
  GridSearchCV, RandomizedSearchCV, type BaseSearchCV, type CVResults, type GridSearchCVParams, type PredictMethod, type RandomizedSearchCVParams,
  type SearchParams,
} from './search';
