// Minimal webhook-verifying worker for the throughput benchmark: wa-guard/webhook verifySignature on the
// raw body. PUBLIC_ORIGIN is the origin Twilio called (the bench serves on loopback).
import * as wa from "../../pkg/webhook/workerd/index.js"; // wa-guard/webhook: all this worker needs

export default {
  async fetch(request, env) {
    const u = new URL(request.url);
    const body = await request.text();
    const verdict = wa.verifySignature({
      authToken: env.AUTH_TOKEN,
      signature: request.headers.get("x-twilio-signature") ?? "",
      url: env.PUBLIC_ORIGIN + u.pathname + u.search,
      body,
      contentType: request.headers.get("content-type") ?? undefined,
    });
    return new Response(null, { status: verdict.valid ? 204 : 403 });
  },
};
