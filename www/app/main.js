// Entry point: loads wa-guard, then starts each panel. One module per panel:
//   setup.js (channel setup), conversation.js (timeline, clock, window banner),
//   composer.js (free text, attachments, templates), number.js (E.164), signature.js (webhook
//   signatures), import.js (Content API templates: import, eligibility, preview), worker.js
//   (optional local worker).
import { load, wa } from "./wa.js";
import { byId } from "./dom.js";
import { emit } from "./store.js";
import { initSetup } from "./setup.js";
import { initConversation, refresh, seed } from "./conversation.js";
import { initComposer } from "./composer.js";
import { initNumber } from "./number.js";
import { initSignature } from "./signature.js";
import { initWorker } from "./worker.js";
import { initImport } from "./import.js";

async function start() {
  await load();
  byId("version").textContent = `wa-guard ${wa.version()}`;
  initConversation();
  initComposer();
  initNumber();
  initSignature();
  initImport();
  await initSetup();
  seed();
  initWorker();
  refresh();
  setInterval(() => emit("tick"), 1000);
  document.body.dataset.ready = "true";
}

start().catch((e) => {
  const box = byId("boot-error");
  box.hidden = false;
  box.textContent = `The demo could not start: ${e?.message ?? e}. Build the package first (pkg-scripts/build).`;
  console.error(e);
});
