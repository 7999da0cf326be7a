/** The value a {@link BoundedLabel} gives everything past its cap. */
export const OTHER_LABEL_VALUE = 'other';

/**
 * Keeps a label fed by names users choose (state machines) to a bounded set of series: the first
 * `cap` distinct values a process sees keep their name, later ones read {@link OTHER_LABEL_VALUE}.
 * Per process, for its lifetime: a restart may admit a different set.
 */
export class BoundedLabel {
  private readonly admitted = new Set<string>();

  constructor(private readonly cap: number) {}

  of(value: string): string {
    if (this.admitted.has(value)) return value;
    if (this.admitted.size >= this.cap) return OTHER_LABEL_VALUE;
    this.admitted.add(value);
    return value;
  }
}
