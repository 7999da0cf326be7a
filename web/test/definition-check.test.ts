import { describe, expect, it } from 'vitest';
import { readDefinitionDraft } from '../src/state-machines/definition-check';
import { lineAndColumn, readJson } from '../src/state-machines/json-text';

describe('reading JSON typed by a person', () => {
  it('reads valid JSON of any kind', () => {
    expect(readJson('{"a": [1, 2]}')).toEqual({ ok: true, value: { a: [1, 2] } });
    expect(readJson(' "text" ')).toEqual({ ok: true, value: 'text' });
    expect(readJson('null')).toEqual({ ok: true, value: null });
  });

  it('refuses bad JSON in words, saying where', () => {
    const read = readJson('{\n  "a": 1,\n}');
    expect(read.ok).toBe(false);
    expect(!read.ok && read.message).toMatch(/^Not valid JSON: .*line 3/);
  });

  it('refuses an empty text rather than guessing an empty object', () => {
    expect(readJson('  \n')).toEqual({ ok: false, message: expect.stringContaining('{}') });
  });

  it('counts lines and columns from 1', () => {
    expect(lineAndColumn('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(lineAndColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});

describe('the definition draft beside the editor', () => {
  it('is empty until something is typed', () => {
    expect(readDefinitionDraft('   ')).toEqual({ kind: 'empty' });
  });

  it('puts a JSON syntax fault at the root path, without asking the server', () => {
    const draft = readDefinitionDraft('{"StartAt": ');
    expect(draft.kind).toBe('local');
    expect(draft.kind === 'local' && draft.diagnostics).toEqual([
      { path: '$', message: expect.stringMatching(/^Not valid JSON/) },
    ]);
  });

  it('refuses JSON that is no object at the root path', () => {
    for (const text of ['[]', '"x"', '3', 'null']) {
      expect(readDefinitionDraft(text)).toEqual({
        kind: 'local',
        diagnostics: [{ path: '$', message: expect.stringContaining('JSON object') }],
      });
    }
  });

  it('hands an object to the server to validate', () => {
    expect(readDefinitionDraft('{"StartAt": "A", "States": {}}')).toEqual({
      kind: 'object',
      definition: { StartAt: 'A', States: {} },
    });
  });
});
