/** Date-times in the reader's locale, to the second. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleString(undefined, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

/** How long from `start` to `end` (or now), e.g. `1 min 4.2 s`. */
export function formatDuration(start: string, end: string | null | undefined, now = Date.now()): string {
  const ms = (end ? Date.parse(end) : now) - Date.parse(start);
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${ms} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${(seconds % 60).toFixed(0)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
