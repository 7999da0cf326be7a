/**
 * Starts OpenTelemetry's Node SDK when an OTLP endpoint is configured, and nothing otherwise: the
 * code only ever calls `@opentelemetry/api`, whose no-op implementation costs next to nothing.
 * The standard variables decide the rest, read by the SDK itself: `OTEL_EXPORTER_OTLP_PROTOCOL`
 * (`http/protobuf` by default, or `http/json`), `OTEL_TRACES_SAMPLER` and `_ARG`, `OTEL_BSP_*`,
 * `OTEL_RESOURCE_ATTRIBUTES`. No auto-instrumentation: Stepgraph makes its own spans.
 */
import { context, propagation, ProxyTracerProvider, trace } from '@opentelemetry/api';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { SteeredIdGenerator } from '../../common/tracing/steered-id.generator.js';
import { setTracingEnabled, tracingEnabled } from '../../common/tracing/tracing.switch.js';

const DEFAULT_SERVICE_NAME = 'stepgraph';

/** A running SDK. */
export interface Tracing {
  /** Exports every span ended so far. */
  flush(): Promise<void>;
  /** Exports what is left and stops. */
  shutdown(): Promise<void>;
}

/** Whether `env` configures an OTLP endpoint for traces. */
export function tracingConfigured(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

/**
 * Starts the SDK if `env` configures an endpoint; undefined (and nothing started) if not. The SDK
 * itself reads its settings from `process.env`.
 */
export function startTracing(env: NodeJS.ProcessEnv = process.env): Tracing | undefined {
  if (!tracingConfigured(env) || tracingEnabled()) return undefined;
  const sdk = new NodeSDK({
    serviceName: env.OTEL_SERVICE_NAME || DEFAULT_SERVICE_NAME,
    idGenerator: new SteeredIdGenerator(),
    instrumentations: [],
    // Traces only: metrics are /metrics (Prometheus), logs are pino's lines.
    metricReaders: [],
    logRecordProcessors: [],
  });
  sdk.start();
  setTracingEnabled(true);
  return {
    flush: async () => {
      const provider = trace.getTracerProvider();
      const delegate = provider instanceof ProxyTracerProvider ? provider.getDelegate() : provider;
      if ('forceFlush' in delegate && typeof delegate.forceFlush === 'function')
        await (delegate.forceFlush as () => Promise<void>)();
    },
    shutdown: async () => {
      setTracingEnabled(false);
      await sdk.shutdown();
      // Unregistered, so that a later start (a test's second SDK) registers its own.
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}
