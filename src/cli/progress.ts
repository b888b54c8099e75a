/**
 * Progress on stderr, only when stderr is a terminal (and never in --json mode): one line
 * rewritten in place, cleared when the work ends. Fed by the library's onProgress callbacks.
 */
import type { OutStream } from "./io.js";

export interface ProgressLine {
  /** Show this text (rate-limited). */
  update(text: string): void;
  /** Erase the line. */
  done(): void;
}

const NOOP: ProgressLine = { update() {}, done() {} };

export function progressLine(err: OutStream, enabled: boolean, intervalMs = 100): ProgressLine {
  if (!enabled || err.isTTY !== true) return NOOP;
  let last = 0;
  let shown = false;
  const width = Math.max(20, (err.columns ?? 80) - 1);
  return {
    update(text) {
      const now = Date.now();
      if (now - last < intervalMs) return;
      last = now;
      shown = true;
      err.write(`\r\x1b[K${text.length > width ? text.slice(0, width - 1) + "…" : text}`);
    },
    done() {
      if (shown) err.write("\r\x1b[K");
      shown = false;
    },
  };
}

/** "1.2M" */
export function compact(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e4) return `${Math.round(n / 1e3)}k`;
  return String(Math.round(n));
}
