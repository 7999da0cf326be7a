/**
 * The API bench's peer: a bare Apollo Server 5 on Express 5 with one resolver and Apollo's
 * defaults, a process of its own as the service is. Prints `ready <port>` once it listens.
 *
 * Usage: node --import ./scripts/typescript-loader.mjs bench/apollo-bare.server.ts
 */
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';

const server = new ApolloServer({
  typeDefs: 'type Query { apiVersion: String! }',
  resolvers: { Query: { apiVersion: () => 'v1' } },
});
await server.start();
const app = express();
app.use('/graphql', express.json(), expressMiddleware(server));
const listener = app.listen(0, '127.0.0.1', () => {
  process.stdout.write(`ready ${(listener.address() as AddressInfo).port}\n`);
});
