/**
 * Model files (`.apr`): save a fitted estimator, ship it, load it in Node or a browser with the same predictions.
 * docs/model-file-format.md describes the layout byte by byte.
 */
export { toBytes, save, libraryVersion, type SaveOptions, type SaveResult } from './write';
export { load, loadAsync, inspectModel, type LoadOptions, type ModelFileInfo, type ModelSource } from './read';
export type { ModelMetadata } from './metadata';
export type { PublicKeyInput, PrivateKeyInput } from './crypto';
export { FORMAT_MAJOR, FORMAT_MINOR } from './layout';
