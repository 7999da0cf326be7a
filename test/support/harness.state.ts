import type { BackgroundProcess } from './background-process.js';

/** Where global-setup leaves what global-teardown must stop (both run in Jest's main process). */
export const HARNESS = Symbol.for('stepgraph.test.harness');

export interface Harness {
  postgres?: BackgroundProcess<string>;
  redis?: BackgroundProcess<string>;
  /** The run's migrated template database, on DATABASE_URL's server. */
  templateDatabase?: string;
  folders: string[];
  /** Files and folders of the run that go whatever happened (the service build). */
  removals?: string[];
}
