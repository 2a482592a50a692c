// Keeps a dismissed announcement hidden (Material's inline announce script, moved here).
(function () {
  var el = document.querySelector("[data-md-component=announce]");
  if (!el) return;
  var content = el.querySelector(".md-typeset");
  try {
    if (content && window.__md_hash(content.innerHTML) === window.__md_get("__announce")) el.hidden = true;
  } catch (err) {
    // Nothing remembered: the announcement stays visible.
  }
})();
