/** Where a request came from: what services pass on to their checks and audit rows. */
export interface RequestOrigin {
  readonly ip: string | undefined;
  readonly requestId: string;
}
