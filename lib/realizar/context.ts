/** What every route of one server shares. */
import type { WorkerPool } from '../common/worker-pool';
import type { ServerMetrics } from './metrics';
import type { ResolvedOptions } from './options';
import type { PredictJob, PredictReply } from './predict-pool';
import type { ModelStore } from './store';

/** The state of one server. */
export interface ServerContext {
  options: ResolvedOptions;
  store: ModelStore;
  metrics: ServerMetrics;
  /** The predict workers, or null to predict on the event loop only. */
  pool: WorkerPool<PredictJob, PredictReply> | null;
  /** Predictions in flight (the concurrency limit's count). */
  predicting: number;
  /** A prediction ended (success, error or past its deadline). */
  predictDone(): void;
  /** close() was called: new predictions get 503. */
  closing: boolean;
}
