/**
 * docs/performance.md is written by several parts of the bench: the engine's report, then a section
 * each for the API, the live subscriptions and history retention, between markers. Each run rewrites only the parts it
 * measured and keeps the others.
 */
const SECTIONS = ['api', 'subscriptions', 'retention'] as const;
type Section = (typeof SECTIONS)[number];

const start = (section: Section) => `<!-- ${section} bench: start -->`;
const end = (section: Section) => `<!-- ${section} bench: end -->`;

/** `text` without the section, and the section's old content ('' where there is none). */
function cut(text: string, section: Section): { rest: string; content: string } {
  const from = text.indexOf(start(section));
  const to = text.indexOf(end(section));
  if (from < 0 || to <= from) return { rest: text, content: '' };
  return {
    rest: text.slice(0, from) + text.slice(to + end(section).length),
    content: text.slice(from + start(section).length, to),
  };
}

/** The document with `engine` (the engine report) and each given section replaced. */
export function mergePerformanceDoc(
  existing: string | undefined,
  parts: { readonly engine?: string } & { readonly [S in Section]?: string },
): string {
  let rest = existing ?? '';
  const sections: string[] = [];
  for (const section of SECTIONS) {
    const old = cut(rest, section);
    rest = old.rest;
    const content = (parts[section] ?? old.content).trim();
    if (content) sections.push(`${start(section)}\n${content}\n${end(section)}`);
  }
  const engine = (parts.engine ?? rest).trimEnd();
  return `${[engine, ...sections].join('\n\n')}\n`.trimStart();
}
