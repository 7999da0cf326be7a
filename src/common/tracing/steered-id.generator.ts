import { RandomIdGenerator, type IdGenerator } from '@opentelemetry/sdk-trace-node';

/** Ids the next span started inside {@link withSpanIds} takes. */
interface SteeredIds {
  readonly traceId?: string;
  readonly spanId: string;
}

let steered: SteeredIds | undefined;

/**
 * The SDK's id generator, which a caller can steer for one span. An execution's spans are written
 * after the fact, often in another process than the one that started them, with ids fixed
 * earlier (the root span's id persisted on the execution, a state's id derived from its entered
 * event), so that spans written meanwhile could already name them as parent. Steering the
 * generator keeps every span on the SDK's ordinary path (sampler, limits, processors, exporter).
 */
export class SteeredIdGenerator implements IdGenerator {
  private readonly random = new RandomIdGenerator();

  generateTraceId(): string {
    return steered?.traceId ?? this.random.generateTraceId();
  }

  generateSpanId(): string {
    return steered?.spanId ?? this.random.generateSpanId();
  }
}

/**
 * Runs `start` (which must start exactly one span, synchronously) with the ids the span takes.
 * The trace id is only used for a root span: a child takes its parent's.
 */
export function withSpanIds<T>(ids: SteeredIds, start: () => T): T {
  steered = ids;
  try {
    return start();
  } finally {
    steered = undefined;
  }
}
