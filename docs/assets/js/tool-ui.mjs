// Shared behaviour of the four tool pages: the form, the Clear button, the status, the live region,
// the "unsaved text" warning, copying and printing. Every piece of text goes into the page with
// textContent (through h() below), never as HTML. Nothing is stored: no storage, no cookies, no URL.

import { getEngine } from "./engine-client.mjs";

/** Create an element: h("p", {class: "x", "data-met": "true"}, "text", childNode, ...). */
export function h(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    element.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === "string" || typeof child === "number" ? document.createTextNode(String(child)) : child);
  }
  return element;
}

/** Put a message into the tool's live region for screen readers. */
export function announce(root, text) {
  const region = root.querySelector("[data-tool-announce]");
  if (!region) return;
  region.textContent = "";
  // A fresh text node after a moment makes screen readers announce a repeated message too.
  setTimeout(() => {
    region.textContent = text;
  }, 50);
}

/** Copy text to the clipboard; falls back to a hidden selection where the clipboard API is refused. */
export async function copyText(root, text, what = "The summary") {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const area = h("textarea", { class: "og-offscreen", "aria-hidden": "true", tabindex: "-1", readonly: true, spellcheck: "false" });
    area.value = text;
    document.body.append(area);
    area.select();
    let ok = false;
    try {
      ok = document.execCommand("copy");
    } catch {
      ok = false;
    }
    area.remove();
    if (!ok) {
      announce(root, `${what} could not be copied. Select the text and copy it with the keyboard instead.`);
      return false;
    }
  }
  announce(root, `${what} is copied. Paste it where you need it.`);
  return true;
}

/** A row of buttons: copy (the text from getText()) and print (that text alone, on its own page). */
export function copyAndPrint(root, getText, what) {
  const copy = h("button", { type: "button", class: "md-button" }, "Copy");
  copy.addEventListener("click", () => copyText(root, getText(), what));
  const print = h("button", { type: "button", class: "md-button" }, "Print");
  print.addEventListener("click", () => printOnly(root, getText()));
  return h("div", { class: "og-actions" }, copy, print);
}

/** Print just this text: the page's other content is hidden while printing (see tools.css). */
export function printOnly(root, text) {
  const output = root.querySelector("[data-tool-output]");
  output.querySelector(":scope > [data-print-copy]")?.remove();
  const copy = h("pre", { class: "og-print-copy", "data-print-copy": true, "aria-hidden": "true" }, text);
  output.append(copy);
  document.body.dataset.printOnly = "";
  const done = () => {
    delete document.body.dataset.printOnly;
    copy.remove();
  };
  window.addEventListener("afterprint", done, { once: true });
  window.print();
}

/** Show or hide the message beside the form (input too large, nothing typed, tool unavailable). */
export function showMessage(root, text) {
  const box = root.querySelector("[data-tool-message]");
  if (!box) return;
  box.textContent = text;
  box.hidden = !text;
}

/**
 * Wire up one tool.
 *   root: the [data-tool] element
 *   type: the engine request type
 *   payload(): the request's payload from the form, or null (with a message) when there is nothing to run
 *   request(payload): optional; runs the request(s) itself (default: engine.request(type, payload))
 *   render(result, output): fill the output container; returns the sentence to announce
 *   waiting: what the status says while a request waits for the engine
 *   onClear(): extra clearing (optional)
 */
export function setupTool(root, { type, payload, request, render, waiting, onClear, emptyMessage }) {
  const engine = getEngine();
  const status = root.querySelector("[data-tool-status]");
  const form = root.querySelector("form");
  const output = root.querySelector("[data-tool-output]");
  const runButton = root.querySelector("[data-tool-run]");
  const clearButton = root.querySelector("[data-tool-clear]");
  let sequence = 0;

  if (status) engine.bindStatus(status);
  let announcedReady = false;
  engine.onChange((state) => {
    if (state === "ready" && !announcedReady) {
      announcedReady = true;
      root.dataset.engine = "ready";
    } else if (state === "error") {
      root.dataset.engine = "error";
      announce(root, "The tools could not start. The message at the top of the tool says what to do.");
    }
  });

  async function run() {
    const body = payload();
    if (body === null) {
      showMessage(root, emptyMessage ?? "There is nothing to check yet. Type or paste some text in the box first.");
      announce(root, emptyMessage ?? "There is nothing to check yet.");
      return;
    }
    const mine = ++sequence;
    showMessage(root, "");
    if (engine.state === "loading") {
      engine.setWaiting(waiting ?? "Your request will run as soon as they are ready.");
      announce(root, "The tools are still loading. Your request will run as soon as they are ready.");
    }
    root.setAttribute("aria-busy", "true");
    try {
      const result = request ? await request(body) : await engine.request(type, body);
      if (mine !== sequence) return;
      output.replaceChildren();
      const sentence = render(result, output);
      output.hidden = false;
      announce(root, sentence);
    } catch (err) {
      if (mine !== sequence) return;
      output.replaceChildren();
      output.hidden = true;
      showMessage(root, err.message);
      announce(root, err.message);
    } finally {
      if (mine === sequence) root.removeAttribute("aria-busy");
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run();
  });
  if (runButton && runButton.type !== "submit") runButton.addEventListener("click", () => run());

  clearButton?.addEventListener("click", () => {
    sequence++;
    for (const field of root.querySelectorAll("textarea, input[type=text], input:not([type])")) field.value = "";
    output.replaceChildren();
    output.hidden = true;
    showMessage(root, "");
    root.removeAttribute("aria-busy");
    onClear?.();
    root.querySelector("[data-tool-input]")?.focus();
    announce(root, "Cleared.");
  });

  warnBeforeLeaving(root);
  return { engine, run };
}

/** Ask before leaving the page while any field of the tool holds text (nothing is saved anywhere). */
export function warnBeforeLeaving(root) {
  window.addEventListener("beforeunload", (event) => {
    const typed = [...root.querySelectorAll("textarea, input[type=text], input:not([type])")].some((f) => f.value.trim() !== "");
    if (typed) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
}
