import { MAX_DEFINITION_BYTES, validateDefinition } from '../../../src/asl/validate/index.js';
import {
  END,
  machine,
  nestedDefinition,
  nestedParallelText,
  single,
  tenThousandStates,
} from './validate-test-kit.js';

// How long these take is measured by `npm run bench -- --only limits`, not asserted here.

/** A valid definition padded with a Comment so that its JSON text is exactly `bytes` long. */
function definitionOfSize(bytes: number): Record<string, unknown> {
  const base = single(END, { Comment: '' });
  const padding = bytes - JSON.stringify(base).length;
  return single(END, { Comment: 'x'.repeat(padding) });
}

describe('validateDefinition on large definitions', () => {
  it('validates 10,000 states', () => {
    const definition = tenThousandStates();
    expect(JSON.stringify(definition).length).toBeLessThan(MAX_DEFINITION_BYTES);
    expect(validateDefinition(definition)).toEqual({ valid: true, diagnostics: [] });
  });

  it('reports every fault of 10,000 broken states', () => {
    const states: Record<string, unknown> = {};
    for (let index = 0; index < 10_000; index += 1)
      states[`S${index}`] = { Type: 'Task', Resource: 'lambda', Next: 'Nope' };
    const result = validateDefinition(machine(states));
    expect(
      result.diagnostics.filter(({ message }) => message.includes('"Nope" names no state')),
    ).toHaveLength(10_000);
  });

  it('validates 100 levels of Parallel and Map nesting', () => {
    expect(validateDefinition(nestedDefinition(100))).toEqual({ valid: true, diagnostics: [] });
  });

  it('finds a fault 100 levels down', () => {
    const definition = JSON.stringify(nestedDefinition(100)).replace('builtin:echo', 'lambda');
    const { diagnostics } = validateDefinition(definition);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]?.path).toMatch(
      /^\$\.States\.L0\.Branches\[0\]\.States\.L1\.ItemProcessor\..*\.States\.L100\.Resource$/,
    );
  });

  it('validates 5,000 levels of nesting given as text, without exhausting the stack', () => {
    expect(validateDefinition(nestedParallelText(5000)).valid).toBe(true);
  });

  it('refuses an object nested too deeply for the runtime to serialize, instead of crashing', () => {
    const definition = JSON.parse(nestedParallelText(5000)) as unknown;
    // Node 20 and 24 overflow their stack serializing 5,000 levels; Node 26's JSON is iterative and
    // serializes any depth, so there the same definition is valid (as its text is, above).
    const serializable = (() => {
      try {
        JSON.stringify(definition);
        return true;
      } catch {
        return false;
      }
    })();
    expect(validateDefinition(definition)).toEqual(
      serializable
        ? { valid: true, diagnostics: [] }
        : {
            valid: false,
            diagnostics: [{ path: '$', message: 'is nested too deeply to be serialized as JSON' }],
          },
    );
  });

  it('walks deeply nested payloads and Choice Rules without exhausting the stack', () => {
    const depth = 20_000;
    const payload = `${'{"a":'.repeat(depth)}{"b.$":"$["}${'}'.repeat(depth)}`;
    const rule = `${'{"Not":'.repeat(depth)}{"Variable":"$.x","IsNull":true}${'}'.repeat(depth)}`;
    const text = `{"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":${payload},"Next":"C"},"C":{"Type":"Choice","Choices":[{"Not":${rule},"Next":"D"}]},"D":{"Type":"Succeed"}}}`;
    const { diagnostics } = validateDefinition(text);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]?.message).toContain("'[' at position 1 is never closed");
  });
});

describe('the 1 MiB limit', () => {
  it('is 1,048,576 bytes', () => {
    expect(MAX_DEFINITION_BYTES).toBe(1_048_576);
  });

  it('accepts a definition of exactly 1 MiB', () => {
    expect(validateDefinition(definitionOfSize(MAX_DEFINITION_BYTES)).valid).toBe(true);
  });

  it('refuses one byte more with a single diagnostic at $', () => {
    expect(validateDefinition(definitionOfSize(MAX_DEFINITION_BYTES + 1))).toEqual({
      valid: false,
      diagnostics: [
        {
          path: '$',
          message:
            'is 1048577 bytes of JSON, over the limit of 1048576 bytes (1 MiB): split it into smaller state machines',
        },
      ],
    });
  });

  it('counts the bytes of JSON text, not its characters', () => {
    const text = JSON.stringify(single(END, { Comment: 'é'.repeat(MAX_DEFINITION_BYTES / 2) }));
    expect(text.length).toBeLessThan(MAX_DEFINITION_BYTES);
    expect(validateDefinition(text).diagnostics).toEqual([
      { path: '$', message: expect.stringContaining('over the limit') },
    ]);
  });
});
