import { memo, useCallback, useEffect, useMemo, useRef, useState, type UIEvent } from 'react';
import type { EventRowFragment, HistoryEventFragment } from '../generated/graphql';
import { readEvents } from '../events/event-reads';
import {
  BLOCK_SIZE,
  blocksOf,
  detailsText,
  filterArguments,
  isFiltering,
  NO_FILTER,
  rowWindow,
  type EventFilter,
} from '../events/event-window';
import { ErrorNotice } from './ErrorNotice';
import { formatTime } from './format';

/** Must match `.event-rows tr` in styles.css: the window's arithmetic relies on a fixed height. */
const ROW_HEIGHT = 28;
const VIEWPORT_HEIGHT = 448;
const OVERSCAN = 12;
/** Blocks kept while scrolling the whole history: the farthest from the view are dropped. */
const KEPT_BLOCKS = 24;
/** A search is sent once typing pauses this long, not at every key. */
const SEARCH_DELAY_MS = 300;
/** The server's longest search. */
const MAX_SEARCH_LENGTH = 200;

type Row = EventRowFragment | HistoryEventFragment;

interface ShownRow {
  readonly index: number;
  /** Unknown for a match not read yet. */
  readonly seq: number | undefined;
  readonly row: Row | undefined;
}

function sameRows(a: readonly ShownRow[], b: readonly ShownRow[]): boolean {
  return (
    a.length === b.length &&
    a.every((item, at) => item.row === b[at]!.row && item.seq === b[at]!.seq && item.index === b[at]!.index)
  );
}

/** The rendered rows: skipped while the live events that replay a long history change nothing in view. */
const EventRows = memo(function EventRows({
  rows,
  before,
  after,
}: {
  rows: readonly ShownRow[];
  before: number;
  after: number;
}) {
  return (
    <tbody>
      {before > 0 && <tr aria-hidden="true" className="event-spacer" style={{ height: before }} />}
      {rows.map(({ index, seq, row }) => {
        const details = row && 'details' in row ? detailsText(row.details) : '';
        return (
          <tr key={seq ?? `match-${index}`} data-seq={seq} aria-rowindex={index + 2}>
            <td>{seq ?? ''}</td>
            <td>{row?.type ?? '…'}</td>
            <td>{row?.stateName ?? ''}</td>
            <td>{row ? formatTime(row.timestamp) : ''}</td>
            <td className="event-details" title={details}>
              {details}
            </td>
          </tr>
        );
      })}
      {after > 0 && <tr aria-hidden="true" className="event-spacer" style={{ height: after }} />}
    </tbody>
  );
});

/** The matches of a filter, read from the server a block at a time from the history's start. */
interface FilterScan {
  readonly filter: EventFilter;
  readonly matches: EventRowFragment[];
  /** Every event up to this seq was looked at by the server. */
  readonly scannedTo: number;
  /** How many events of the history pass the filter, as of the last read. */
  readonly total: number;
  /** Whether matches follow the last one read. */
  readonly hasMore: boolean;
}

const NO_SCAN: FilterScan = { filter: NO_FILTER, matches: [], scannedTo: 0, total: 0, hasMore: true };

/**
 * An execution's history, virtualised: only the rows in view (and a few around them) are in the
 * page, and only the blocks of events they need are read from the server, so a long history opens
 * at once and never loads whole. Live events (`live`, from the page's subscription) join at the end.
 * The type filter and the search are the server's (`events(types, search)`): their matches are
 * counted at once and read from the first, a block at a time, as far as the rows in view need.
 */
export function EventTable({
  executionId,
  live,
}: {
  executionId: string;
  live: readonly HistoryEventFragment[];
}) {
  const [blocks, setBlocks] = useState<ReadonlyMap<number, EventRowFragment[]>>(new Map());
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [filter, setFilter] = useState<EventFilter>(NO_FILTER);
  const [searchText, setSearchText] = useState('');
  const [scan, setScan] = useState<FilterScan>(NO_SCAN);
  const reading = useRef(new Set<number>());
  const [scanning, setScanning] = useState(false);
  const viewport = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let current = true;
    setBlocks(new Map());
    setTotal(null);
    setError(null);
    reading.current.clear();
    readEvents(executionId, 0, BLOCK_SIZE)
      .then(({ rows, totalCount }) => {
        if (!current) return;
        setTotal(totalCount);
        setBlocks(new Map([[0, rows]]));
      })
      .catch((caught: unknown) => current && setError(caught));
    return () => {
      current = false;
    };
  }, [executionId]);

  // Seqs run 1, 2, 3... without gaps: the history has as many events as its last seq.
  const count = Math.max(total ?? 0, live.at(-1)?.seq ?? 0);
  const rowOf = (seq: number): Row | undefined => {
    const kept = blocks.get(Math.floor((seq - 1) / BLOCK_SIZE))?.[(seq - 1) % BLOCK_SIZE];
    if (kept) return kept;
    // The live events run without gaps: the one of `seq` sits at its distance from the first.
    const tail = live[seq - (live[0]?.seq ?? 0)];
    return tail?.seq === seq ? tail : undefined;
  };
  const lastShown = useRef<readonly ShownRow[]>([]);

  /** Reads the rest of a block (all of it, or what came after a short read) and keeps it. */
  const readBlock = useCallback(
    async (block: number, have: number) => {
      if (reading.current.has(block)) return;
      reading.current.add(block);
      try {
        const { rows } = await readEvents(executionId, block * BLOCK_SIZE + have, BLOCK_SIZE - have);
        setBlocks((kept) => {
          const next = new Map(kept);
          next.set(block, [...(kept.get(block) ?? []).slice(0, have), ...rows]);
          return next;
        });
      } catch (caught) {
        setError(caught);
      } finally {
        reading.current.delete(block);
      }
    },
    [executionId],
  );

  const filtering = isFiltering(filter);
  const scanCurrent = scan.filter === filter;
  // Filtered, the rows are the server's count of matches: those not read yet show as pending.
  const rowCount = filtering ? (scanCurrent ? Math.max(scan.total, scan.matches.length) : 0) : count;
  const view = rowWindow({
    scrollTop,
    viewportHeight: VIEWPORT_HEIGHT,
    rowHeight: ROW_HEIGHT,
    rowCount,
    overscan: OVERSCAN,
  });

  // Unfiltered: read the blocks of the rows in view that are missing or short of what exists.
  useEffect(() => {
    if (filtering || total === null) return;
    const firstSeq = view.first + 1;
    const lastSeq = view.end;
    for (const block of blocksOf(firstSeq, lastSeq)) {
      const have = blocks.get(block)?.length ?? 0;
      const wanted = Math.min(BLOCK_SIZE, count - block * BLOCK_SIZE);
      if (have < wanted) void readBlock(block, have);
    }
    if (blocks.size > KEPT_BLOCKS) {
      const middle = Math.floor(view.first / BLOCK_SIZE);
      const far = [...blocks.keys()].sort((a, b) => Math.abs(b - middle) - Math.abs(a - middle));
      setBlocks((kept) => {
        const next = new Map(kept);
        for (const block of far.slice(0, kept.size - KEPT_BLOCKS)) next.delete(block);
        return next;
      });
    }
  }, [filtering, total, view.first, view.end, blocks, count, readBlock]);

  // Filtered: read the next matches while they do not fill the view; once all are read, the
  // matches among events that arrived since.
  useEffect(() => {
    if (!filtering || total === null || scanning || error) return;
    const fresh = !scanCurrent;
    const from = fresh ? 0 : scan.scannedTo;
    const wanted = scan.hasMore ? scan.matches.length < view.end + OVERSCAN : count > scan.scannedTo;
    if (!fresh && !wanted) return;
    const known = count;
    setScanning(true);
    readEvents(executionId, from, BLOCK_SIZE, filterArguments(filter))
      .then(({ rows, totalCount, hasMore }) => {
        setScan((before) => {
          const base = before.filter === filter ? before : { ...NO_SCAN, filter };
          if (base.scannedTo !== from) return base;
          const last = rows.at(-1)?.seq ?? from;
          return {
            filter,
            matches: [...base.matches, ...rows],
            // Every event up to the history's end as this read began was looked at.
            scannedTo: hasMore ? last : Math.max(known, last),
            total: totalCount,
            hasMore,
          };
        });
      })
      .catch((caught: unknown) => setError(caught))
      .finally(() => setScanning(false));
  }, [filtering, filter, scan, scanCurrent, scanning, error, count, total, view.end, executionId]);

  const onScroll = (event: UIEvent<HTMLDivElement>) => setScrollTop(event.currentTarget.scrollTop);
  const changeFilter = useCallback((change: Partial<EventFilter>) => {
    setFilter((before) => ({ ...before, ...change }));
    setError(null);
    setScrollTop(0);
    if (viewport.current) viewport.current.scrollTop = 0;
  }, []);

  useEffect(() => {
    if (searchText === filter.search) return;
    const timer = setTimeout(() => changeFilter({ search: searchText }), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [searchText, filter.search, changeFilter]);

  // Types seen so far: the blocks' apart from the live tail's, which changes with every event.
  const blockTypes = useMemo(() => {
    const seen = new Set<string>();
    for (const rows of blocks.values()) for (const row of rows) seen.add(row.type);
    return seen;
  }, [blocks]);
  const types = useMemo(
    () =>
      [
        ...new Set([...blockTypes, ...live.map((row) => row.type), ...(filter.type ? [filter.type] : [])]),
      ].sort(),
    [blockTypes, live, filter.type],
  );

  const listed: ShownRow[] = [];
  for (let index = view.first; index < view.end; index++) {
    if (filtering) {
      const row = scan.matches[index];
      listed.push({ index, seq: row?.seq, row });
    } else {
      listed.push({ index, seq: index + 1, row: rowOf(index + 1) });
    }
  }
  if (!sameRows(listed, lastShown.current)) lastShown.current = listed;
  const shown = lastShown.current;

  return (
    <section aria-labelledby="events-heading" className="event-table">
      <h2 id="events-heading">Events</h2>
      {error ? <ErrorNotice error={error} action="Events could not be loaded" /> : null}
      <div className="event-filter">
        <label>
          Event type{' '}
          <select value={filter.type} onChange={(event) => changeFilter({ type: event.target.value })}>
            <option value="">All types</option>
            {types.map((type) => (
              <option key={type} value={type}>
                {type}
              </option>
            ))}
          </select>
        </label>
        <label>
          Search details{' '}
          <input
            type="search"
            value={searchText}
            maxLength={MAX_SEARCH_LENGTH}
            onChange={(event) => setSearchText(event.target.value)}
          />
        </label>
      </div>
      <p role="status" className="event-count">
        {total === null
          ? 'Loading the events…'
          : filtering
            ? scanCurrent
              ? `${rowCount} matching of ${count} events`
              : 'Searching the events…'
            : `${count} events`}
      </p>
      <div
        ref={viewport}
        className="event-viewport"
        role="region"
        aria-label="Events, scrollable"
        tabIndex={0}
        onScroll={onScroll}
      >
        <table className="events event-rows" aria-rowcount={rowCount + 1}>
          <thead>
            <tr aria-rowindex={1}>
              <th scope="col">#</th>
              <th scope="col">Type</th>
              <th scope="col">State</th>
              <th scope="col">Time</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <EventRows rows={shown} before={view.before} after={view.after} />
        </table>
      </div>
    </section>
  );
}
