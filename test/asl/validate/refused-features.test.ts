import { DONE_SCOPE, ECHO, expectRefusals, map, single, type Refusal } from './validate-test-kit.js';

const refusals: Refusal[] = [
  [
    'a Lambda resource',
    single({ Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:f', End: true }),
    '$.States.S.Resource',
    'is not a resource Stepgraph runs. Supported: builtin:echo',
  ],
  [
    'an unknown builtin',
    single({ Type: 'Task', Resource: 'builtin:nope', End: true }),
    '$.States.S.Resource',
    'builtin:nope',
  ],
  [
    'a Resource that is not a string',
    single({ Type: 'Task', Resource: 7, End: true }),
    '$.States.S.Resource',
    'must be a string',
  ],
  [
    'a Task without Resource',
    single({ Type: 'Task', End: true }),
    '$.States.S.Resource',
    'is required in a Task state',
  ],
  [
    'Credentials on a Task',
    single({ ...ECHO, Credentials: { RoleArn: 'r' } }),
    '$.States.S.Credentials',
    'is not supported',
  ],
  [
    'a Distributed Map processor',
    map({
      ItemProcessor: { ...DONE_SCOPE, ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' } },
    }),
    '$.States.S.ItemProcessor.ProcessorConfig.Mode',
    'DISTRIBUTED is not supported',
  ],
  [
    'ExecutionType of a Distributed Map',
    map({ ItemProcessor: { ...DONE_SCOPE, ProcessorConfig: { Mode: 'INLINE', ExecutionType: 'EXPRESS' } } }),
    '$.States.S.ItemProcessor.ProcessorConfig.ExecutionType',
    'applies to Distributed Map only',
  ],
  [
    'an unknown processor Mode',
    map({ ItemProcessor: { ...DONE_SCOPE, ProcessorConfig: { Mode: 'FAST' } } }),
    '$.States.S.ItemProcessor.ProcessorConfig.Mode',
    'must be "INLINE"',
  ],
  [
    'a ProcessorConfig that is not an object',
    map({ ItemProcessor: { ...DONE_SCOPE, ProcessorConfig: 'INLINE' } }),
    '$.States.S.ItemProcessor.ProcessorConfig',
    'must be an object',
  ],
  [
    'an unknown ProcessorConfig field',
    map({ ItemProcessor: { ...DONE_SCOPE, ProcessorConfig: { Speed: 1 } } }),
    '$.States.S.ItemProcessor.ProcessorConfig.Speed',
    'is not a field of ProcessorConfig',
  ],
  [
    'an ItemReader',
    map({ ItemReader: { Resource: 'arn:aws:states:::s3:getObject' } }),
    '$.States.S.ItemReader',
    'Distributed Map',
  ],
  ['a ResultWriter', map({ ResultWriter: {} }), '$.States.S.ResultWriter', 'Distributed Map'],
  [
    'an ItemBatcher',
    map({ ItemBatcher: { MaxItemsPerBatch: 2 } }),
    '$.States.S.ItemBatcher',
    'Distributed Map',
  ],
  [
    'a failure tolerance',
    map({ ToleratedFailurePercentage: 5 }),
    '$.States.S.ToleratedFailurePercentage',
    'Distributed Map',
  ],
  [
    'a failure count',
    map({ ToleratedFailureCount: 5 }),
    '$.States.S.ToleratedFailureCount',
    'Distributed Map',
  ],
  ['a Label', map({ Label: 'batch' }), '$.States.S.Label', 'Distributed Map'],
];

describe('validateDefinition refuses what Stepgraph does not run', () => {
  expectRefusals(refusals);
});
