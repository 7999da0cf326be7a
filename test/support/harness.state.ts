import type { BackgroundProcess } from './background-process.js';

/** Where global-setup leaves what global-teardown must stop (both run in Jest's main process). */
export const HARNESS = Symbol.for('stepgraph.test.harness');

export interface Harness {
  postgres?: BackgroundProcess<string>;
  redis?: BackgroundProcess<string>;
  folders: string[];
}
