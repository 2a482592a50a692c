// Opens the content tab named in the address (#__tabbed_1_2), and, when linked content tabs are on,
// the tabs the reader chose before (Material's inline content scripts, moved here).
(function () {
  var script = document.currentScript;
  if (script && script.hasAttribute("data-md-tabs-link")) {
    var tabs;
    try {
      tabs = window.__md_get("__tabs");
    } catch (err) {
      tabs = null;
    }
    if (Array.isArray(tabs)) {
      document.querySelectorAll(".tabbed-set").forEach(function (set) {
        var labels = set.querySelector(".tabbed-labels");
        if (!labels) return;
        for (var i = 0; i < tabs.length; i++) {
          var found = Array.from(labels.getElementsByTagName("label")).find(function (label) {
            return label.innerText.trim() === tabs[i];
          });
          if (found) {
            var input = document.getElementById(found.htmlFor);
            if (input) input.checked = true;
            return;
          }
        }
      });
    }
  }
  var target = document.getElementById(location.hash.slice(1));
  if (target && target.name) target.checked = target.name.startsWith("__tabbed_");
})();
