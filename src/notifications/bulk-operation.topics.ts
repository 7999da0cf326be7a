import { defineTopic, type Topic } from './pub-sub.topic.js';

/** A batch of a bulk operation committed: its progress (or its end) is to be read again. */
export interface BulkOperationNotice {
  readonly operationId: string;
}

/** Progress of one bulk operation. */
export function bulkOperationTopic(operationId: string): Topic<BulkOperationNotice> {
  return defineTopic(`bulk-operation.${operationId}.progress`);
}
