// A tiny static server for the demo page: serves www/ at / and the built package at /pkg/,
// on 127.0.0.1 only. Used by pkg-scripts/demo and by the browser tests.
//   node pkg-scripts/serve.mjs [port]      (port 0 picks a free one; the URL is printed)
// POST /__worker relays one request to the local edge worker (127.0.0.1, port
// WA_GUARD_WORKER_PORT or 8787) and always answers 200 with `{ reachable, status, contentType,
// body }`, so the page can probe and drive an absent worker without browser console errors.
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

/** Largest relayed request body (bytes). */
const MAX_RELAY_BYTES = 256 * 1024;

async function readAll(req) {
  const chunks = [];
  let size = 0;
  for await (const c of req) {
    size += c.length;
    if (size > MAX_RELAY_BYTES) throw Object.assign(new Error("relay body too large"), { status: 413 });
    chunks.push(c);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * Relays `{ method, path, headers, body }` to the local worker. Only to 127.0.0.1 and only a path
 * (never a host), so this is no open proxy.
 */
async function relay(req, res) {
  const reply = (obj) => { res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" }); res.end(JSON.stringify(obj)); };
  let spec;
  try {
    spec = JSON.parse(await readAll(req));
  } catch (e) {
    res.writeHead(e.status ?? 400, { "content-type": "text/plain" });
    return res.end("bad relay request");
  }
  const path = typeof spec?.path === "string" && spec.path.startsWith("/") && !spec.path.startsWith("//") ? spec.path : null;
  if (!path) return reply({ reachable: false, error: "path must start with /" });
  const port = Number(process.env.WA_GUARD_WORKER_PORT ?? 8787);
  const headers = Object.fromEntries(Object.entries(spec.headers ?? {}).filter(([, v]) => typeof v === "string"));
  try {
    const r = await fetch(`http://127.0.0.1:${port}${path}`, {
      method: spec.method ?? "GET", headers, body: typeof spec.body === "string" ? spec.body : undefined,
      signal: AbortSignal.timeout(5000), redirect: "manual",
    });
    reply({ reachable: true, status: r.status, contentType: r.headers.get("content-type") ?? "", body: await r.text() });
  } catch (e) {
    reply({ reachable: false, error: e.cause?.code ?? e.cause?.message ?? e.message ?? "unreachable" });
  }
}

export function startServer(port = 0, host = "127.0.0.1") {
  const server = createServer(async (req, res) => {
    if (req.method === "POST" && req.url === "/__worker") return relay(req, res);
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
