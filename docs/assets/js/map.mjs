// Outcome mapper page: sends what matters to a person to the engine's `map` and shows the ranked
// Talking Points categories, the ranked National Health and Wellbeing Outcomes, and the chain from
// personal to national, which the worker can edit and then copy or print.

import { copyAndPrint, h, setupTool } from "./tool-ui.mjs";

const LEVELS = {
  personal: ["What matters to the person", "In their own words where you can."],
  service: ["What the service does", "How the team or service works with people towards this."],
  organisational: ["What the organisation achieves", "The difference for the people it works with."],
  partnership: ["What the partnership achieves", "The difference across health and social care in the area."],
  national: ["The national outcome", "From the National Health and Wellbeing Outcomes."],
};

function chainText(fields) {
  const lines = ["From personal to national", ""];
  for (const { label, field } of fields) lines.push(`${label}:`, field.value.trim() || "(not written yet)", "");
  lines.push("Made with the Outcomes Guide outcome mapper.");
  return lines.join("\n");
}

/** A ranked list: the matches first, then (folded away) the rest, keeping the engine's order throughout. */
function ranked(output, items, item, none, othersLabel, threshold) {
  const isMatch = (x) => x.score > 0 && x.score >= threshold;
  const matches = items.filter(isMatch);
  const others = items.filter((x) => !isMatch(x));
  if (matches.length) output.append(h("ol", { class: "og-ranked" }, matches.map(item)));
  else output.append(h("p", {}, none));
  if (others.length) {
    output.append(h("details", { class: "og-others" }, h("summary", {}, `${othersLabel} (${others.length})`), h("ul", {}, others.map(item))));
  }
}

function render(result, output) {
  const root = output.closest("[data-tool]");
  output.append(h("h2", { tabindex: "-1" }, "Where this fits"));

  output.append(h("h3", {}, "Talking Points areas, best match first"));
  ranked(
    output,
    result.categories,
    (c) => h("li", { "data-category-id": c.id, "data-framework": c.framework, "data-score": c.score }, c.label),
    "No Talking Points area stands out. Try saying more about what the person wants, and why.",
    "Other areas, with no clear match",
    result.match_threshold ?? 0,
  );

  output.append(h("h3", {}, "National Health and Wellbeing Outcomes, best match first"));
  ranked(
    output,
    result.national_outcomes,
    (n) => h("li", { "data-national-outcome": n.number, "data-score": n.score }, h("strong", {}, `Outcome ${n.number}: `), h("q", {}, n.text)),
    "No national outcome stands out.",
    "Other national outcomes, with no clear match",
    result.match_threshold ?? 0,
  );
  output.append(h("p", { class: "og-hint" }, "National outcomes: Scottish Government, National Health and Wellbeing Outcomes Framework (2015). Crown copyright, Open Government Licence v3.0."));

  output.append(
    h("h3", {}, "From personal to national"),
    h("p", {}, "A first draft of how this person's outcome connects to the national outcome. Change any level so it says what is true for your service, then copy or print it."),
  );
  const chain = h("div", { class: "og-chain", "data-chain": true });
  const fields = [];
  result.chain.forEach((step, index) => {
    const [label, hint] = LEVELS[step.level] ?? [step.level, ""];
    const id = `map-chain-${index}`;
    const field = h("textarea", { id, class: "og-textarea", rows: "2", spellcheck: "false", "data-chain-level": step.level, "aria-describedby": `${id}-hint` });
    field.value = step.text;
    fields.push({ label, field });
    chain.append(h("div", { class: "og-form" }, h("label", { class: "og-label", for: id }, label), h("p", { class: "og-hint", id: `${id}-hint` }, hint), field));
  });
  output.append(chain, copyAndPrint(root, () => chainText(fields), "The chain"));

  const top = result.categories[0];
  const topNational = result.national_outcomes[0];
  return `${top ? `Best match: ${top.label}.` : "No clear match."} ${topNational ? `National outcome ${topNational.number}.` : ""} The results and the chain are below the form.`;
}

const root = document.querySelector('[data-tool="map"]');
if (root) {
  const input = root.querySelector("[data-tool-input]");
  setupTool(root, {
    type: "map",
    payload: () => (input.value.trim() ? { text: input.value } : null),
    render,
    waiting: "Your text will be mapped as soon as they are ready.",
    emptyMessage: "There is nothing to map yet. Type what matters to the person in the box first.",
  });
}
