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

/**
 * Each case starts a few cases ahead of its check, so that the engine runs the next ones (and their
 * backoff waits pass) while this one is checked; a few only, so that a case still ends well within
 * its deadline on a busy machine.
 */
const AHEAD = 4;

const tally = new ConformanceTally();
const cases = conformanceCases();
const started = new Map<number, Promise<string>>();
let engine: EngineHarness;

/** Starts case `index` unless it has been started (or there is none); answers its execution id. */
function startCase(index: number): Promise<string> | undefined {
  const testCase = cases[index];
  if (!testCase) return undefined;
  let execution = started.get(index);
  if (!execution) {
    execution = engine.run(testCase.definition, testCase.input);
    // Its own test reports a failure to start; until then it must not count as unhandled.
    execution.catch(() => undefined);
    started.set(index, execution);
  }
  return execution;
}

beforeAll(async () => {
  engine = await startEngine();
});

afterAll(async () => {
  console.log(`Durable engine, AWS-recorded cases: ${tally.toString()}`);
  await engine?.close();
});

describe('AWS-recorded conformance cases through the durable engine', () => {
  it.each(cases.map((testCase, index) => [testCase.id, testCase, index] as const))(
    '%s',
    (_id, testCase, index) =>
      tally.count(async () => {
        for (let ahead = index + 1; ahead <= index + AHEAD; ahead += 1) startCase(ahead);
        const executionId = await startCase(index)!;
        checkConformance(testCase, await engine.ended(executionId, 25_000));
        const history = await engine.history(executionId);
        expectContiguous(history);
        const oracle = await runInMemory(testCase.definition, testCase.input);
        expect(
          history.map((event) => [
            event.seq,
            event.type,
            event.previousEventId,
            event.stateName ?? undefined,
          ]),
        ).toEqual(
          oracle.events.map((event) => [event.id, event.type, event.previousEventId, event.stateName]),
        );
      }),
  );
});
