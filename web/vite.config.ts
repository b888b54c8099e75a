/**
 * The explorer's Vite build: web/ is the root, the bundle goes to web/dist (served by
 * web/serve.mjs, `npm run ui`). Relative asset URLs, so the folder can be served from anywhere.
 */
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  root,
  base: "./",
  clearScreen: false,
  logLevel: "warn",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    reportCompressedSize: false,
    rollupOptions: {
      onwarn(warning, warn) {
        // zod's sources carry `@__PURE__` comments Rollup cannot place; harmless.
        if (warning.code === "INVALID_ANNOTATION") return;
        warn(warning);
      },
    },
  },
  worker: { format: "es" },
  // The page imports the library and the built-in scenarios from the repository root.
  server: { fs: { allow: [fileURLToPath(new URL("..", import.meta.url))] } },
});
