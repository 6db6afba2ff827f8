/** Import of Hugging Face Hub datasets (Parquet files) over the Hub's HTTP API. */
export { importHf, type HfImportOptions, type HfImportResult, type HfImportedFile } from './hub';
