/**
 * Whether this process records spans: set by the SDK's start (src/observability/tracing). Code that
 * would do work only to describe spans (the engine's state spans) asks first, so that tracing off
 * costs a boolean test.
 */
let enabled = false;

export function tracingEnabled(): boolean {
  return enabled;
}

export function setTracingEnabled(on: boolean): void {
  enabled = on;
}
