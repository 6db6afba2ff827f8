/** aprender's metrics, as sklearn.metrics. @packageDocumentation */
export { accuracyScore } from './classification';
export { r2Score, type MultiOutput } from './regression';
