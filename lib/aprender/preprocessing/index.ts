export { StandardScaler, type StandardScalerParams } from './standard-scaler';
export { MinMaxScaler, type MinMaxScalerParams } from './min-max-scaler';
export { MaxAbsScaler, type MaxAbsScalerParams } from './max-abs-scaler';
export { RobustScaler, type RobustScalerParams } from './robust-scaler';
export { Normalizer, type NormalizerParams } from './normalizer';
