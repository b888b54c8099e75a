/**
 * The e2e project's global setup: build the explorer once (web/dist) before the browser tests.
 */
import { build } from "vite";

export default async function setup(): Promise<void> {
  await build({ configFile: "web/vite.config.ts", logLevel: "error" });
}
