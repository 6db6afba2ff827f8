/**
 * The served models by name. A new version is built beside the old one and swapped in with one Map write, so a
 * request sees either version whole; a request holds the version it started on (its own reference), so in-flight
 * requests finish on the old one. `ready` turns true once every configured source has loaded once.
 */
import { HttpError } from './errors';
import type { ServedModel } from './model';

/** The served models. */
export class ModelStore {
  private readonly models = new Map<string, ServedModel>();
  private pendingSources: number;
  /** The name /predict answers for when it is not given (the only model, or the configured default). */
  defaultName: string | undefined;

  /** @param sources - how many sources must load before the store is ready */
  constructor(sources: number) {
    this.pendingSources = sources;
  }

  /** Whether every source has loaded (and there is a model). */
  get ready(): boolean {
    return this.pendingSources === 0 && this.models.size > 0;
  }

  /** A source finished its first load. */
  sourceLoaded(): void {
    if (this.pendingSources > 0) this.pendingSources--;
  }

  /**
   * Serves a model (a new name, or a new version of one: swapped atomically).
   * @param model - the loaded version
   * @returns the version it replaces, if any
   */
  put(model: ServedModel): ServedModel | undefined {
    const old = this.models.get(model.name);
    this.models.set(model.name, model);
    return old;
  }

  /**
   * Stops serving a name (its file was removed).
   * @param name - the served name
   * @returns whether it was served
   */
  remove(name: string): boolean {
    return this.models.delete(name);
  }

  /** The served names, sorted. */
  names(): string[] {
    return [...this.models.keys()].sort();
  }

  /** Every served version. */
  all(): ServedModel[] {
    return this.names().map((n) => this.models.get(n)!);
  }

  /** A model by name, if served. */
  find(name: string): ServedModel | undefined {
    return this.models.get(name);
  }

  /**
   * The model a request names (or the default one).
   * @param name - the name from the URL, or undefined for /predict
   * @returns the model
   * @throws HttpError 503 before the first load, 404 for an unknown name, 400 when several are served and none named
   */
  get(name: string | undefined): ServedModel {
    if (!this.ready && this.models.size === 0) throw new HttpError('ERR_REALIZAR_NOT_READY', 'No model is loaded yet', { retryAfter: 1 });
    if (name === undefined) {
      const only = this.models.size === 1 ? this.models.values().next().value : undefined;
      if (this.defaultName !== undefined) {
        const chosen = this.models.get(this.defaultName);
        if (chosen === undefined) throw new HttpError('ERR_REALIZAR_MODEL_NOT_FOUND', `Expected the default model '${this.defaultName}' to be served but it is not (served: ${this.names().join(', ')})`);
        return chosen;
      }
      const chosen = only;
      if (chosen === undefined) {
        throw new HttpError('ERR_REALIZAR_BAD_REQUEST', `Expected a model name in the path (/predict/:name) since several models are served: ${this.names().join(', ')}`);
      }
      return chosen;
    }
    const m = this.models.get(name);
    if (m === undefined) throw new HttpError('ERR_REALIZAR_MODEL_NOT_FOUND', `Expected one of the served models (${this.names().join(', ') || 'none'}) but received '${name}'`, { field: 'name' });
    return m;
  }
}
