/**
 * What the terminal can show: colours only on a TTY without NO_COLOR (https://no-color.org), and
 * live widgets (spinner, progress bar) only on a TTY, drawn on stderr so stdout stays data.
 */
import type { OutputStream as Stream } from '../io.js';

export function isTty(stream: Stream): boolean {
  return stream.isTTY === true;
}

export function colourEnabled(stream: Stream, env: NodeJS.ProcessEnv): boolean {
  return isTty(stream) && (env.NO_COLOR === undefined || env.NO_COLOR === '') && env.TERM !== 'dumb';
}

const CODES = { red: 31, green: 32, yellow: 33, cyan: 36, dim: 2, bold: 1 } as const;
export type Colour = keyof typeof CODES;

export type Paint = (colour: Colour, text: string) => string;

/** Paints text for `stream`: unchanged when colours are off. */
export function painter(stream: Stream, env: NodeJS.ProcessEnv): Paint {
  const enabled = colourEnabled(stream, env);
  return (colour, text) => (enabled ? `\u001b[${CODES[colour]}m${text}\u001b[0m` : text);
}

/** The colour of an execution or bulk operation status. */
export function statusColour(status: string): Colour {
  if (status === 'SUCCEEDED') return 'green';
  if (status === 'RUNNING' || status === 'DRY_RUN') return 'cyan';
  return 'red';
}

/** A line redrawn in place on a TTY (spinner, progress bar); does nothing elsewhere. */
export class LiveLine {
  private active = false;

  constructor(private readonly stream: Stream) {}

  get enabled(): boolean {
    return isTty(this.stream);
  }

  draw(text: string): void {
    if (!this.enabled) return;
    this.active = true;
    this.stream.write(`\r\u001b[2K${text}`);
  }

  clear(): void {
    if (!this.active) return;
    this.active = false;
    this.stream.write('\r\u001b[2K');
  }
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** A spinner with the elapsed time, on a TTY only; `stop()` clears it. */
export function startSpinner(label: string, stream: Stream): { stop(): void } {
  const line = new LiveLine(stream);
  if (!line.enabled) return { stop() {} };
  const started = Date.now();
  let frame = 0;
  const draw = () => {
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    line.draw(`${FRAMES[frame++ % FRAMES.length]} ${label} ${seconds}s`);
  };
  draw();
  const timer = setInterval(draw, 100);
  return {
    stop() {
      clearInterval(timer);
      line.clear();
    },
  };
}

/** `[#####-----] 50% 5/10` for a progress bar. */
export function progressBar(done: number, total: number, width = 30): string {
  const ratio = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(ratio * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${Math.floor(ratio * 100)}% ${done}/${total}`;
}
