/**
 * The AWS-recorded conformance cases (conformance/aws-recorded.json, see its README): every case
 * runs through the in-memory driver and must end as AWS's own execution did.
 */
import { runInMemory } from '../../src/asl/index.js';
import { checkConformance, conformanceCases, ConformanceTally } from '../support/conformance.js';

const tally = new ConformanceTally();

describe('AWS-recorded conformance cases', () => {
  afterAll(() => {
    console.log(tally.toString());
  });

  it.each(conformanceCases().map((testCase) => [testCase.id, testCase] as const))('%s', (_id, testCase) =>
    tally.count(async () =>
      checkConformance(testCase, await runInMemory(testCase.definition, testCase.input)),
    ),
  );
});
