/**
 * The event table's arithmetic, pure: which rows a scroll position shows, which blocks of the
 * history those rows need, and which events a filter keeps.
 */

/** Events per block: the server's read page (EVENT_PAGE_SIZE), so a block is one read. */
export const BLOCK_SIZE = 200;

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

/** What the table's filter keeps: an event type (exact), and text found in the details. */
export interface EventFilter {
  readonly type: string;
  readonly search: string;
}

export const NO_FILTER: EventFilter = { type: '', search: '' };

export function isFiltering(filter: EventFilter): boolean {
  return filter.type !== '' || filter.search.trim() !== '';
}

export interface FilterableEvent {
  readonly type: string;
  readonly stateName?: string | null;
  readonly details?: unknown;
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
 * The details as one line of JSON text, as the table shows and searches them; the JSON texts
 * inside them (an `output` of `"{\"i\":1}"`) shown as JSON (`{"i":1}`), so a search finds what is read.
 */
export function detailsText(details: unknown): string {
  if (details === undefined || details === null) return '';
  if (typeof details === 'string') return details;
  return JSON.stringify(details, (_key, value: unknown) => unnested(value));
}

/**
 * Whether `event` passes `filter`: its type is the one chosen (if any), and the search text (if
 * any) occurs, case-insensitively, in its details or its state's name.
 */
export function eventMatches(event: FilterableEvent, filter: EventFilter): boolean {
  if (filter.type !== '' && event.type !== filter.type) return false;
  const search = filter.search.trim().toLowerCase();
  if (search === '') return true;
  return (
    detailsText(event.details).toLowerCase().includes(search) ||
    (event.stateName ?? '').toLowerCase().includes(search)
  );
}
