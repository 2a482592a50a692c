// Conversation opener page: choose who the conversation is with and the areas of life to talk about (or a
// supervision session); get open prompts from the engine's `prompts`; note what matters in each area; finish
// with a one-page "what matters to me" summary to print or copy. Nothing is stored.

import { getEngine } from "./engine-client.mjs";
import { announce, copyAndPrint, h, setupTool, showMessage } from "./tool-ui.mjs";

// Who the conversation is with: the prompts' audience and the sets of areas (framework ids) to offer.
const WHO = {
  person: { audience: "person", frameworks: ["talking-points-adults"], title: "What matters to me" },
  carer: {
    audience: "carer",
    frameworks: ["talking-points-carers", "talking-points-adults"],
    title: "What matters to me as a carer",
  },
  "care-home": {
    audience: "person",
    frameworks: ["talking-points-adults", "talking-points-care-homes"],
    title: "What matters to me",
  },
  supervision: { audience: "supervision", frameworks: [], title: "Supervision: what we talked about" },
};
const SUPERVISION_TOPIC = "supervision";

const root = document.querySelector('[data-tool="opener"]');

const FOCUS = { conversation: "About a conversation", record: "About a record", practice: "About your practice" };

/** The prompts as a list, grouped under a small heading when they have a focus (supervision has). */
function promptList(prompts) {
  const groups = new Map();
  for (const p of prompts) {
    const focus = p.focus ?? "";
    if (!groups.has(focus)) groups.set(focus, []);
    groups.get(focus).push(p);
  }
  const box = h("div", { class: "og-prompts" });
  for (const [focus, items] of groups) {
    if (focus) box.append(h("h4", {}, FOCUS[focus] ?? `About ${focus}`));
    box.append(h("ul", {}, items.map((p) => h("li", { "data-prompt": true }, promptText(p)))));
  }
  return box;
}

function promptText(prompt) {
  if (typeof prompt === "string") return prompt;
  return prompt.text ?? prompt.prompt ?? prompt.question ?? "";
}

if (root) {
  const engine = getEngine();
  const input = root.querySelector("[data-tool-input]");
  const areasBox = root.querySelector("[data-opener-areas]");
  const areasFieldset = root.querySelector("[data-opener-areas-fieldset]");
  let frameworks = null;
  let areaLabels = new Map();

  const who = () => root.querySelector('input[name="opener-who"]:checked')?.value ?? "person";

  function drawAreas() {
    const choice = WHO[who()];
    areasFieldset.hidden = choice.frameworks.length === 0;
    if (!frameworks) return;
    const chosen = new Set([...areasBox.querySelectorAll("input:checked")].map((el) => el.value));
    areasBox.replaceChildren();
    for (const framework of frameworks.category_frameworks.filter((f) => choice.frameworks.includes(f.id))) {
      const group = h("div", { class: "og-choices", role: "group", "aria-label": framework.title });
      for (const category of framework.categories) {
        const id = `opener-area-${category.id}`;
        group.append(
          h(
            "div",
            { class: "og-choice" },
            h("input", { type: "checkbox", id, value: category.id, "data-area": category.id, checked: chosen.has(category.id) }),
            h("label", { for: id }, category.label),
          ),
        );
      }
      areasBox.append(h("p", { class: "og-hint" }, framework.title), group);
    }
  }

  const frameworksReady = engine.ready.then(async () => {
    frameworks = await engine.request("frameworks", {});
    areaLabels = new Map(frameworks.category_frameworks.flatMap((f) => f.categories.map((c) => [c.id, c.label])));
    areasBox.removeAttribute("aria-busy");
    drawAreas();
  });
  frameworksReady.catch((err) => showMessage(root, err.message));
  for (const radio of root.querySelectorAll('input[name="opener-who"]')) radio.addEventListener("change", drawAreas);
  drawAreas();

  async function run(body) {
    await frameworksReady;
    const choice = WHO[body.who];
    let topics = body.areas;
    if (body.who === "supervision") topics = [SUPERVISION_TOPIC];
    else if (!topics.length) {
      // No area chosen: suggest the three that best fit what was typed.
      const mapped = await engine.request("map", { text: body.text });
      const offered = new Set(
        frameworks.category_frameworks.filter((f) => choice.frameworks.includes(f.id)).flatMap((f) => f.categories.map((c) => c.id)),
      );
      topics = mapped.categories.filter((c) => c.score > 0 && offered.has(c.id)).slice(0, 3).map((c) => c.id);
      if (!topics.length) topics = mapped.categories.filter((c) => offered.has(c.id)).slice(0, 3).map((c) => c.id);
    }
    const sets = [];
    for (const topic of topics) {
      try {
        sets.push([topic, await engine.request("prompts", { topic, audience: choice.audience })]);
      } catch (err) {
        if (err.name !== "InputError") throw err;
        sets.push([topic, [], err.message]);
      }
    }
    return { who: body.who, text: body.text, sets, chose: body.areas.length > 0 };
  }

  function render(result, output) {
    const choice = WHO[result.who];
    output.append(
      h("h2", { tabindex: "-1" }, result.who === "supervision" ? "Prompts for supervision" : "Ways into the conversation"),
      h("p", {}, "Use these as a way in, not a list to get through. Follow what the person wants to talk about. Write what matters in their words."),
    );
    if (!result.chose && result.who !== "supervision") {
      output.append(h("p", { class: "og-hint" }, "You did not choose any areas, so these are the ones that fit best with what you typed."));
    }
    for (const [topic, prompts, problem] of result.sets) {
      const label = topic === SUPERVISION_TOPIC ? "Supervision" : areaLabels.get(topic) ?? topic;
      const notesId = `opener-notes-${topic}`;
      output.append(
        h(
          "section",
          { class: "og-area", "data-opener-topic": topic, "aria-label": label },
          h("h3", {}, label),
          problem ? h("p", { class: "og-hint" }, problem) : null,
          promptList(prompts),
          h(
            "div",
            { class: "og-form og-notes" },
            h("label", { class: "og-label", for: notesId }, `What matters: ${label}`),
            h("textarea", { id: notesId, class: "og-textarea", rows: "3", spellcheck: "false", "data-opener-notes": topic }),
          ),
        ),
      );
    }
    const finish = h("button", { type: "button", class: "md-button md-button--primary", "data-opener-finish": true }, "Make the summary");
    const summaryBox = h("div", { class: "og-summary-box", "data-opener-summary-box": true, hidden: true });
    finish.addEventListener("click", () => {
      const text = summaryText(output, choice.title);
      summaryBox.replaceChildren(
        h("h2", { tabindex: "-1" }, choice.title),
        h("pre", { class: "og-summary", "data-summary": true, tabindex: "0", "aria-label": "Summary" }, text),
        copyAndPrint(root, () => text, "The summary"),
      );
      summaryBox.hidden = false;
      summaryBox.querySelector("h2").focus();
      announce(root, "The summary is ready, below. Copy it or print it; it is not saved.");
    });
    output.append(h("div", { class: "og-actions" }, finish), summaryBox);
    const count = result.sets.reduce((n, [, prompts]) => n + prompts.length, 0);
    return `${count} prompts for ${result.sets.length} ${result.sets.length === 1 ? "area" : "areas"}, below the form. Each has a box for notes.`;
  }

  function summaryText(output, title) {
    const lines = [title, ""];
    if (input.value.trim()) lines.push(input.value.trim(), "");
    for (const area of output.querySelectorAll("[data-opener-topic]")) {
      const notes = area.querySelector("[data-opener-notes]").value.trim();
      if (!notes) continue;
      lines.push(area.querySelector("h3").textContent, notes, "");
    }
    if (lines.length === 2) lines.push("(Nothing noted yet: write what matters in the boxes above, then make the summary again.)", "");
    lines.push(`Written on ${new Date().toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" })}.`);
    return lines.join("\n");
  }

  setupTool(root, {
    type: "opener",
    payload: () => {
      const areas = [...areasBox.querySelectorAll("input:checked")].map((el) => el.value);
      if (who() !== "supervision" && !areas.length && !input.value.trim()) return null;
      return { who: who(), areas, text: input.value };
    },
    request: run,
    render,
    onClear: () => {
      for (const box of areasBox.querySelectorAll("input:checked")) box.checked = false;
      root.querySelector('input[name="opener-who"][value="person"]').checked = true;
      drawAreas();
    },
    waiting: "Your prompts will appear as soon as they are ready.",
    emptyMessage: "Choose at least one area of life to talk about, or write a little about what you already know matters to the person.",
  });
}
