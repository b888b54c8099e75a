import type { Server } from "node:http";

/** The built explorer's folder (web/dist). */
export declare const DIST: string;

export interface ServeUiOptions {
  /** Default 5177; 0 picks a free port. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Open the URL in the desktop's browser (xdg-open / open / start). */
  readonly open?: boolean;
  /** The folder to serve (default web/dist). */
  readonly root?: string;
  /** Do not print the URL. */
  readonly quiet?: boolean;
}

export interface RunningUi {
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

/** Serve the built explorer over HTTP; throws when web/dist has not been built. */
export declare function serveUi(options?: ServeUiOptions): Promise<RunningUi>;
