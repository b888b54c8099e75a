/**
 * Where the command line writes: injectable so that tests run commands in-process and read
 * what they printed. Defaults to the process's own streams.
 */
export interface OutStream {
  write(s: string): unknown;
  /** A terminal: progress goes to stderr only then. */
  readonly isTTY?: boolean;
  readonly columns?: number;
}

export interface Io {
  readonly stdout: OutStream;
  readonly stderr: OutStream;
}

let pipeHandled = false;

/** The process's streams; a closed pipe (`sva-lab matrix | head`) ends the process quietly. */
export function processIo(): Io {
  if (!pipeHandled) {
    pipeHandled = true;
    for (const s of [process.stdout, process.stderr]) {
      s.on("error", (e: NodeJS.ErrnoException) => {
        if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
        throw e;
      });
    }
  }
  return { stdout: process.stdout, stderr: process.stderr };
}

/** Exit codes (docs/cli.md). */
export const EXIT = {
  /** Every property holds (check), a report was printed (matrix, lists). */
  ok: 0,
  /** Some property is violated (a warning never is). */
  violated: 1,
  /** Bad input: a bad scenario or trace file, an unknown flag or value. */
  usage: 2,
  /** Incomplete: a cap (--max-states, --max-depth, --timeout) was hit and nothing was violated. */
  incomplete: 3,
  /** A bug in sva-lab (EX_SOFTWARE). */
  internal: 70,
} as const;

/** An expected error (bad input): printed as one line, exit 2. */
export class UsageError extends Error {}

/** Writes lines to a stream. */
export function println(out: OutStream, lines: string | readonly string[]): void {
  const xs = typeof lines === "string" ? [lines] : lines;
  if (xs.length > 0) out.write(xs.join("\n") + "\n");
}
