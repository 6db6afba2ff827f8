/**
 * sovereign-ai: the Sovereign AI Stack for JavaScript. Each part is also its own subpath export
 * (`sovereign-ai/trueno`, ...); this entry re-exports them under their part names.
 * @packageDocumentation
 */
export * as trueno from './trueno';
export * as alimentar from './alimentar';
export * as aprender from './aprender';
export * as truenoDb from './trueno-db';
export * as realizar from './realizar';
export * as truenoGraph from './trueno-graph';
