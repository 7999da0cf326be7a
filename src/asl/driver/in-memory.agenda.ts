/** The in-memory driver's agenda: outcomes due for runs, in virtual-time order, ties first-come. */
import type { Outcome } from '../step/step.types.js';

/** An outcome to deliver to a run at a virtual time. */
export interface AgendaEntry {
  readonly at: number;
  readonly runId: number;
  readonly outcome: Outcome;
}

/** A time-ordered queue; entries due at the same time keep their insertion order. */
export class Agenda {
  private readonly entries: (AgendaEntry & { readonly seq: number })[] = [];
  private seq = 0;

  /** Adds an entry. */
  add(entry: AgendaEntry): void {
    const item = { ...entry, seq: this.seq++ };
    const index = this.entries.findIndex((other) => other.at > item.at);
    if (index < 0) this.entries.push(item);
    else this.entries.splice(index, 0, item);
  }

  /** Removes and returns the earliest entry. */
  next(): AgendaEntry | undefined {
    return this.entries.shift();
  }
}
