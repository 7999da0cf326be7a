import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { RequestFilteringHttpAgent, RequestFilteringHttpsAgent } from 'request-filtering-agent';
import type { CheckedDestination, ResolvedAddress } from './outbound-address.guard.js';

/** One HTTP request of an HTTP Task: the first call or one redirect hop. */
export interface OutboundRequest {
  readonly url: URL;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer | undefined;
}

/** A complete response, its body read into memory (bounded by `maxResponseBytes`). */
export interface OutboundResponse {
  readonly statusCode: number;
  readonly statusText: string;
  /** Header names in lower case, each with every value the server sent. */
  readonly headers: Record<string, string[]>;
  readonly body: Buffer;
}

/** How one request is sent. */
export interface SendOptions {
  /** The guard's verdict for `request.url`: the connection goes to these addresses and no other. */
  readonly destination: CheckedDestination;
  /** Aborts the request and the body download. */
  readonly signal: AbortSignal;
  readonly maxResponseBytes: number;
}

/** The response body is larger than the cap; the download was cut off at the cap. */
export class ResponseTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`the response body exceeds ${limitBytes} bytes`);
    this.name = 'ResponseTooLargeError';
  }
}

/**
 * Sends one request to an already checked destination.
 *
 * DNS rebinding: the socket's `lookup` answers from the guard's verdict instead of asking DNS again,
 * so the address that was checked is the address connected to, while the URL's host name still
 * goes into the Host header and TLS SNI/certificate checks. request-filtering-agent wraps that
 * lookup as a second, independent line: it refuses any non-public address the guard did not admit,
 * should a code path ever connect somewhere else.
 */
export async function sendPinnedRequest(
  request: OutboundRequest,
  options: SendOptions,
): Promise<OutboundResponse> {
  const { destination, signal, maxResponseBytes } = options;
  const secure = request.url.protocol === 'https:';
  const agentOptions = { keepAlive: false, allowIPAddressList: destination.addresses.map((a) => a.address) };
  const agent = secure
    ? new RequestFilteringHttpsAgent(agentOptions)
    : new RequestFilteringHttpAgent(agentOptions);
  try {
    return await new Promise<OutboundResponse>((resolve, reject) => {
      const outgoing = (secure ? https : http).request(
        {
          protocol: request.url.protocol,
          hostname: destination.hostname,
          port: request.url.port || undefined,
          path: `${request.url.pathname}${request.url.search}`,
          method: request.method,
          headers: request.headers,
          agent,
          lookup: pinnedLookup(destination),
          signal,
        },
        (response) => readResponse(response, maxResponseBytes).then(resolve, reject),
      );
      outgoing.on('error', reject);
      outgoing.end(request.body);
    });
  } finally {
    agent.destroy();
  }
}

/** A `lookup` that only ever answers with the guard's checked addresses for the checked name. */
function pinnedLookup(destination: CheckedDestination): LookupFunction {
  return (hostname, lookupOptions, callback) => {
    const family =
      lookupOptions.family === 'IPv4' ? 4 : lookupOptions.family === 'IPv6' ? 6 : lookupOptions.family;
    const candidates = destination.addresses.filter((a) => !family || a.family === family);
    if (hostname !== destination.hostname || candidates.length === 0) {
      callback(Object.assign(new Error(`no checked address for ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
    } else if (lookupOptions.all) {
      callback(
        null,
        candidates.map((a: ResolvedAddress) => ({ address: a.address, family: a.family })),
      );
    } else {
      callback(null, candidates[0]!.address, candidates[0]!.family);
    }
  };
}

/** Reads the whole body, refusing to hold more than `maxBytes` of it. */
function readResponse(response: http.IncomingMessage, maxBytes: number): Promise<OutboundResponse> {
  return new Promise((resolve, reject) => {
    const tooLarge = () => {
      response.destroy();
      reject(new ResponseTooLargeError(maxBytes));
    };
    // A declared length over the cap fails before a byte of the body is read.
    if (Number(response.headers['content-length']) > maxBytes) return tooLarge();
    const chunks: Buffer[] = [];
    let size = 0;
    response.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) return tooLarge();
      chunks.push(chunk);
    });
    response.on('end', () =>
      resolve({
        statusCode: response.statusCode ?? 0,
        statusText: response.statusMessage ?? '',
        headers: definedHeaders(response.headersDistinct),
        body: Buffer.concat(chunks),
      }),
    );
    response.on('error', reject);
    response.on('close', () => {
      if (!response.complete) reject(new Error('the connection closed before the response was complete'));
    });
  });
}

function definedHeaders(headers: NodeJS.Dict<string[]>): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(headers).filter((entry): entry is [string, string[]] => entry[1] !== undefined),
  );
}
