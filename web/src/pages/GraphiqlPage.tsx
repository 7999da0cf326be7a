// Monaco's workers as Vite worker chunks of this build (same origin: the CSP's worker-src 'self').
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import { createGraphiQLFetcher, type Fetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { parse, type DocumentNode } from 'graphql';
import type { Client } from 'graphql-ws';
import { isTokenExpiry, socketClient } from '../graphql/client';
import { freshAccessToken } from '../session/session';

const DEFAULT_QUERY = `# Runs as you, with your session's token; subscriptions go over the live connection.
{
  apiVersion
  me {
    email
    role
  }
}
`;

/** fetch with the session's current access token, refreshed when it is about to expire. */
async function fetchAsSignedIn(input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> {
  const token = await freshAccessToken();
  const headers = new Headers(init.headers);
  if (token && !headers.has('authorization')) headers.set('authorization', `Bearer ${token}`);
  return fetch(input, { ...init, headers });
}

/**
 * The console's one graphql-ws socket (client.ts), which authenticates at connection_init with a
 * fresh token; asked for on each use, since a sign-out replaces it. When the token a socket opened
 * with expires, the server closes it: a subscription starts again on a new socket, as client.ts does.
 */
const liveSocket: Client = {
  subscribe: (payload, sink) => {
    let stopped = false;
    const start = (): (() => void) =>
      socketClient().subscribe(payload, {
        ...sink,
        error: (error) => {
          if (!stopped && isTokenExpiry(error)) stop = start();
          else sink.error(error);
        },
      });
    let stop = start();
    return () => {
      stopped = true;
      stop();
    };
  },
  iterate: (payload) => socketClient().iterate(payload),
  on: (event, listener) => socketClient().on(event, listener),
  terminate: () => socketClient().terminate(),
  dispose: () => socketClient().dispose(),
};

// Queries and mutations over HTTP, subscriptions over the live socket.
const toolkitFetcher = createGraphiQLFetcher({
  url: '/graphql',
  fetch: fetchAsSignedIn,
  wsClient: liveSocket,
});

/**
 * The toolkit sends an operation over the socket when the document GraphiQL hands it says it is a
 * subscription; that document is parsed from the editor a moment after each edit, so a run right
 * after an edit would be judged by the previous text. Parsing the text that is sent decides right.
 */
const fetcher: Fetcher = (params, options) => {
  let documentAST: DocumentNode | undefined;
  try {
    documentAST = parse(params.query);
  } catch {
    documentAST = undefined;
  }
  return toolkitFetcher(params, { ...options, documentAST });
};

/** The GraphiQL IDE, bundled into this build (nothing from a CDN); loaded only on this page. */
export function GraphiqlPage() {
  return (
    <div className="graphiql-page">
      <h1 className="visually-hidden">GraphiQL</h1>
      <GraphiQL fetcher={fetcher} defaultQuery={DEFAULT_QUERY}>
        {/* Its own title, in place of the default one, a link to GitHub: the page stays offline. */}
        <GraphiQL.Logo>GraphiQL</GraphiQL.Logo>
      </GraphiQL>
    </div>
  );
}
