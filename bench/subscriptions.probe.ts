/**
 * The commit probe of the subscription bench, a process of its own so that its event loop is idle:
 * it prints, as JSON lines, every event notification the engine publishes after a commit and the
 * moment it arrived (`performance.timeOrigin + performance.now()`, comparable across processes).
 * That moment stands for "commit": the notification is published right after the commit.
 *
 * Usage: node --import ./scripts/typescript-loader.mjs bench/subscriptions.probe.ts <redis-url>
 */
import { Redis } from 'ioredis';
import type { ExecutionEventsNotice } from '../src/notifications/execution.topics.js';

const url = process.argv[2];
if (!url) throw new Error('usage: subscriptions.probe.ts <redis-url>');
const redis = new Redis(url);
redis.on('pmessage', (_pattern: string, _channel: string, message: string) => {
  const at = performance.timeOrigin + performance.now();
  const notice = JSON.parse(message) as ExecutionEventsNotice;
  process.stdout.write(`${JSON.stringify({ ...notice, at })}\n`);
});
// The topic of executionEventsTopic(id), for every id.
await redis.psubscribe('execution.*.events');
process.stdout.write('ready\n');
