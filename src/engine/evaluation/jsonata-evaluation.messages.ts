import type { Json, JsonataEvaluation } from '../../asl/index.js';

/** One JSONata evaluation sent to a worker thread. */
export interface JsonataEvaluationRequest {
  readonly id: number;
  readonly evaluation: JsonataEvaluation;
  /** The evaluation's time budget, and when it started counting (epoch ms): the wait counts. */
  readonly timeoutMs: number;
  readonly since: number;
  readonly maxResultBytes: number;
}

/** The worker's answer: the result, or the cause of the `States.QueryEvaluationError` to raise. */
export type JsonataEvaluationResponse =
  { readonly id: number; readonly result: Json } | { readonly id: number; readonly failure: string };
