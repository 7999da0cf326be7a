/**
 * Answers the approval an order waits for (its WaitForApproval state), as an approval page would:
 * `npm run example:orders-approve -- <execution id> [--reject "<reason>"]`. STEPGRAPH_TOKEN must
 * be allowed to read executions and answer tasks (role operator or above).
 */
import { complete, fail } from '@stepgraph/worker';

const [executionId, flag, reason] = process.argv.slice(2);
if (!executionId || (flag !== undefined && flag !== '--reject')) {
  process.stderr.write('usage: approve.ts <execution id> [--reject "<reason>"]\n');
  process.exit(2);
}
const url = process.env.STEPGRAPH_URL ?? 'http://localhost:3000';
const apiKey = process.env.STEPGRAPH_TOKEN ?? '';

// The token the state waits with: `waitingTasks` lists it for whoever may answer tasks.
const response = await fetch(new URL('/graphql', url), {
  method: 'POST',
  headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
  body: JSON.stringify({
    query: 'query ($id: ID!) { execution(id: $id) { waitingTasks { stateName taskToken } } }',
    variables: { id: executionId },
  }),
});
const body = (await response.json()) as {
  data?: { execution: { waitingTasks: { stateName: string; taskToken: string }[] } | null } | null;
  errors?: { message: string }[];
};
const waiting = body.data?.execution?.waitingTasks.find((task) => task.stateName === 'WaitForApproval');
if (!waiting) {
  process.stderr.write(
    `execution ${executionId} waits for no approval: ${body.errors?.[0]?.message ?? 'nothing waiting'}\n`,
  );
  process.exit(1);
}

const outcome =
  flag === '--reject'
    ? await fail(waiting.taskToken, 'OrderRejected', reason ?? 'rejected by the approver', { url, apiKey })
    : await complete(waiting.taskToken, { approved: true, at: new Date().toISOString() }, { url, apiKey });
process.stdout.write(`${flag === '--reject' ? 'rejected' : 'approved'} (${outcome})\n`);
