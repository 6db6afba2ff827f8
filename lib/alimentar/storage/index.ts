/** Storage backends: local folder, S3-compatible object stores and read-only HTTP(S). */
export type { ObjectInfo, ObjectStream, PutOptions, Storage, TransferOptions } from './types';
export { LocalStorage } from './local';
export { S3Storage, parseS3Url, type S3Options } from './s3';
export { HttpStorage, type HttpOptions } from './http';
export { openStorage, type OpenStorageOptions } from './open';
export {
  StorageError, NetworkError, AuthError, NoSuchBucketError, PreconditionFailedError, ReadOnlyStorageError, HttpError,
} from './errors';
