// Service view page: a CSV file of records in, a service report out, all inside this browser.
//
// 1. The person chooses a CSV file. It is read here with FileReader (nothing is uploaded) and decoded:
//    UTF-8, UTF-16 with a byte order mark, else Windows-1252 with a notice.
// 2. The engine (Pyodide in the worker) reads the header row: the person chooses the text column and,
//    if they like, the team, status and date columns (best guesses are preselected).
// 3. "Make the report": first the identifier check alone, and if anything looks like a personal
//    identifier, the person is told (kinds, counts, rows) and chooses to mask it or not, before any record
//    text is shown. Then the records are checked in batches (request "audit", modes begin / next / end),
//    so the progress bar moves and the page never waits on one long task.
// 4. The report: SVG bar charts with the same figures in tables, the people's own words, and buttons to
//    download the report as one HTML file (made by the engine; a Blob URL, so nothing leaves the
//    computer) or print it. Every piece of text goes in with textContent, never as HTML.

import { getEngine } from "./engine-client.mjs";
import { announce, h, showMessage } from "./tool-ui.mjs";

const MAX_BYTES = 50 * 1024 * 1024;
const BATCH = 250;
const SVG = "http://www.w3.org/2000/svg";
const STATUS_COLOURS = { achieved: "#1e6b34", partly: "#9a5b00", "not-yet": "#b3261e" };

function mb(bytes) {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function pct(n, of) {
  return of ? `${Math.round((100 * n) / of)}%` : "–";
}

function num(n) {
  return Number(n).toLocaleString("en-GB");
}

function rowsList(rows, limit = 12) {
  const shown = rows.slice(0, limit).join(", ");
  return rows.length > limit ? `${shown} and ${num(rows.length - limit)} more` : shown;
}

/** The text of a file's bytes and any notice about how it was read. */
function decode(buffer) {
  const bytes = new Uint8Array(buffer);
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    return { text: new TextDecoder(bytes[0] === 0xff ? "utf-16le" : "utf-16be").decode(bytes), notices: [] };
  }
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    throw new Error(
      "This looks like an Excel workbook (.xlsx), not a CSV file. In your spreadsheet, choose Save As, then 'CSV UTF-8 (comma delimited)', and choose that file here.",
    );
  }
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), notices: [] };
  } catch {
    return {
      text: new TextDecoder("windows-1252").decode(bytes),
      notices: [
        "This file is not saved as UTF-8, so it was read as Windows-1252 (Western European). If any letters look wrong, save it from your spreadsheet as 'CSV UTF-8' and choose it again.",
      ],
    };
  }
}

function readFile(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.addEventListener("load", () => resolve(reader.result));
    reader.addEventListener("error", () =>
      reject(new Error("This file could not be read. Check that it is still there and that you can open it, then choose it again.")),
    );
    reader.readAsArrayBuffer(file);
  });
}

// ---- SVG charts (built with createElementNS; text with textContent) ----

let chartCount = 0;

function svg(tag, attrs = {}, text) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

function clip(label, limit = 38) {
  return label.length <= limit ? label : `${label.slice(0, limit - 1).trimEnd()}…`;
}

/** A horizontal bar chart: role="img", a <title> and a <desc> that lists every bar. */
function barChart(title, items, of, { percent = true, colours = null } = {}) {
  const id = `sv-chart-${++chartCount}`;
  const labelW = 300;
  const barW = 380;
  const valueW = 110;
  const rowH = 26;
  const width = labelW + barW + valueW;
  const height = rowH * items.length + 10;
  const top = Math.max(of, ...items.map((item) => item.total ?? item.value), 1);
  const describe = (item) => (item.parts ? item.parts.map((p) => `${p.label.toLowerCase()} ${num(p.value)}`).join(", ") : `${num(item.value)}${percent ? ` (${pct(item.value, of)})` : ""}`);
  const root = svg("svg", {
    role: "img",
    viewBox: `0 0 ${width} ${height}`,
    width: "100%",
    "aria-labelledby": `${id}-t ${id}-d`,
    "aria-label": title,
    class: "sv-chart",
  });
  root.append(svg("title", { id: `${id}-t` }, title), svg("desc", { id: `${id}-d` }, items.map((item) => `${item.label}: ${describe(item)}`).join("; ")));
  items.forEach((item, index) => {
    const y = 5 + index * rowH;
    root.append(svg("text", { x: labelW - 8, y: y + 17, "text-anchor": "end", "font-size": 13, fill: "#1a1a1a" }, clip(item.label)));
    root.append(svg("rect", { x: labelW, y: y + 4, width: barW, height: rowH - 8, fill: "#eceef6" }));
    if (item.parts) {
      let x = labelW;
      for (const part of item.parts) {
        const w = (barW * part.value) / top;
        if (w > 0) root.append(svg("rect", { x: x.toFixed(1), y: y + 4, width: w.toFixed(1), height: rowH - 8, fill: colours[part.id] ?? "#555", stroke: "#fff" }));
        x += w;
      }
      root.append(svg("text", { x: labelW + barW + 8, y: y + 17, "font-size": 13, fill: "#1a1a1a" }, num(item.total)));
    } else {
      root.append(svg("rect", { x: labelW, y: y + 4, width: ((barW * item.value) / top).toFixed(1), height: rowH - 8, fill: "#303f9f" }));
      root.append(svg("text", { x: labelW + barW + 8, y: y + 17, "font-size": 13, fill: "#1a1a1a" }, `${num(item.value)}${percent ? ` (${pct(item.value, of)})` : ""}`));
    }
  });
  return h("figure", { class: "sv-figure" }, root);
}

/** A table with a caption, column headers and a row header in the first column. */
function table(caption, head, rows, numeric, rowAttrs = () => ({})) {
  return h(
    "table",
    { class: "sv-table" },
    h("caption", {}, caption),
    h("thead", {}, h("tr", {}, head.map((label, i) => h("th", { scope: "col", class: numeric[i] ? "sv-n" : null }, label)))),
    h(
      "tbody",
      {},
      rows.map((row, r) =>
        h(
          "tr",
          rowAttrs(r),
          row.map((value, i) => {
            if (i === 0) return h("th", { scope: "row" }, String(value));
            const text = typeof value === "number" ? num(value) : String(value);
            return h("td", { class: numeric[i] ? "sv-n" : null }, text);
          }),
        ),
      ),
    ),
  );
}

function section(title, id, ...children) {
  return h("section", { "aria-labelledby": id, class: "sv-section" }, h("h3", { id }, title), ...children);
}

// ---- The report ----

function identifierPanel(scan, masked) {
  if (!scan.kinds.length) {
    return h("p", { class: "sv-ok", "data-audit-identifiers": "none" }, "Nothing that looks like a personal identifier was found in the records.");
  }
  return h(
    "div",
    { class: "og-message sv-identifiers", "data-audit-identifiers": scan.records },
    h("p", {}, `${num(scan.records)} of ${num(scan.rows)} records hold something that looks like a personal identifier. Remove these from the records before the file is shared.`),
    table(
      "Likely personal identifiers (rows as in a spreadsheet: row 1 is the header)",
      ["Kind", "How many", "Rows"],
      scan.kinds.map((k) => [k.label.charAt(0).toUpperCase() + k.label.slice(1), k.count, rowsList(k.rows, 30)]),
      [false, true, false],
      (r) => ({ "data-identifier-kind": scan.kinds[r].kind }),
    ),
    masked === null ? null : h("p", {}, masked ? "In the report below they are masked: each is replaced by a label such as [CHI number]." : "The report below quotes the records as written. Check it before you share it."),
  );
}

function renderReport(output, report, scan, html, fileName) {
  const n = report.records;
  output.append(h("h2", { tabindex: "-1" }, "Service report"));
  output.append(
    h(
      "p",
      { "data-audit-records": n },
      `${num(n)} records checked from the column ‘${report.columns.text}’ (${num(report.rows)} rows in the file; ${num(report.empty)} had no text; ${num(report.skipped.length)} could not be checked).`,
    ),
  );
  for (const notice of report.notices) output.append(h("p", { class: "og-message" }, notice));

  output.append(section("Personal details", "sv-personal", identifierPanel(scan, report.identifiers.masked)));

  const criteria = Object.entries(report.criteria);
  const quality = [
    h("p", {}, "How many records meet each of the eight recording criteria of the Scottish Social Services Council."),
    barChart("Records meeting each recording criterion", criteria.map(([, c]) => ({ label: c.label, value: c.met })), n),
    table(
      "Records meeting each recording criterion",
      ["Criterion", "Records", "Per cent"],
      criteria.map(([, c]) => [c.label, c.met, pct(c.met, n)]),
      [false, true, true],
      (r) => ({ "data-criterion": criteria[r][0], "data-count": criteria[r][1].met }),
    ),
  ];
  if (report.jargon.length) {
    quality.push(
      table(
        "Most common jargon, and a plainer way to say it",
        ["Words used", "Times", "Records", "Plainer words"],
        report.jargon.slice(0, 15).map((x) => [x.text, x.count, x.records, x.suggestion]),
        [false, true, true, false],
        (r) => ({ "data-jargon-rule": report.jargon[r].rule }),
      ),
    );
  }
  if (report.deficit.length) {
    quality.push(
      h("p", {}, report.deficit[0].suggestion),
      table(
        "Words that describe only what a person cannot do",
        ["Words used", "Times", "Records"],
        report.deficit.slice(0, 15).map((x) => [x.text, x.count, x.records]),
        [false, true, true],
      ),
    );
  }
  output.append(section("How well outcomes are recorded", "sv-quality", ...quality));

  const cats = report.categories;
  const howRead =
    report.read_as === "statements"
      ? `The texts are short, so each was read whole as an outcome statement. ${num(report.no_category)} showed no outcome clearly.`
      : `What matters is read from the outcome, why it matters and the person’s own words in each record. ${num(report.no_category)} records showed none of these clearly.`;
  const matters = [h("p", {}, `How many records show each Talking Points outcome. A record can show more than one. ${howRead}`)];
  if (cats.length) {
    matters.push(
      barChart("Records showing each outcome", cats.map((c) => ({ label: c.label, value: c.count })), n),
      table(
        "Records showing each outcome",
        ["Outcome", "Records", "Per cent"],
        cats.map((c) => [c.label, c.count, pct(c.count, n)]),
        [false, true, true],
        (r) => ({ "data-category-id": cats[r].id, "data-count": cats[r].count }),
      ),
    );
  }
  const quoted = cats.filter((c) => c.quotes.length);
  if (quoted.length) {
    matters.push(h("h4", {}, "In people’s own words"), h("p", {}, "A few of the words people used, for each outcome, so that the numbers keep their meaning."));
    for (const c of quoted) {
      matters.push(
        h(
          "div",
          { class: "sv-quotes", "data-quotes-for": c.id },
          h("h5", {}, c.label),
          c.quotes.map((q) => h("blockquote", {}, h("p", {}, `“${q.text}”`), h("p", { class: "og-hint" }, `Row ${q.row}`))),
        ),
      );
    }
  }
  output.append(section("What matters to people", "sv-matters", ...matters));

  const nats = report.national_outcomes;
  if (nats.length) {
    output.append(
      section(
        "National Health and Wellbeing Outcomes",
        "sv-national",
        h("p", {}, "The national outcomes these records contribute to."),
        barChart("Records contributing to each national outcome", nats.map((x) => ({ label: `${x.number}. ${x.text}`, value: x.count })), n),
        table(
          "Records contributing to each national outcome",
          ["National outcome", "Records", "Per cent"],
          nats.map((x) => [`${x.number}. ${x.text}`, x.count, pct(x.count, n)]),
          [false, true, true],
          (r) => ({ "data-national-outcome": nats[r].number, "data-count": nats[r].count }),
        ),
      ),
    );
  }

  if (report.columns.status) {
    const statuses = report.achievement.statuses;
    const known = statuses.filter((s) => s.id !== "not-recorded");
    const parts = [
      h("p", {}, `From the column ‘${report.columns.status}’.`),
      table(
        "Records by achievement status",
        ["Status", "Records"],
        statuses.map((s) => [s.label, s.count]),
        [false, true],
        (r) => ({ "data-status": statuses[r].id, "data-count": statuses[r].count }),
      ),
    ];
    if (report.achievement.unrecognised.length) {
      parts.push(h("p", {}, `Statuses not recognised: ${report.achievement.unrecognised.map((u) => `‘${u.value}’ (${num(u.count)})`).join(", ")}.`));
    }
    const rows = cats.filter((c) => known.some((s) => (c.achievement[s.id] ?? 0) > 0));
    if (rows.length) {
      parts.push(
        barChart(
          "Achievement by outcome",
          rows.map((c) => ({
            label: c.label,
            parts: known.map((s) => ({ id: s.id, label: s.label, value: c.achievement[s.id] ?? 0 })),
            total: known.reduce((sum, s) => sum + (c.achievement[s.id] ?? 0), 0),
          })),
          0,
          { percent: false, colours: STATUS_COLOURS },
        ),
        h(
          "p",
          { class: "og-hint" },
          known.map((s) => h("span", { class: "sv-key" }, `${s.label}: ${{ achieved: "green", partly: "amber", "not-yet": "red" }[s.id] ?? "grey"}. `)),
        ),
        table(
          "Achievement by outcome",
          ["Outcome", ...known.map((s) => s.label)],
          rows.map((c) => [c.label, ...known.map((s) => c.achievement[s.id] ?? 0)]),
          [false, ...known.map(() => true)],
        ),
      );
    }
    output.append(section("Achievement", "sv-achieved", ...parts));
  }

  if (report.teams.length) {
    const labels = Object.fromEntries(criteria.map(([id, c]) => [id, c.label]));
    const top = cats.slice(0, 10);
    output.append(
      section(
        "By team",
        "sv-teams",
        h("p", {}, `From the column ‘${report.columns.team}’.`),
        table(
          "Recording quality by team (per cent of each team’s records meeting each criterion)",
          ["Team", "Records", ...Object.values(labels)],
          report.teams.map((t) => [t.team, t.records, ...Object.keys(labels).map((id) => pct(t.criteria[id] ?? 0, t.records))]),
          [false, true, ...Object.keys(labels).map(() => true)],
          (r) => ({ "data-team": report.teams[r].team }),
        ),
        table(
          "What matters to people, by team (records showing each outcome; the ten most common)",
          ["Team", ...top.map((c) => c.label)],
          report.teams.map((t) => [t.team, ...top.map((c) => t.categories.find((x) => x.id === c.id)?.count ?? 0)]),
          [false, ...top.map(() => true)],
        ),
      ),
    );
  }

  if (report.dates.months.length) {
    output.append(
      section(
        "Records by month",
        "sv-dates",
        h("p", {}, `From the column ‘${report.columns.date}’.${report.dates.unreadable ? ` ${num(report.dates.unreadable)} dates could not be read.` : ""}`),
        table("Records by month", ["Month", "Records"], report.dates.months.map((m) => [m.month, m.count]), [false, true]),
      ),
    );
  }

  if (report.skipped.length) {
    output.append(
      section(
        "Records that could not be checked",
        "sv-skipped",
        table("Records that could not be checked", ["Row", "Why"], report.skipped.slice(0, 200).map((s) => [String(s.row), s.reason]), [false, false]),
      ),
    );
  }

  output.append(h("p", { class: "og-hint" }, "These figures come from automatic checks of the wording of each record. Read the records behind them before acting on them."));

  const download = h("button", { type: "button", class: "md-button md-button--primary", "data-audit-download": true }, "Download the report (one HTML file)");
  download.addEventListener("click", () => {
    const url = URL.createObjectURL(new Blob([html], { type: "text/html;charset=utf-8" }));
    const link = h("a", { href: url, download: fileName, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
    announce(output.closest("[data-tool]"), `The report is saved as ${fileName} in your downloads.`);
  });
  const print = h("button", { type: "button", class: "md-button" }, "Print the report");
  print.addEventListener("click", () => window.print());
  output.append(h("div", { class: "og-actions" }, download, print));

  const topCat = cats[0];
  return `The report is ready: ${num(n)} records. ${topCat ? `What matters most often: ${topCat.label}.` : ""} ${num(report.criteria.outcomes.met)} records state an outcome.`;
}

// ---- The page ----

function setup(root) {
  const engine = getEngine();
  const status = root.querySelector("[data-tool-status]");
  const form = root.querySelector("form");
  const input = root.querySelector("[data-tool-input]");
  const columnsBox = root.querySelector("[data-audit-columns]");
  const selects = {
    text: root.querySelector("[data-audit-column]"),
    team: root.querySelector("[data-audit-team]"),
    status: root.querySelector("[data-audit-status]"),
    date: root.querySelector("[data-audit-date]"),
  };
  const runButton = root.querySelector("[data-tool-run]");
  const clearButton = root.querySelector("[data-tool-clear]");
  const progressBox = root.querySelector("[data-audit-progress]");
  const progressBar = progressBox.querySelector("progress");
  const progressText = progressBox.querySelector("[data-audit-progress-text]");
  const output = root.querySelector("[data-tool-output]");
  const summary = root.querySelector("[data-audit-file-summary]");
  let file = null; // {token, name, rows}
  let sequence = 0;

  if (status) engine.bindStatus(status);

  function setProgress(done, total, text) {
    progressBox.hidden = false;
    progressBar.max = Math.max(total, 1);
    progressBar.value = done;
    progressText.textContent = text ?? `${num(done)} of ${num(total)} records checked`;
  }

  function fail(err) {
    root.removeAttribute("aria-busy");
    progressBox.hidden = true;
    showMessage(root, err.message);
    announce(root, err.message);
  }

  function fillSelect(select, columns, chosen, optional) {
    select.replaceChildren();
    if (optional) select.append(h("option", { value: "" }, "(none)"));
    for (const name of columns) select.append(h("option", { value: name }, name));
    select.value = chosen ?? "";
  }

  async function chooseFile() {
    const mine = ++sequence;
    file = null;
    output.replaceChildren();
    output.hidden = true;
    columnsBox.hidden = true;
    progressBox.hidden = true;
    showMessage(root, "");
    summary.textContent = "";
    const picked = input.files?.[0];
    if (!picked) return;
    if (picked.size >= MAX_BYTES) {
      fail(new Error(`This file is ${mb(picked.size)}. The service view reads files smaller than ${mb(MAX_BYTES)}. Split it into smaller files, for example by team or by year, and look at each one.`));
      return;
    }
    if (picked.size === 0) {
      fail(new Error("This file is empty. Choose a CSV file with a header row and at least one record."));
      return;
    }
    root.setAttribute("aria-busy", "true");
    setProgress(0, 1, "Reading the file…");
    try {
      const { text, notices } = decode(await readFile(picked));
      if (mine !== sequence) return;
      if (engine.state === "loading") engine.setWaiting("Your file will be read as soon as they are ready.");
      const result = await engine.request("audit", { mode: "columns", csv: text, notices });
      if (mine !== sequence) return;
      file = { token: result.file, name: picked.name, rows: result.rows, notices };
      fillSelect(selects.text, result.columns, result.suggested.text, false);
      fillSelect(selects.team, result.columns, result.suggested.team, true);
      fillSelect(selects.status, result.columns, result.suggested.status, true);
      fillSelect(selects.date, result.columns, result.suggested.date, true);
      columnsBox.hidden = false;
      progressBox.hidden = true;
      root.removeAttribute("aria-busy");
      const said = `${num(result.rows)} records and ${result.columns.length} columns, separated by ${result.delimiter}.`;
      summary.textContent = `${picked.name}: ${said}`;
      for (const notice of notices) showMessage(root, notice);
      announce(root, `The file is read: ${said} Check the columns, then make the report.`);
    } catch (err) {
      if (mine === sequence) fail(err);
    }
  }

  async function makeReport() {
    if (!file) {
      const message = input.files?.[0] ? "The file is still being read. Try again in a moment." : "Choose a CSV file first.";
      showMessage(root, message);
      announce(root, message);
      return;
    }
    const mine = ++sequence;
    output.replaceChildren();
    output.hidden = true;
    showMessage(root, "");
    root.setAttribute("aria-busy", "true");
    const options = {
      file: file.token,
      column: selects.text.value,
      team_column: selects.team.value || null,
      status_column: selects.status.value || null,
      date_column: selects.date.value || null,
    };
    try {
      setProgress(0, file.rows, "Looking for personal details…");
      const scan = await engine.request("audit", { ...options, mode: "scan" });
      if (mine !== sequence) return;
      let masked = false;
      if (scan.kinds.length) {
        progressBox.hidden = true;
        masked = await askToMask(scan, mine);
        if (masked === null) return;
        output.replaceChildren();
      }
      const begun = await engine.request("audit", { ...options, mode: "begin", mask: masked });
      let done = begun.done;
      setProgress(done, begun.total);
      while (done < begun.total) {
        if (mine !== sequence) return;
        const step = await engine.request("audit", { mode: "next", count: BATCH });
        done = step.done;
        setProgress(done, step.total);
      }
      if (mine !== sequence) return;
      setProgress(done, begun.total, "Putting the report together…");
      const result = await engine.request("audit", { mode: "end" });
      if (mine !== sequence) return;
      output.replaceChildren();
      const base = file.name.replace(/\.[^.]*$/, "") || "records";
      const sentence = renderReport(output, result.report, scan, result.html, `service-view-${base}.html`);
      output.hidden = false;
      progressBox.hidden = true;
      root.removeAttribute("aria-busy");
      output.querySelector("h2")?.focus();
      announce(root, sentence);
    } catch (err) {
      if (mine === sequence) fail(err);
    }
  }

  /** Show what looks like personal details and ask whether to mask it; null if the person moved on. */
  function askToMask(scan, mine) {
    return new Promise((resolve) => {
      const yes = h("button", { type: "button", class: "md-button md-button--primary", "data-audit-mask": "true" }, "Mask them in the report");
      const no = h("button", { type: "button", class: "md-button", "data-audit-mask": "false" }, "Show the report without masking");
      const panel = h(
        "div",
        { class: "sv-ask", "data-audit-ask": true },
        h("h2", { tabindex: "-1" }, "Personal details found"),
        identifierPanel(scan, null),
        h("p", {}, "The report quotes a few of people’s own words. Masking replaces each of these details with a label, such as [CHI number], in the report and in the file you download."),
        h("div", { class: "og-actions" }, yes, no),
      );
      const answer = (value) => {
        if (mine !== sequence) {
          resolve(null);
          return;
        }
        announce(root, value ? "They will be masked. Making the report." : "They will not be masked. Making the report.");
        resolve(value);
      };
      yes.addEventListener("click", () => answer(true), { once: true });
      no.addEventListener("click", () => answer(false), { once: true });
      output.replaceChildren(panel);
      output.hidden = false;
      root.removeAttribute("aria-busy");
      panel.querySelector("h2").focus();
      announce(root, `${num(scan.records)} records hold something that looks like a personal identifier. Choose whether to mask them in the report.`);
    });
  }

  input.addEventListener("change", chooseFile);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    makeReport();
  });
  clearButton.addEventListener("click", () => {
    sequence++;
    if (file) engine.request("audit", { mode: "forget" }).catch(() => {});
    file = null;
    input.value = "";
    summary.textContent = "";
    columnsBox.hidden = true;
    progressBox.hidden = true;
    output.replaceChildren();
    output.hidden = true;
    showMessage(root, "");
    root.removeAttribute("aria-busy");
    input.focus();
    announce(root, "Cleared.");
  });
  runButton.disabled = false;
}

const root = document.querySelector('[data-tool="audit"]');
if (root) setup(root);
