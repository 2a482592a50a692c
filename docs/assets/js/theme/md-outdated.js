// Shows the "outdated version" banner when the version selector asked for it (Material's inline script).
(function () {
  var script = document.currentScript;
  var el = document.querySelector("[data-md-component=outdated]");
  var base = new URL((script && script.getAttribute("data-md-base")) || ".", location);
  try {
    if (window.__md_get("__outdated", sessionStorage, base) === true && el) el.hidden = false;
  } catch (err) {
    // Nothing remembered: the banner stays hidden.
  }
})();
