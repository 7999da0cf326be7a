/**
 * Test seam: decides whether a notification reaches the broker. Tests drop one on purpose to play
 * a lost Redis message (docs/testing.md R5; the subscription gap-filling tests); production never
 * installs a filter, and the default lets everything through.
 */
export type PublishFilter = (topicName: string, payload: unknown) => boolean;

const PASS_ALL: PublishFilter = () => true;

let publishFilter: PublishFilter = PASS_ALL;

/**
 * Installs `filter` for this process (tests only); `undefined` restores the default. A dropped
 * notification is reported to the publisher as sent: a message lost after the broker took it.
 */
export function setPublishFilter(filter: PublishFilter | undefined): void {
  publishFilter = filter ?? PASS_ALL;
}

/** Whether a notification may be published; true unless a test installed a filter that drops it. */
export function passesPublishFilter(topicName: string, payload: unknown): boolean {
  return publishFilter(topicName, payload);
}
