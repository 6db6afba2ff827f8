/** aprender's metrics, as sklearn.metrics. @packageDocumentation */
export {
  accuracyScore, balancedAccuracyScore, confusionMatrix, precisionRecallFscoreSupport, precisionScore, recallScore,
  f1Score, fbetaScore, type Average, type Normalize, type PRFOptions, type PRFSupport, type ZeroDivision,
} from './classification';
export { classificationReport, type ReportDict, type ReportOptions, type ReportRow } from './report';
export { logLoss } from './log-loss';
export {
  rocCurve, rocAucScore, precisionRecallCurve, averagePrecisionScore, type CurveOptions, type PrecisionRecallCurve,
  type RocAucOptions, type RocCurve,
} from './ranking';
export {
  r2Score, explainedVarianceScore, meanSquaredError, rootMeanSquaredError, meanAbsoluteError,
  meanAbsolutePercentageError, medianAbsoluteError, type MultiOutput, type RegressionOptions, type Scalar,
} from './regression';
export {
  silhouetteSamples, silhouetteScore, adjustedRandScore, mutualInfoScore, normalizedMutualInfoScore,
  type AverageMethod, type SilhouetteOptions,
} from './cluster';
export type { Label } from './inputs';
