// Optional: drive the conversation through the local edge worker (pkg-scripts/demo runs it on
// 127.0.0.1:8787). Off by default, so nothing is requested when the worker is absent.
import { byId } from "./dom.js";
import { state, emit } from "./store.js";

function setStatus(status, text) {
  state.worker.status = status;
  const pill = byId("worker-status");
  pill.dataset.state = status;
  pill.textContent = text;
  emit("worker");
}

export function initWorker() {
  const toggle = byId("worker-toggle");
  toggle.addEventListener("change", () => {
    state.worker.enabled = toggle.checked;
    if (!toggle.checked) return setStatus("off", "standalone");
    setStatus("offline", "worker mode not wired yet");
  });
}
