import { describe, expect, it } from 'vitest';
import { diffLines, MAX_LCS_CELLS, prettyJson } from '../src/state-machines/line-diff';

const marked = (before: string, after: string) =>
  diffLines(before, after).map(
    ({ kind, text }) => `${kind === 'added' ? '+' : kind === 'removed' ? '-' : ' '}${text}`,
  );

describe('the line diff of two versions', () => {
  it('keeps equal texts whole', () => {
    expect(marked('a\nb', 'a\nb')).toEqual([' a', ' b']);
  });

  it('shows a changed line as removed then added, between the lines both keep', () => {
    expect(marked('a\nb\nc', 'a\nB\nc')).toEqual([' a', '-b', '+B', ' c']);
  });

  it('finds the longest run of kept lines, not just the common head and tail', () => {
    expect(marked('x\na\nb\nc\ny', 'x\nb\nc\nd\ny')).toEqual([' x', '-a', ' b', ' c', '+d', ' y']);
  });

  it('shows lines added at the end and removed at the start', () => {
    expect(marked('a\nb', 'b\nc')).toEqual(['-a', ' b', '+c']);
  });

  it('can be read back into either text', () => {
    const before = prettyJson({
      StartAt: 'A',
      States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Succeed' } },
    });
    const after = prettyJson({ StartAt: 'A', States: { A: { Type: 'Pass', End: true } }, Comment: 'v2' });
    const lines = diffLines(before, after);
    expect(
      lines
        .filter((line) => line.kind !== 'added')
        .map((line) => line.text)
        .join('\n'),
    ).toBe(before);
    expect(
      lines
        .filter((line) => line.kind !== 'removed')
        .map((line) => line.text)
        .join('\n'),
    ).toBe(after);
  });

  it('shows a middle too large to compare as removed then added, still readable back', () => {
    const size = Math.ceil(Math.sqrt(MAX_LCS_CELLS)) + 1;
    const before = ['head', ...Array.from({ length: size }, (_, i) => `old ${i}`), 'tail'].join('\n');
    const after = ['head', ...Array.from({ length: size }, (_, i) => `new ${i}`), 'tail'].join('\n');
    const lines = diffLines(before, after);
    expect(lines[0]).toEqual({ kind: 'same', text: 'head' });
    expect(lines[1]).toEqual({ kind: 'removed', text: 'old 0' });
    expect(lines[size + 1]).toEqual({ kind: 'added', text: 'new 0' });
    expect(lines.at(-1)).toEqual({ kind: 'same', text: 'tail' });
    expect(lines).toHaveLength(2 * size + 2);
  });
});
