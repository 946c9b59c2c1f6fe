// Baseline for the throughput benchmark: the same worker with a typical pure-JS check on WebCrypto
// (URLSearchParams, sorted names, HMAC-SHA1 via crypto.subtle, key imported once, constant-time
// compare of the base64 strings). It checks the URL as received only (no port/normalised variants).
const enc = new TextEncoder();
let cached; // [token, CryptoKey]

async function hmacKey(token) {
  if (cached?.[0] !== token) {
    const key = await crypto.subtle.importKey("raw", enc.encode(token), { name: "HMAC", hash: "SHA-1" }, false, ["sign"]);
    cached = [token, key];
  }
  return cached[1];
}

function signedString(url, params) {
  let s = url;
  for (const name of [...new Set(params.keys())].sort()) {
    for (const v of [...new Set(params.getAll(name))].sort()) s += name + v;
  }
  return s;
}

function equal(a, b) {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return d === 0;
}

export default {
  async fetch(request, env) {
    const u = new URL(request.url);
    const body = await request.text();
    const data = signedString(env.PUBLIC_ORIGIN + u.pathname + u.search, new URLSearchParams(body));
    const mac = new Uint8Array(await crypto.subtle.sign("HMAC", await hmacKey(env.AUTH_TOKEN), enc.encode(data)));
    const expected = btoa(String.fromCharCode(...mac));
    const valid = equal(expected, request.headers.get("x-twilio-signature") ?? "");
    return new Response(null, { status: valid ? 204 : 403 });
  },
};
