#!/usr/bin/env node
/**
 * A tiny static file server for the built explorer (web/dist), node:http only. Binds 127.0.0.1 by
 * default: the page needs no server beyond its files (the checker runs in a Web Worker).
 *
 *   node web/serve.mjs [--port N] [--host H] [--open]      (npm run ui builds first)
 *
 * serveUi({ port, host, open, root, quiet }) → Promise<{ url, server, close() }>; port 0 picks a
 * free port.
 */
import { createServer } from "node:http";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

export const DIST = fileURLToPath(new URL("./dist/", import.meta.url));

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".map": "application/json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".yaml": "text/yaml; charset=utf-8",
  ".wasm": "application/wasm",
};

/** Start serving; resolves once listening. */
export async function serveUi({ port = 5177, host = "127.0.0.1", open = false, root = DIST, quiet = false } = {}) {
  const base = resolve(root);
  if (!existsSync(join(base, "index.html"))) {
    throw new Error(`no built explorer in ${base}: run 'npm run build:web' first`);
  }
  const server = createServer(async (req, res) => {
    try {
      if (req.method !== "GET" && req.method !== "HEAD") {
        res.writeHead(405, { allow: "GET, HEAD" }).end();
        return;
      }
      const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
      let file = normalize(join(base, path));
      if (file !== base && !file.startsWith(base + sep)) {
        res.writeHead(403).end("forbidden\n");
        return;
      }
      let st = await stat(file).catch(() => undefined);
      if (st?.isDirectory()) {
        file = join(file, "index.html");
        st = await stat(file).catch(() => undefined);
      }
      if (!st?.isFile()) {
        res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end(`not found: ${path}\n`);
        return;
      }
      const body = await readFile(file);
      const hashed = /[\\/]assets[\\/]/.test(file);
      res.writeHead(200, {
        "content-type": TYPES[extname(file)] ?? "application/octet-stream",
        "content-length": body.length,
        "cache-control": hashed ? "public, max-age=31536000, immutable" : "no-cache",
        "x-content-type-options": "nosniff",
      });
      res.end(req.method === "HEAD" ? undefined : body);
    } catch (e) {
      res.writeHead(500, { "content-type": "text/plain; charset=utf-8" }).end(`error: ${e instanceof Error ? e.message : String(e)}\n`);
    }
  });
  await new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(port, host, () => ok(undefined));
  });
  const addr = server.address();
  const actual = typeof addr === "object" && addr ? addr.port : port;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${actual}/`;
  if (!quiet) console.log(`sva-lab explorer: ${url}  (Ctrl-C to stop)`);
  if (open) openBrowser(url);
  return {
    url,
    server,
    close: () => new Promise((ok) => server.close(() => ok(undefined))),
  };
}

function openBrowser(url) {
  const cmd = process.platform === "darwin" ? "open" : process.platform === "win32" ? "cmd" : "xdg-open";
  const args = process.platform === "win32" ? ["/c", "start", "", url] : [url];
  try {
    const child = spawn(cmd, args, { stdio: "ignore", detached: true });
    child.on("error", () => console.log(`(could not open a browser: open ${url} yourself)`));
    child.unref();
  } catch {
    console.log(`(could not open a browser: open ${url} yourself)`);
  }
}

// Run directly: node web/serve.mjs [--port N] [--host H] [--open]
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const value = (name) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const port = value("--port") !== undefined ? Number(value("--port")) : undefined;
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port < 65536)) {
    console.error(`serve: --port must be a port number, not '${value("--port")}'`);
    process.exit(2);
  }
  serveUi({ ...(port !== undefined ? { port } : {}), ...(value("--host") ? { host: value("--host") } : {}), open: args.includes("--open") }).catch((e) => {
    console.error(`serve: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}
