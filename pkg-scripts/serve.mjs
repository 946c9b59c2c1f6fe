// A tiny static server for the demo page: serves www/ at / and the built package at /pkg/,
// on 127.0.0.1 only. Used by pkg-scripts/demo and by the browser tests.
//   node pkg-scripts/serve.mjs [port]      (port 0 picks a free one; the URL is printed)
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, normalize, join, sep } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const types = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8", ".wasm": "application/wasm",
  ".svg": "image/svg+xml", ".png": "image/png", ".ts": "text/plain; charset=utf-8",
};

/** Maps a request path to a file under www/ or pkg/, or null when outside them. */
function resolve(pathname) {
  let rel = decodeURIComponent(pathname);
  if (rel.endsWith("/")) rel += "index.html";
  const base = rel.startsWith("/pkg/") ? join(root, "pkg") : join(root, "www");
  const sub = rel.startsWith("/pkg/") ? rel.slice(4) : rel;
  const file = normalize(join(base, sub));
  return file.startsWith(base + sep) ? file : null;
}

export function startServer(port = 0, host = "127.0.0.1") {
  const server = createServer(async (req, res) => {
    try {
      const file = resolve(new URL(req.url, "http://x").pathname);
      if (!file) throw Object.assign(new Error("outside"), { code: "ENOENT" });
      const body = await readFile(file);
      res.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream", "cache-control": "no-store" });
      res.end(body);
    } catch (e) {
      res.writeHead(e.code === "ENOENT" || e.code === "EISDIR" ? 404 : 500, { "content-type": "text/plain" });
      res.end("not found");
    }
  });
  return new Promise((ok) => server.listen(port, host, () => ok(server)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const server = await startServer(Number(process.argv[2] ?? 8080));
  const { address, port } = server.address();
  console.log(`demo page: http://${address}:${port}/`);
}
