/**
 * The HTTP Task's `Transform.RequestBodyEncoding: URL_ENCODED`: a JSON object sent as
 * `application/x-www-form-urlencoded`, arrays spelled as `RequestEncodingOptions.ArrayFormat` says.
 */

/** How arrays are spelled; AWS's default is `INDICES`. */
export const ARRAY_FORMATS = ['BRACKETS', 'COMMAS', 'INDICES', 'REPEAT'] as const;
export type ArrayFormat = (typeof ARRAY_FORMATS)[number];

/**
 * Encodes an object as a form body. `{ a: ['x', 'y'] }` becomes `a[0]=x&a[1]=y` (INDICES),
 * `a[]=x&a[]=y` (BRACKETS), `a=x&a=y` (REPEAT) or `a=x,y` (COMMAS); nested objects become
 * `a[b]=c`; `null` becomes an empty value.
 */
export function encodeFormBody(body: Readonly<Record<string, unknown>>, arrayFormat: ArrayFormat): string {
  const pairs: Array<[string, string]> = [];
  for (const [key, value] of Object.entries(body)) appendField(pairs, key, value, arrayFormat);
  return new URLSearchParams(pairs).toString();
}

function appendField(pairs: Array<[string, string]>, key: string, value: unknown, format: ArrayFormat): void {
  if (value === undefined) return;
  if (value === null) {
    pairs.push([key, '']);
  } else if (Array.isArray(value)) {
    appendArray(pairs, key, value, format);
  } else if (typeof value === 'object') {
    for (const [child, nested] of Object.entries(value))
      appendField(pairs, `${key}[${child}]`, nested, format);
  } else {
    pairs.push([key, String(value)]);
  }
}

function appendArray(
  pairs: Array<[string, string]>,
  key: string,
  items: unknown[],
  format: ArrayFormat,
): void {
  const scalars = items.every((item) => item === null || typeof item !== 'object');
  if (format === 'COMMAS' && scalars) {
    pairs.push([key, items.map((item) => (item === null ? '' : String(item))).join(',')]);
    return;
  }
  // COMMAS cannot spell an array of objects: those fall back to INDICES.
  items.forEach((item, index) => {
    const itemKey = format === 'REPEAT' ? key : format === 'BRACKETS' ? `${key}[]` : `${key}[${index}]`;
    appendField(pairs, itemKey, item, format);
  });
}
