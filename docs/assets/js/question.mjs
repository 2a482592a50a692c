// Question checker page: sends a question to the engine's `question` and shows whether it is open,
// closed or leading, why, and an open way to ask it.

import { h, setupTool } from "./tool-ui.mjs";

const KINDS = {
  open: "An open question",
  closed: "A closed question",
  leading: "A leading question",
};

function render(result, output) {
  output.append(
    h("h2", { tabindex: "-1" }, "What kind of question this is"),
    h("p", { class: `og-kind og-kind--${result.kind}`, "data-question-kind": result.kind }, KINDS[result.kind] ?? result.kind),
    h("p", { "data-question-message": true }, result.message),
  );
  if (result.suggestion) {
    output.append(h("p", { "data-question-suggestion": true }, "You could ask: ", h("q", {}, result.suggestion)));
  }
  return `${KINDS[result.kind] ?? result.kind}. ${result.message}${result.suggestion ? ` You could ask: ${result.suggestion}` : ""}`;
}

const root = document.querySelector('[data-tool="question"]');
if (root) {
  const input = root.querySelector("[data-tool-input]");
  setupTool(root, {
    type: "question",
    payload: () => (input.value.trim() ? { text: input.value } : null),
    render,
    waiting: "Your question will be checked as soon as they are ready.",
    emptyMessage: "There is nothing to check yet. Type a question in the box first.",
  });
}
