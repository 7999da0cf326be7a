/**
 * The event table's arithmetic, pure: which rows a scroll position shows, which blocks of the
 * history those rows need, what a filter asks the server for.
 */

/** Events per block: the events connection's largest page, so a block is one read. */
export const BLOCK_SIZE = 100;

export interface RowWindow {
  /** Index of the first row rendered (0-based). */
  readonly first: number;
  /** One past the last row rendered. */
  readonly end: number;
  /** Height of the space above the first rendered row, in pixels. */
  readonly before: number;
  /** Height of the space below the last rendered row. */
  readonly after: number;
}

/**
 * The rows to render for a viewport of `viewportHeight` pixels scrolled to `scrollTop`, with
 * `overscan` more rows on each side so that a scroll shows rows already drawn.
 */
export function rowWindow(input: {
  readonly scrollTop: number;
  readonly viewportHeight: number;
  readonly rowHeight: number;
  readonly rowCount: number;
  readonly overscan: number;
}): RowWindow {
  const { rowHeight, rowCount, overscan } = input;
  const top = Math.max(0, input.scrollTop);
  const firstVisible = Math.min(Math.floor(top / rowHeight), Math.max(0, rowCount - 1));
  const visible = Math.ceil(Math.max(0, input.viewportHeight) / rowHeight) + 1;
  const first = Math.max(0, firstVisible - overscan);
  const end = Math.min(rowCount, firstVisible + visible + overscan);
  return {
    first,
    end: Math.max(first, end),
    before: first * rowHeight,
    after: Math.max(0, rowCount - Math.max(first, end)) * rowHeight,
  };
}

/** The blocks holding the events of seqs `fromSeq` to `toSeq` (inclusive; seqs start at 1). */
export function blocksOf(fromSeq: number, toSeq: number, blockSize = BLOCK_SIZE): number[] {
  if (toSeq < fromSeq || toSeq < 1) return [];
  const firstBlock = Math.floor((Math.max(1, fromSeq) - 1) / blockSize);
  const lastBlock = Math.floor((toSeq - 1) / blockSize);
  return Array.from({ length: lastBlock - firstBlock + 1 }, (_, index) => firstBlock + index);
}

/** What the table's filter keeps: an event type (exact), and text found in the details or state name. */
export interface EventFilter {
  readonly type: string;
  readonly search: string;
}

export const NO_FILTER: EventFilter = { type: '', search: '' };

export function isFiltering(filter: EventFilter): boolean {
  return filter.type !== '' || filter.search.trim() !== '';
}

/** The filter as the events query's `types` and `search` (the server narrows the history). */
export function filterArguments(filter: EventFilter): { types?: string[]; search?: string } {
  const search = filter.search.trim();
  return {
    ...(filter.type !== '' && { types: [filter.type] }),
    ...(search !== '' && { search }),
  };
}

/** A string holding a JSON object or array (how details carry inputs, outputs and Parameters), read. */
function unnested(value: unknown): unknown {
  if (typeof value !== 'string' || !/^\s*[[{]/.test(value)) return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/**
 * The details as one line of JSON text, as the table shows them; the JSON texts inside them (an
 * `output` of `"{\"i\":1}"`) shown as JSON (`{"i":1}`), as the server's search reads them.
 */
export function detailsText(details: unknown): string {
  if (details === undefined || details === null) return '';
  if (typeof details === 'string') return details;
  return JSON.stringify(details, (_key, value: unknown) => unnested(value));
}
