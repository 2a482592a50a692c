// The in-browser engine: Pyodide and the outcomes_tools wheel, in a module Web Worker.
//
// Started by engine-client.mjs (never by a page directly). Everything comes from this site: the trimmed
// lock file ../engine/engine.json says where Pyodide is and which wheel to load, with its sha256.
//
// Protocol (messages from the page):
//   {type: "init", bootTimeoutMs, prepare}   optional, first: how long the boot may take before it is an
//                                       error, and the request types the page uses (loaded before "ready";
//                                       the rest of the engine loads when first asked for)
//   {id, type, payload}                 a request; type is one of the bridge's (ping, check, map, ...)
// Messages to the page:
//   {id, ok: true, result}              exactly one reply per request ...
//   {id, ok: false, error: {name, message}}   ... or this
//   {event: "progress", step, steps, text}    boot progress (not a reply)
//   {event: "ready", version}                 the engine is ready (not a reply)
//   {event: "failed", error: {name, message}} the engine cannot start (not a reply)
// Requests that arrive while the engine boots wait and run once it is ready, in order.

const ENGINE_URL = new URL("../engine/engine.json", import.meta.url);
const DEFAULT_BOOT_TIMEOUT_MS = 90000;
const STEPS = 4;

let handleJson = null; // the bridge's handle_json, once ready
let failure = null; // {name, message} once the boot has failed
const waiting = [];
let booting = false;

class EngineError extends Error {
  constructor(name, message) {
    super(message);
    this.name = name;
  }
}

function progress(step, text) {
  self.postMessage({ event: "progress", step, steps: STEPS, text });
}

function hex(buffer) {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, "0")).join("");
}

async function fetchOk(url) {
  let response;
  try {
    response = await fetch(url);
  } catch {
    throw new EngineError("LoadError", `The tools could not download ${url.pathname}. Check your connection to this site, then reload the page.`);
  }
  if (!response.ok) {
    throw new EngineError("LoadError", `The tools could not download ${url.pathname} (the site answered ${response.status}). Reload the page; if it happens again, tell whoever runs this site.`);
  }
  return response;
}

async function fetchWheel(url, sha256) {
  const buffer = await (await fetchOk(url)).arrayBuffer();
  const digest = hex(await crypto.subtle.digest("SHA-256", buffer));
  if (digest !== sha256) {
    throw new EngineError("IntegrityError", "The tools' files on this site do not match what was expected, so they were not started. Reload the page; if it happens again, tell whoever runs this site to rebuild it.");
  }
  return new Uint8Array(buffer);
}

function watchdog(ms) {
  return new Promise((_, reject) => {
    setTimeout(() => {
      reject(new EngineError("TimeoutError", `The tools did not start within ${Math.round(ms / 1000)} seconds. Reload the page to try again. If it keeps happening, this browser or the site's security settings may be blocking them: tell whoever runs this site (see "Host it yourself").`));
    }, ms);
  });
}

async function boot(bootTimeoutMs, prepare) {
  progress(1, "fetching the tools");
  const manifest = await (await fetchOk(ENGINE_URL)).json();
  const wheelInfo = manifest.packages["outcomes-tools"];
  const pyodideURL = new URL(manifest.pyodide.url, ENGINE_URL);
  // The wheel downloads while Python starts.
  const wheel = fetchWheel(new URL(wheelInfo.file_name, ENGINE_URL), wheelInfo.sha256);
  wheel.catch(() => {}); // handled below; avoids an "unhandled rejection" while Python starts
  const { loadPyodide } = await import(pyodideURL.href);
  progress(2, "starting Python");
  const pyodide = await loadPyodide({
    indexURL: new URL(".", pyodideURL).href,
    lockFileContents: manifest,
    packageBaseUrl: ENGINE_URL.href,
    stdout: () => {},
    stderr: () => {},
  });
  progress(3, "loading the checks");
  pyodide.unpackArchive(await wheel, "wheel");
  let bridge;
  try {
    bridge = pyodide.pyimport(manifest.entry);
  } catch (err) {
    throw new EngineError("LoadError", `The tools were downloaded but would not start (${String(err.message ?? err).trim().split("\n").pop()}). Tell whoever runs this site.`);
  }
  progress(4, "checking the tools");
  const fn = bridge.handle_json;
  let ping;
  try {
    ping = JSON.parse(fn("ping", JSON.stringify(prepare ? { prepare } : {})));
  } catch (err) {
    throw new EngineError("LoadError", `The tools were downloaded but would not start (${String(err.message ?? err).trim().split("\n").pop()}). Tell whoever runs this site.`);
  }
  if (!ping.ok || ping.result.version !== wheelInfo.version) {
    throw new EngineError("LoadError", "The tools started but did not answer as expected. Reload the page; if it happens again, tell whoever runs this site.");
  }
  handleJson = fn;
  return ping.result.version;
}

function run(message) {
  const { id, type, payload } = message;
  if (failure) {
    self.postMessage({ id, ok: false, error: failure });
    return;
  }
  let reply;
  try {
    reply = JSON.parse(handleJson(String(type), JSON.stringify(payload ?? {})));
  } catch (err) {
    reply = {
      ok: false,
      error: {
        name: "EngineError",
        message: "The tool hit a problem it did not expect with this text. Your text is still here. Try again, or try a shorter part of it.",
        detail: String(err?.message ?? err).trim().split("\n").pop(),
      },
    };
  }
  self.postMessage({ id, ...reply });
}

// The engine builds its rules on first use, which in Pyodide takes a few seconds. Once ready, warm each
// tool up with a tiny text, one per task, so a person's first request is as fast as the next. A request
// that arrives meanwhile runs between two warm-ups.
const WARM_UP = [
  ["check", { text: "She wants to get back to the bowling club on Saturdays." }],
  ["map", { text: "I want to see my friends." }],
  ["question", { text: "How are you?" }],
];

function warmUp(tasks, index = 0) {
  if (index >= tasks.length || !handleJson) return;
  setTimeout(() => {
    try {
      handleJson(tasks[index][0], JSON.stringify(tasks[index][1]));
    } catch {
      // A real request will report the problem.
    }
    warmUp(tasks, index + 1);
  }, 0);
}

function start(bootTimeoutMs, prepare) {
  if (booting) return;
  booting = true;
  Promise.race([boot(bootTimeoutMs, prepare), watchdog(bootTimeoutMs)]).then(
    (version) => {
      self.postMessage({ event: "ready", version });
      while (waiting.length) run(waiting.shift());
      // Warm up the page's own tools (all of them if the page did not say).
      warmUp(WARM_UP.filter(([type]) => !prepare || prepare.includes(type)));
    },
    (err) => {
      failure = {
        name: err instanceof EngineError ? err.name : "LoadError",
        message: err instanceof EngineError ? err.message : `The tools could not start (${String(err?.message ?? err).trim().split("\n").pop()}). Reload the page to try again.`,
      };
      self.postMessage({ event: "failed", error: failure });
      while (waiting.length) run(waiting.shift());
    },
  );
}

self.addEventListener("message", (event) => {
  const message = event.data ?? {};
  if (message.type === "init" && message.id === undefined) {
    const prepare = Array.isArray(message.prepare) ? message.prepare.map(String) : undefined;
    start(Number(message.bootTimeoutMs) > 0 ? Number(message.bootTimeoutMs) : DEFAULT_BOOT_TIMEOUT_MS, prepare);
    return;
  }
  start(DEFAULT_BOOT_TIMEOUT_MS);
  if (handleJson || failure) run(message);
  else waiting.push(message);
});
