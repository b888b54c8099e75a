/** What every command gets: the streams, and where it leaves its exit code. */
import type { Io } from "./io.js";

export interface Ctx {
  readonly io: Io;
  code: number;
}
