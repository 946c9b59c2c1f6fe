// A local fake of Twilio's Messages API on 127.0.0.1 (worker tests and the local demo): checks HTTP Basic auth
// (AccountSid:AuthToken, or an API key SK…:secret belonging to the account) the way Twilio does, parses the form body, records every request, and
// answers with Twilio-shaped JSON (201 + a message resource, or Twilio's error objects). Also lists
// the messages it created (GET Messages.json?To=&From=), and can answer late (setDelay) to model a
// slow Twilio API: the message is created at once, the answer comes after the delay.
import http from "node:http";
import { randomBytes } from "node:crypto";

/**
 * @param {{ accounts: Record<string, string>, apiKeys?: Record<string, { secret: string, account: string }> }} o
 *   AccountSid → auth token; API key SID → its secret and the account it belongs to
 * @returns {Promise<{ url: string, requests: object[], messages: object[], failNext(status, code, message): void, setDelay(ms): void, close(): Promise<void> }>}
 */
export async function startFakeTwilio({ accounts, apiKeys = {} }) {
  const requests = [];
  const messages = [];
  let failure = null;
  // Content API (GET /v1/ContentAndApprovals): the items served, the page size (overrides PageSize),
  // and a failing mode (every request fails until cleared).
  let content = [];
  let contentPageSize = null;
  let contentFailure = null;
  let delayMs = 0;
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const record = { method: req.method, path: req.url, headers: req.headers, raw, params: null, status: 0 };
      requests.push(record);
      const send = (status, body, wait = 0) => {
        record.status = status;
        const answer = () => {
          if (res.destroyed) return;
          res.writeHead(status, { "content-type": "application/json" });
          res.end(JSON.stringify(body));
        };
        if (wait > 0) setTimeout(answer, wait);
        else answer();
      };
      const error = (status, code, message) =>
        send(status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });

      const c = /^\/v1\/ContentAndApprovals(\?.*)?$/.exec(req.url);
      if (c) {
        if (req.method !== "GET") return error(405, 20004, "Method not allowed");
        const auth = /^Basic (.+)$/.exec(req.headers.authorization ?? "");
        const [user, pass] = auth ? Buffer.from(auth[1], "base64").toString("utf8").split(/:(.*)/s) : [];
        if (!auth || !(user in accounts) || accounts[user] !== pass) return error(401, 20003, "Authenticate");
        if (contentFailure) return error(contentFailure.status, contentFailure.code, contentFailure.message);
        const q = new URLSearchParams(c[1] ?? "");
        const size = contentPageSize ?? Math.min(Number(q.get("PageSize") ?? 50) || 50, 1000);
        const page = Number(q.get("Page") ?? 0) || 0;
        const origin = `http://${req.headers.host}`;
        const at = (p) => `${origin}/v1/ContentAndApprovals?PageSize=${size}&Page=${p}`;
        const more = (page + 1) * size < content.length;
        return send(200, {
          contents: content.slice(page * size, (page + 1) * size),
          meta: { page, page_size: size, first_page_url: at(0), previous_page_url: page > 0 ? at(page - 1) : null,
            url: at(page), next_page_url: more ? at(page + 1) : null, key: "contents" },
        });
      }
      const [pathname, search = ""] = req.url.split("?");
      const m = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(pathname);
      if (!m) return error(404, 20404, "The requested resource was not found");
      if (req.method !== "POST" && req.method !== "GET") return error(405, 20004, "Method not allowed");
      const sid = decodeURIComponent(m[1]);
      const auth = /^Basic (.+)$/.exec(req.headers.authorization ?? "");
      const [user, pass] = auth ? Buffer.from(auth[1], "base64").toString("utf8").split(/:(.*)/s) : [];
      const key = Object.hasOwn(apiKeys, user ?? "") ? apiKeys[user] : null;
      const account = key ? (key.secret === pass ? key.account : null) : Object.hasOwn(accounts, user ?? "") && accounts[user] === pass ? user : null;
      if (!auth || account === null) return error(401, 20003, "Authenticate");
      if (account !== sid) return error(403, 20003, "Resource not accessible with this account");
      if (req.method === "GET") {
        const q = new URLSearchParams(search);
        const list = messages
          .filter((x) => x.account_sid === sid && (!q.get("To") || x.to === q.get("To")) && (!q.get("From") || x.from === q.get("From")))
          .slice()
          .reverse()
          .slice(0, Number(q.get("PageSize") ?? 50));
        return send(200, { messages: list, page: 0, page_size: list.length });
      }
      if (!/^application\/x-www-form-urlencoded\b/.test(req.headers["content-type"] ?? "")) {
        return error(400, 21620, "Invalid content type");
      }
      const params = {};
      for (const [k, v] of new URLSearchParams(raw)) (params[k] ??= []).push(v);
      record.params = params;
      if (failure) {
        const f = failure;
        failure = null;
        return error(f.status, f.code, f.message);
      }
      const one = (k) => params[k]?.[0];
      if (!one("To")) return error(400, 21604, "A 'To' phone number is required.");
      if (!one("From") && !one("MessagingServiceSid")) return error(400, 21603, "A 'From' phone number is required.");
      if (!one("Body") && !one("ContentSid") && !one("MediaUrl")) {
        return error(400, 21619, "A text message body or media urls must be specified.");
      }
      const now = new Date().toUTCString();
      const messageSid = `SM${randomBytes(16).toString("hex")}`;
      const resource = {
        sid: messageSid,
        account_sid: sid,
        api_version: "2010-04-01",
        body: one("Body") ?? "",
        date_created: now,
        date_updated: now,
        date_sent: null,
        direction: "outbound-api",
        error_code: null,
        error_message: null,
        from: one("From") ?? null,
        messaging_service_sid: one("MessagingServiceSid") ?? null,
        num_media: String(params.MediaUrl?.length ?? 0),
        num_segments: "1",
        price: null,
        price_unit: "USD",
        status: one("MessagingServiceSid") ? "accepted" : "queued",
        to: one("To"),
        uri: `/2010-04-01/Accounts/${sid}/Messages/${messageSid}.json`,
      };
      messages.push(resource);
      record.messageSid = messageSid;
      send(201, resource, delayMs);
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    requests,
    messages,
    /** Sends answer this late (ms); the message is created at once (0: answer at once). */
    setDelay(ms) {
      delayMs = ms;
    },
    /** The next authenticated send fails with this Twilio error. */
    failNext(status, code, message) {
      failure = { status, code, message };
    },
    /** Content API: serve these items (ContentAndApprovals shape), `pageSize` per page. */
    setContent(items, { pageSize = null } = {}) {
      content = items;
      contentPageSize = pageSize;
    },
    /** Content API: fail every request with this Twilio error (null: stop failing). */
    failContent(f) {
      contentFailure = f;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
