/**
 * Plain-text tables for people: a header row, columns padded to their widest cell. Cells are
 * single-line (newlines shown as spaces) and long ones are cut, so a row stays one line.
 */
export interface Column<Row> {
  readonly header: string;
  readonly value: (row: Row) => string | number | null | undefined;
  /** Cells longer than this are cut with an ellipsis. */
  readonly maxWidth?: number;
  /** Paints a padded cell; colour codes are added after padding so widths stay right. */
  readonly paint?: (text: string, row: Row) => string;
}

function cell(value: string | number | null | undefined, maxWidth: number | undefined): string {
  const text = value === null || value === undefined ? '' : String(value).replace(/\s*\n\s*/g, ' ');
  return maxWidth !== undefined && text.length > maxWidth ? `${text.slice(0, maxWidth - 1)}…` : text;
}

export function renderTable<Row>(rows: readonly Row[], columns: readonly Column<Row>[]): string {
  const cells = rows.map((row) => columns.map((column) => cell(column.value(row), column.maxWidth)));
  const widths = columns.map((column, index) =>
    Math.max(column.header.length, ...cells.map((line) => line[index].length)),
  );
  const pad = (text: string, index: number) =>
    index === columns.length - 1 ? text : text.padEnd(widths[index]);
  const header = columns.map((column, index) => pad(column.header, index)).join('  ');
  const body = cells.map((line, rowIndex) =>
    line
      .map((text, index) => {
        const padded = pad(text, index);
        const paint = columns[index].paint;
        return paint ? paint(padded, rows[rowIndex]) : padded;
      })
      .join('  '),
  );
  return [header.trimEnd(), ...body.map((line) => line.trimEnd())].join('\n');
}

/** `key  value` lines for one record, keys padded to the widest. */
export function renderFields(
  fields: ReadonlyArray<readonly [string, string | number | null | undefined]>,
): string {
  const width = Math.max(...fields.map(([key]) => key.length));
  return fields
    .filter(([, value]) => value !== null && value !== undefined && value !== '')
    .map(([key, value]) => `${`${key}:`.padEnd(width + 2)}${String(value)}`)
    .join('\n');
}
