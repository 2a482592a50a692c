/* engine-client.mjs: the in-browser engine for a tool page, in one reusable module.

API (for a tool page's own module):

    import { getEngine } from "../engine-client.mjs";   // path relative to the importing module
    const engine = getEngine();        // one engine per page; its worker starts at once, off the main thread
    engine.bindStatus(element);        // drive a [data-tool-status] element: data-state + visible text
    const result = await engine.request("check", { text });   // resolves with the reply's `result`
    engine.state                       // "loading" | "ready" | "error"
    engine.onChange((state) => ...)    // called on every state or progress change
    engine.ready                       // a promise: resolves when ready, rejects if the boot fails

  request(type, payload) rejects with an EngineRequestError whose `name` is the engine's error name
  ("InputError" for text the tool cannot check: show its `message` beside the person's text, which stays;
  "BadRequest", "EngineError", or for a failed boot "LoadError", "IntegrityError", "TimeoutError") and
  whose `message` is plain English for the person.

  A request made before the engine is ready waits and runs as soon as it is ready; while it waits, the
  status says so (engine.setWaiting(text) lets the page word it, e.g. "Your check will run when ...").

  Request types are those of src/outcomes_tools/bridge.py: ping, check, map, question, prompts,
  frameworks (and any added there). Nothing is stored and nothing leaves the browser: the worker talks only
  to this site, for its own files.
*/

const WORKER_URL = new URL("./engine-worker.mjs", import.meta.url);
const LOADING_TEXT = "Loading the tools — the first time can take a few seconds";
const READY_TEXT = "The tools are ready. Nothing you type leaves this computer.";

export class EngineRequestError extends Error {
  constructor(name, message) {
    super(message);
    this.name = name;
  }
}

class Engine {
  constructor(options = {}) {
    this.state = "loading";
    this.progressText = "";
    this.step = 0;
    this.steps = 4;
    this.error = null;
    this.waitingText = "";
    this.version = null;
    this._bootTimeoutMs = options.bootTimeoutMs;
    this._prepare = options.prepare ?? pageRequests();
    this._nextId = 1;
    this._pending = new Map();
    this._listeners = new Set();
    this._statusElements = new Set();
    this._worker = null;
    this._outbox = [];
    this.ready = new Promise((resolve, reject) => {
      this._resolveReady = resolve;
      this._rejectReady = reject;
    });
    this.ready.catch(() => {}); // a failed boot is shown in the status; callers may also await it
    // The worker starts as soon as a tool's module runs: the tool pages load it with `async`, after the
    // tool's markup, so the page text and the form are already there. The worker works off the main thread
    // and never holds them up; waiting for the window's load event (every stylesheet, script and image)
    // would only delay the tools.
    this._start();
  }

  _start() {
    if (this._worker) return;
    try {
      this._worker = new Worker(WORKER_URL, { type: "module", name: "outcomes-engine" });
    } catch (err) {
      this._fail({ name: "LoadError", message: "This browser could not start the tools. Try an up-to-date version of Edge, Chrome, Firefox or Safari." });
      return;
    }
    this._worker.addEventListener("message", (event) => this._onMessage(event.data));
    this._worker.addEventListener("error", (event) => {
      event.preventDefault?.();
      this._fail({ name: "LoadError", message: "The tools could not start in this browser. Reload the page to try again; if it keeps happening, try an up-to-date version of Edge, Chrome, Firefox or Safari." });
    });
    this._worker.postMessage({ type: "init", bootTimeoutMs: this._bootTimeoutMs, prepare: this._prepare });
    for (const message of this._outbox.splice(0)) this._worker.postMessage(message);
  }

  _onMessage(message) {
    if (!message || typeof message !== "object") return;
    if (message.event === "progress") {
      this.step = message.step;
      this.steps = message.steps;
      this.progressText = message.text;
      this._changed();
    } else if (message.event === "ready") {
      this.state = "ready";
      this.version = message.version;
      this.waitingText = "";
      this._resolveReady(this);
      this._changed();
      this._settled();
    } else if (message.event === "failed") {
      this._fail(message.error);
    } else if ("id" in message) {
      const pending = this._pending.get(message.id);
      if (!pending) return;
      this._pending.delete(message.id);
      if (this._pending.size === 0 && this.waitingText) {
        this.waitingText = "";
        this._changed();
      }
      if (message.ok) pending.resolve(message.result);
      else pending.reject(new EngineRequestError(message.error?.name ?? "EngineError", message.error?.message ?? "The tool did not answer."));
    }
  }

  _fail(error) {
    if (this.state === "error") return;
    this.state = "error";
    this.error = error;
    this.waitingText = "";
    this._rejectReady(new EngineRequestError(error.name, error.message));
    for (const pending of this._pending.values()) pending.reject(new EngineRequestError(error.name, error.message));
    this._pending.clear();
    this._changed();
    this._settled();
  }

  /** Tells the page the engine has finished starting, either way (md-base.js then lets search load). */
  _settled() {
    if (typeof document !== "undefined") document.dispatchEvent(new CustomEvent("og:engine-settled"));
  }

  request(type, payload = {}) {
    if (this.state === "error") {
      return Promise.reject(new EngineRequestError(this.error.name, this.error.message));
    }
    const id = this._nextId++;
    const message = { id, type, payload };
    return new Promise((resolve, reject) => {
      this._pending.set(id, { resolve, reject });
      if (this._worker) this._worker.postMessage(message);
      else this._outbox.push(message); // the worker starts in a moment
    });
  }

  /** Say in the status that a request is waiting for the engine (cleared when replies arrive). */
  setWaiting(text) {
    if (this.state !== "loading") return;
    this.waitingText = text;
    this._changed();
  }

  onChange(listener) {
    this._listeners.add(listener);
    listener(this.state, this);
    return () => this._listeners.delete(listener);
  }

  statusText() {
    if (this.state === "ready") return READY_TEXT;
    if (this.state === "error") return `The tools could not start. ${this.error.message}`;
    const progress = this.step ? ` (step ${this.step} of ${this.steps}: ${this.progressText})` : "";
    const waiting = this.waitingText ? ` ${this.waitingText}` : "";
    return `${LOADING_TEXT}${progress}.${waiting}`;
  }

  bindStatus(element) {
    this._statusElements.add(element);
    this._render(element);
  }

  _render(element) {
    element.dataset.state = this.state;
    element.textContent = this.statusText();
    if (this.state === "loading") element.setAttribute("aria-busy", "true");
    else element.removeAttribute("aria-busy");
  }

  _changed() {
    for (const element of this._statusElements) this._render(element);
    for (const listener of this._listeners) listener(this.state, this);
  }
}

// The engine's request types each tool page uses (data-tool="…" on its root). The worker loads those parts
// of the engine before it says it is ready, and the rest only if asked.
const TOOL_REQUESTS = {
  check: ["check"],
  map: ["map"],
  question: ["question"],
  opener: ["frameworks", "prompts", "map"],
  audit: ["audit", "check", "map"],
};

function pageRequests() {
  if (typeof document === "undefined") return undefined;
  const types = new Set();
  for (const root of document.querySelectorAll("[data-tool]")) {
    for (const type of TOOL_REQUESTS[root.dataset.tool] ?? []) types.add(type);
  }
  return types.size ? [...types] : undefined;
}

let engine = null;

/** The page's one engine (created on first call). */
export function getEngine(options = {}) {
  if (!engine) {
    const timeout = Number(globalThis.OUTCOMES_BOOT_TIMEOUT_MS);
    engine = new Engine({ bootTimeoutMs: timeout > 0 ? timeout : undefined, ...options });
  }
  return engine;
}
