// Recording checker page: sends the record to the engine's `check` and shows the eight criteria, the
// evidence marked in a copy of the record, the language findings and a summary to copy or print.

import { copyAndPrint, h, setupTool } from "./tool-ui.mjs";

const KIND_LABELS = { jargon: "Jargon", deficit: "Deficit language" };

// The criteria in the engine's order (the order of the result's keys), each with the engine's own label, so
// the page, the command line and the service view always name a criterion the same way.
function orderedCriteria(criteria) {
  return Object.entries(criteria).map(([id, criterion]) => [id, criterion.label || id, criterion]);
}

function quote(text) {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > 160 ? `${flat.slice(0, 157)}…` : flat;
}

/** The record as text nodes, with the evidence and the findings wrapped in <mark> elements. */
function highlighted(text, result) {
  const marks = [];
  for (const [id, label, criterion] of orderedCriteria(result.criteria)) {
    for (const span of criterion.evidence ?? []) marks.push({ start: span.start, end: span.end, criterion: id, label });
  }
  for (const finding of result.findings) marks.push({ start: finding.start, end: finding.end, kind: finding.kind });
  // A sweep over the cut points: which marks cover each piece between two of them.
  const clamp = (n) => Math.max(0, Math.min(text.length, n));
  const starts = new Map();
  const ends = new Map();
  const cuts = new Set([0, text.length]);
  for (const m of marks) {
    const [a, b] = [clamp(m.start), clamp(m.end)];
    if (b <= a) continue;
    cuts.add(a);
    cuts.add(b);
    if (!starts.has(a)) starts.set(a, []);
    starts.get(a).push(m);
    if (!ends.has(b)) ends.set(b, []);
    ends.get(b).push(m);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const box = h("div", { class: "og-record", "data-record": true });
  const active = new Set();
  for (let i = 0; i < points.length - 1; i++) {
    const [start, end] = [points[i], points[i + 1]];
    for (const m of ends.get(start) ?? []) active.delete(m);
    for (const m of starts.get(start) ?? []) active.add(m);
    const piece = text.slice(start, end);
    if (!active.size) {
      box.append(document.createTextNode(piece));
      continue;
    }
    const over = [...active];
    const criteria = [...new Set(over.filter((m) => m.criterion).map((m) => m.criterion))];
    const labels = new Map(over.filter((m) => m.criterion).map((m) => [m.criterion, m.label]));
    const kinds = [...new Set(over.filter((m) => m.kind).map((m) => m.kind))];
    const names = [...criteria.map((id) => labels.get(id) ?? id), ...kinds.map((k) => KIND_LABELS[k] ?? k)];
    const classes = ["og-mark", criteria.length ? "og-mark--evidence" : "", ...kinds.map((k) => `og-mark--${k}`)];
    box.append(
      h(
        "mark",
        {
          class: classes.filter(Boolean).join(" "),
          "data-evidence": criteria.join(" ") || null,
          "data-finding": kinds.join(" ") || null,
          title: names.join(", "),
        },
        piece,
      ),
    );
  }
  return box;
}

function summaryText(result) {
  const rows = orderedCriteria(result.criteria);
  const met = rows.filter(([, , c]) => c.met);
  const lines = [`Recording check: ${met.length} of ${rows.length} criteria met.`, ""];
  if (met.length) lines.push("Met:", ...met.map(([, label]) => `- ${label}`), "");
  const missing = rows.filter(([, , c]) => !c.met);
  if (missing.length) lines.push("To add:", ...missing.map(([, label, c]) => `- ${label}: ${c.message}`), "");
  if (result.findings.length) {
    lines.push("Language to look at again:");
    for (const f of result.findings) lines.push(`- "${quote(f.text)}" (${(KIND_LABELS[f.kind] ?? f.kind).toLowerCase()}): ${f.message} ${f.suggestion}`.trim());
    lines.push("");
  }
  const warnings = result.warnings ?? [];
  if (warnings.length) lines.push(`Personal details to remove before sharing: ${warnings.length}.`, "");
  lines.push("Checked with the Outcomes Guide recording checker. A prompt for reflection, not a judgement.");
  return lines.join("\n");
}

function render(result, output, text) {
  const rows = orderedCriteria(result.criteria);
  const metCount = rows.filter(([, , c]) => c.met).length;
  const heading = h("h2", { tabindex: "-1", class: "og-results-title" }, "What the checker found");
  output.append(heading, h("p", { class: "og-lead", "data-summary-line": true }, `${metCount} of ${rows.length} criteria met.`));

  // Likely personal details (CHI number, postcode, a name after Mr or Mrs...): shown first, as a warning.
  const warnings = result.warnings ?? [];
  if (warnings.length) {
    output.append(
      h(
        "div",
        { class: "og-warning", role: "note", "data-warnings": String(warnings.length) },
        h("h3", {}, "Personal details to remove before sharing"),
        h(
          "ul",
          {},
          ...warnings.map((w) => h("li", { "data-warning-kind": w.kind }, h("q", {}, quote(w.text)), ": ", w.message)),
        ),
      ),
    );
  }

  const list = h("ul", { class: "og-criteria" });
  for (const [id, label, criterion] of rows) {
    const evidence = (criterion.evidence ?? []).map((span) => text.slice(span.start, span.end));
    list.append(
      h(
        "li",
        { class: `og-criterion og-criterion--${criterion.met ? "met" : "unmet"}`, "data-criterion": id, "data-met": String(Boolean(criterion.met)) },
        h("h3", { class: "og-criterion__title" }, h("span", { class: "og-badge" }, criterion.met ? "Met" : "Not yet"), " ", label),
        h("p", { class: "og-criterion__message", "data-criterion-message": true }, criterion.message),
        evidence.length
          ? h("p", { class: "og-criterion__evidence" }, "Evidence: ", ...evidence.flatMap((e, i) => [i ? "; " : "", h("q", {}, quote(e))]))
          : null,
      ),
    );
  }
  output.append(list);

  output.append(
    h("h3", {}, "Your record, with the evidence marked"),
    h("p", { class: "og-hint" }, "Marked with a colour: evidence for a criterion. Underlined: words to look at again."),
    highlighted(text, result),
  );

  output.append(h("h3", {}, "Words to look at again"));
  if (result.findings.length) {
    const findings = h("ul", { class: "og-findings" });
    for (const f of result.findings) {
      findings.append(
        h(
          "li",
          { "data-finding-kind": f.kind, "data-rule": f.rule },
          h("span", { class: "og-badge" }, KIND_LABELS[f.kind] ?? f.kind),
          " ",
          h("q", {}, quote(f.text)),
          ": ",
          f.message,
          f.suggestion ? h("span", { class: "og-suggestion" }, ` Try: ${f.suggestion}`) : null,
        ),
      );
    }
    output.append(findings);
  } else {
    output.append(h("p", {}, "No jargon or deficit language found."));
  }

  const summary = summaryText(result);
  output.append(
    h("h3", {}, "Summary to copy or print"),
    h("pre", { class: "og-summary", "data-summary": true, tabindex: "0", "aria-label": "Summary" }, summary),
    copyAndPrint(output.closest("[data-tool]"), () => summary, "The summary"),
  );
  const privacy = warnings.length ? ` ${warnings.length} personal details to remove before sharing.` : "";
  return `${metCount} of ${rows.length} criteria met, ${result.findings.length} words or phrases to look at again.${privacy} The results are below the form.`;
}

const root = document.querySelector('[data-tool="check"]');
if (root) {
  const input = root.querySelector("[data-tool-input]");
  let checked = "";
  setupTool(root, {
    type: "check",
    payload: () => {
      if (!input.value.trim()) return null;
      checked = input.value;
      return { text: checked };
    },
    render: (result, output) => render(result, output, checked),
    waiting: "Your record will be checked as soon as they are ready.",
    emptyMessage: "There is nothing to check yet. Type or paste a record in the box first.",
  });
}
