/**
 * The 146 AWS-recorded conformance cases through the durable engine: each definition stored as a
 * state machine, each case started as an execution, awaited to its end, and checked as the
 * in-memory driver's run is (test/support/conformance.ts). The in-memory driver is the oracle of
 * the history too: the same event types, ids, links and states, in the same order.
 */
import { runInMemory } from '../../src/asl/index.js';
import { checkConformance, conformanceCases, ConformanceTally } from '../support/conformance.js';
import { expectContiguous, startEngine, type EngineHarness } from './engine.harness.js';

/** A few cases retry with AWS's default backoff (1 s, 2 s, 4 s): real waits on a durable engine. */
jest.setTimeout(30_000);

const tally = new ConformanceTally();
let engine: EngineHarness;

beforeAll(async () => {
  engine = await startEngine();
});

afterAll(async () => {
  console.log(`Durable engine, AWS-recorded cases: ${tally.toString()}`);
  await engine?.close();
});

describe('AWS-recorded conformance cases through the durable engine', () => {
  it.each(conformanceCases().map((testCase) => [testCase.id, testCase] as const))('%s', (_id, testCase) =>
    tally.count(async () => {
      const executionId = await engine.run(testCase.definition, testCase.input);
      checkConformance(testCase, await engine.ended(executionId, 25_000));
      const history = await engine.history(executionId);
      expectContiguous(history);
      const oracle = await runInMemory(testCase.definition, testCase.input);
      expect(
        history.map((event) => [event.seq, event.type, event.previousEventId, event.stateName ?? undefined]),
      ).toEqual(oracle.events.map((event) => [event.id, event.type, event.previousEventId, event.stateName]));
    }),
  );
});
