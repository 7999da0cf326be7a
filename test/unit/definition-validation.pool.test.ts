import { DefinitionValidationPool } from '../../src/state-machines/definition-validation.pool.js';
import { DefinitionValidationService } from '../../src/state-machines/definition-validation.service.js';
import { checkDefinition } from '../../src/state-machines/state-machine.definition.js';
import { machine } from '../asl/validate/validate-test-kit.js';

jest.setTimeout(60_000);

/** `count` chained Pass states whose Parameters read the input: large, valid, slow enough to time. */
function chain(count: number, broken = false): string {
  const states: Record<string, unknown> = {};
  for (let index = 0; index < count; index += 1) {
    const last = index === count - 1;
    states[`S${index}`] = last
      ? { Type: 'Succeed' }
      : { Type: 'Pass', Parameters: { [`v${index}.$`]: '$.a' }, Next: broken ? 'Nowhere' : `S${index + 1}` };
  }
  return JSON.stringify(machine(states));
}

const pools: DefinitionValidationPool[] = [];

function pool(options: Partial<ConstructorParameters<typeof DefinitionValidationPool>[0]> = {}) {
  const created = new DefinitionValidationPool({
    maxWorkers: 1,
    maxQueued: 4,
    timeoutMs: 30_000,
    ...options,
  });
  pools.push(created);
  return created;
}

afterAll(async () => {
  await Promise.all(pools.map((each) => each.close()));
});

describe('DefinitionValidationPool', () => {
  it('finds on a worker thread exactly what checking in place finds', async () => {
    const workers = pool();
    const valid = chain(2000);
    const broken = chain(2000, true);
    await expect(workers.check(valid, 'store')).resolves.toEqual(checkDefinition(valid, 'store'));
    await expect(workers.check(broken, 'store')).resolves.toEqual(checkDefinition(broken, 'store'));
    await expect(workers.check(valid, 'validate')).resolves.toEqual({ diagnostics: [] });
    expect(checkDefinition(valid, 'store').sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a definition beyond its queue with SERVICE_UNAVAILABLE, and still answers the others', async () => {
    const workers = pool({ maxWorkers: 1, maxQueued: 1 });
    const text = chain(500);
    const running = workers.check(text, 'validate');
    const queued = workers.check(text, 'validate');
    await expect(workers.check(text, 'validate')).rejects.toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      message: 'The server is busy validating other definitions; try again shortly.',
      retryAfterSeconds: 5,
    });
    await expect(Promise.all([running, queued])).resolves.toEqual([{ diagnostics: [] }, { diagnostics: [] }]);
  });

  it('stops a check that overruns its time and refuses the definition with a diagnostic', async () => {
    const workers = pool({ timeoutMs: 50 });
    // Starting a worker and checking 10,000 states takes far longer than 50 ms.
    await expect(workers.check(chain(10_000), 'store')).resolves.toEqual({
      diagnostics: [
        { path: '$', message: 'took more than 0.05 s to validate: split it into smaller state machines' },
      ],
    });
  });

  it('refuses what still waits once closed, as SERVICE_UNAVAILABLE', async () => {
    const workers = pool();
    const refused = expect(workers.check(chain(2000), 'validate')).rejects.toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      message: 'The server is shutting down.',
    });
    await workers.close();
    await refused;
    await expect(workers.check('{}', 'validate')).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
  });
});

describe('DefinitionValidationService', () => {
  const service = new DefinitionValidationService();
  afterAll(() => service.onApplicationShutdown());

  it('checks small and large definitions, objects and text alike', async () => {
    const small = machine({ Only: { Type: 'Pass', End: true } });
    const large = JSON.parse(chain(1000)) as unknown;
    for (const input of [small, JSON.stringify(small), large, JSON.stringify(large)]) {
      await expect(service.check(input, 'store')).resolves.toEqual(checkDefinition(input, 'store'));
    }
  });

  it('refuses what is not JSON, or too large, at once', async () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    await expect(service.check(cyclic, 'validate')).resolves.toEqual({
      diagnostics: [{ path: '$', message: expect.stringContaining('cannot be serialized as JSON') }],
    });
    const huge = JSON.stringify(
      machine({ Only: { Type: 'Pass', Comment: 'x'.repeat(1_100_000), End: true } }),
    );
    await expect(service.check(huge, 'validate')).resolves.toEqual({
      diagnostics: [{ path: '$', message: expect.stringContaining('over the limit of 1048576 bytes') }],
    });
  });
});
