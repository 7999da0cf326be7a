/** An execution's status, in words and colour. */
export function StatusBadge({ status }: { status: string }) {
  return <span className={`status-badge execution-${status}`}>{status}</span>;
}
