/**
 * A small OTLP/HTTP trace receiver (`POST /v1/traces`) for tests: it decodes `http/json` bodies
 * and `http/protobuf` ones (ExportTraceServiceRequest, read with the few wire-format rules it
 * needs) into one plain shape, and keeps every span it received.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

type AttributeValue = string | number | boolean;

/** A span as the receiver got it, whatever the protocol. Ids are lower-case hex. */
export interface ReceivedSpan {
  readonly traceId: string;
  readonly spanId: string;
  /** Empty for a root span. */
  readonly parentSpanId: string;
  readonly name: string;
  /** OTLP's SpanKind: 1 internal, 2 server, 3 client. */
  readonly kind: number;
  readonly startMs: number;
  readonly endMs: number;
  readonly attributes: Readonly<Record<string, AttributeValue>>;
  readonly links: readonly { readonly traceId: string; readonly spanId: string }[];
  /** OTLP's status code: 0 unset, 1 ok, 2 error. */
  readonly statusCode: number;
  readonly statusMessage: string;
  readonly serviceName: string | undefined;
}

export interface OtlpReceiver {
  /** `http://127.0.0.1:<port>`: the value of `OTEL_EXPORTER_OTLP_ENDPOINT`. */
  readonly endpoint: string;
  readonly spans: ReceivedSpan[];
  /** The content types of the export requests received, in order. */
  readonly contentTypes: string[];
  close(): Promise<void>;
}

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const contentTypes: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const type = req.headers['content-type'] ?? '';
      contentTypes.push(type);
      if (req.method !== 'POST' || req.url !== '/v1/traces') {
        res.writeHead(404).end();
        return;
      }
      const json = type.startsWith('application/json');
      spans.push(...(json ? spansFromJson(JSON.parse(body.toString('utf8'))) : spansFromProtobuf(body)));
      res.writeHead(200, { 'content-type': json ? 'application/json' : 'application/x-protobuf' });
      res.end(json ? '{}' : Buffer.alloc(0));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    spans,
    contentTypes,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

// http/json: OTLP's JSON mapping (ids as hex, 64-bit integers as strings).

interface JsonAnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number;
}
interface JsonKeyValue {
  key: string;
  value: JsonAnyValue;
}
interface JsonSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind?: number;
  startTimeUnixNano: string | number;
  endTimeUnixNano: string | number;
  attributes?: JsonKeyValue[];
  links?: { traceId: string; spanId: string }[];
  status?: { code?: number; message?: string };
}
interface JsonRequest {
  resourceSpans?: {
    resource?: { attributes?: JsonKeyValue[] };
    scopeSpans?: { spans?: JsonSpan[] }[];
  }[];
}

function jsonValue(value: JsonAnyValue): AttributeValue {
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  return value.doubleValue ?? '';
}

function jsonAttributes(list: JsonKeyValue[] | undefined): Record<string, AttributeValue> {
  return Object.fromEntries((list ?? []).map(({ key, value }) => [key, jsonValue(value)]));
}

function spansFromJson(request: JsonRequest): ReceivedSpan[] {
  return (request.resourceSpans ?? []).flatMap((resourceSpans) => {
    const serviceName = jsonAttributes(resourceSpans.resource?.attributes)['service.name'];
    return (resourceSpans.scopeSpans ?? []).flatMap((scope) =>
      (scope.spans ?? []).map((span) => ({
        traceId: span.traceId,
        spanId: span.spanId,
        parentSpanId: span.parentSpanId ?? '',
        name: span.name,
        kind: span.kind ?? 0,
        startMs: Number(BigInt(span.startTimeUnixNano) / 1_000_000n),
        endMs: Number(BigInt(span.endTimeUnixNano) / 1_000_000n),
        attributes: jsonAttributes(span.attributes),
        links: (span.links ?? []).map((link) => ({ traceId: link.traceId, spanId: link.spanId })),
        statusCode: span.status?.code ?? 0,
        statusMessage: span.status?.message ?? '',
        serviceName: typeof serviceName === 'string' ? serviceName : undefined,
      })),
    );
  });
}

// http/protobuf: opentelemetry/proto/collector/trace/v1 ExportTraceServiceRequest.

/** One field of a protobuf message: its number and its raw value (varint, fixed or bytes). */
interface Field {
  readonly number: number;
  readonly varint?: bigint;
  readonly bytes?: Buffer;
}

function readVarint(buffer: Buffer, at: { offset: number }): bigint {
  let value = 0n;
  let shift = 0n;
  for (;;) {
    const byte = buffer[at.offset++] as number;
    value |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return value;
    shift += 7n;
  }
}

function fieldsOf(buffer: Buffer): Field[] {
  const fields: Field[] = [];
  const at = { offset: 0 };
  while (at.offset < buffer.length) {
    const key = Number(readVarint(buffer, at));
    const number = key >> 3;
    switch (key & 7) {
      case 0:
        fields.push({ number, varint: readVarint(buffer, at) });
        break;
      case 1:
        fields.push({ number, varint: buffer.readBigUInt64LE(at.offset) });
        at.offset += 8;
        break;
      case 2: {
        const length = Number(readVarint(buffer, at));
        fields.push({ number, bytes: buffer.subarray(at.offset, at.offset + length) });
        at.offset += length;
        break;
      }
      case 5:
        fields.push({ number, varint: BigInt(buffer.readUInt32LE(at.offset)) });
        at.offset += 4;
        break;
      default:
        throw new Error(`Unsupported protobuf wire type in key ${key}`);
    }
  }
  return fields;
}

const all = (fields: Field[], number: number) => fields.filter((field) => field.number === number);
const bytesOf = (fields: Field[], number: number) => all(fields, number)[0]?.bytes ?? Buffer.alloc(0);
const varintOf = (fields: Field[], number: number) => all(fields, number)[0]?.varint ?? 0n;

function protobufValue(any: Buffer): AttributeValue {
  const [field] = fieldsOf(any);
  if (!field) return '';
  switch (field.number) {
    case 1:
      return (field.bytes as Buffer).toString('utf8');
    case 2:
      return field.varint === 1n;
    case 3:
      return Number(BigInt.asIntN(64, field.varint as bigint));
    case 4: {
      const buffer = Buffer.alloc(8);
      buffer.writeBigUInt64LE(field.varint as bigint);
      return buffer.readDoubleLE();
    }
    default:
      return '';
  }
}

function protobufAttributes(fields: Field[], number: number): Record<string, AttributeValue> {
  return Object.fromEntries(
    all(fields, number).map((field) => {
      const keyValue = fieldsOf(field.bytes as Buffer);
      return [bytesOf(keyValue, 1).toString('utf8'), protobufValue(bytesOf(keyValue, 2))];
    }),
  );
}

function spansFromProtobuf(body: Buffer): ReceivedSpan[] {
  return all(fieldsOf(body), 1).flatMap((resourceSpansField) => {
    const resourceSpans = fieldsOf(resourceSpansField.bytes as Buffer);
    const serviceName = protobufAttributes(fieldsOf(bytesOf(resourceSpans, 1)), 1)['service.name'];
    return all(resourceSpans, 2).flatMap((scopeField) =>
      all(fieldsOf(scopeField.bytes as Buffer), 2).map((spanField) => {
        const span = fieldsOf(spanField.bytes as Buffer);
        const status = fieldsOf(bytesOf(span, 15));
        return {
          traceId: bytesOf(span, 1).toString('hex'),
          spanId: bytesOf(span, 2).toString('hex'),
          parentSpanId: bytesOf(span, 4).toString('hex'),
          name: bytesOf(span, 5).toString('utf8'),
          kind: Number(varintOf(span, 6)),
          startMs: Number(varintOf(span, 7) / 1_000_000n),
          endMs: Number(varintOf(span, 8) / 1_000_000n),
          attributes: protobufAttributes(span, 9),
          links: all(span, 13).map((linkField) => {
            const link = fieldsOf(linkField.bytes as Buffer);
            return { traceId: bytesOf(link, 1).toString('hex'), spanId: bytesOf(link, 2).toString('hex') };
          }),
          statusCode: Number(varintOf(status, 3)),
          statusMessage: bytesOf(status, 2).toString('utf8'),
          serviceName: typeof serviceName === 'string' ? serviceName : undefined,
        };
      }),
    );
  });
}
