// Content API inputs shared by tests/js/content.test.mjs and pkg-scripts/bench.
import { readFileSync } from "node:fs";

export const FIXTURE = JSON.parse(readFileSync(new URL("../vectors/content-and-approvals.json", import.meta.url), "utf8"));

// 10 pages × 500 templates, each item shaped like Twilio's (≈ 5 MB of JSON).
export function bigImport() {
  const base = FIXTURE.page.contents;
  const pages = [];
  for (let p = 0; p < 10; p++) {
    const contents = [];
    for (let i = 0; i < 500; i++) {
      const n = p * 500 + i;
      const x = structuredClone(base[n % base.length]);
      x.sid = "HX" + n.toString(16).padStart(32, "0");
      x.friendly_name = `${x.friendly_name}_${n}`;
      x.variables = { ...x.variables, note: "x".repeat(600) };
      contents.push(x);
    }
    pages.push({ contents, meta: { page: p, page_size: 500, next_page_url: p < 9 ? `https://content.twilio.com/v1/ContentAndApprovals?Page=${p + 1}` : null, key: "contents" } });
  }
  return pages;
}

