/**
 * sovereign-ai in a web page: every part that runs in a browser, under its part name, each as its own browser entry
 * has it (`sovereign-ai/trueno` ...): trueno, alimentar, aprender, trueno-db (in memory) and trueno-graph. realizar is
 * absent: it is a model server (an HTTP listener, processes, files), which a page cannot be. `await trueno.ready()`
 * once before the first op compiles the WASM core (`await alimentar.ready()` also compiles the Parquet codec).
 * @packageDocumentation
 */
export * as trueno from './trueno';
export * as alimentar from './alimentar';
export * as aprender from './aprender';
export * as truenoDb from './trueno-db';
export * as truenoGraph from './trueno-graph';
