// Shared page state and a tiny publish/subscribe. Panels read the state and listen for topics:
//   "config"   the channel configuration changed (parsed, maybe invalid)
//   "customer" the customer's number or language changed
//   "events"   the conversation timeline changed
//   "clock"    the simulated clock jumped (a "tick" fires every second as well)
//   "worker"   the worker mode or its status changed

const listeners = new Map();

export const state = {
  /** The configuration as last parsed (JSON form, version 1), or null. */
  config: null,
  /** Problems reported by validateConfig for `config`. */
  configProblems: [],
  /** Index of the active workstream in `config.workstreams`. */
  workstreamIndex: 0,
  /** The customer: E.164 number and locale as typed. */
  customer: { number: "+447700900123", language: "pt-BR", name: "Ana Souza" },
  /** Simulated clock: offset added to the real clock. */
  clockOffsetMs: 0,
  /** Conversation events: `{ id, direction, at (epoch ms), kind, text, referral?, template?, media? }`. */
  events: [],
  /** Local worker mode: `{ enabled, status: "off" | "checking" | "online" | "offline", base }`. */
  worker: { enabled: false, status: "off" },
};

/** The simulated "now" in epoch milliseconds. */
export function now() {
  return Date.now() + state.clockOffsetMs;
}

/** The active workstream object from the config, or undefined. */
export function workstream() {
  return state.config?.workstreams?.[state.workstreamIndex];
}

export function on(topic, fn) {
  if (!listeners.has(topic)) listeners.set(topic, new Set());
  listeners.get(topic).add(fn);
}

export function emit(topic, detail) {
  for (const fn of listeners.get(topic) ?? []) {
    try {
      fn(detail);
    } catch (e) {
      // A panel failing must not take the others down; surface it where developers look.
      console.error(`panel listener for "${topic}" failed:`, e);
    }
  }
}

let nextId = 1;
/** Adds a conversation event and notifies. */
export function addEvent(ev) {
  state.events.push({ id: nextId++, ...ev });
  state.events.sort((a, b) => a.at - b.at);
  emit("events");
}
