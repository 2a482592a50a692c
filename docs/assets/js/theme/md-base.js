// Material for MkDocs keeps these helpers in an inline script in every page. They live here instead so
// that the site's Content-Security-Policy can forbid inline script altogether. The page's base URL comes
// from the data-md-scope attribute of the <script> element that loads this file (see overrides/).
/* eslint-disable no-var */
(function () {
  var script = document.currentScript;
  var scope = (script && script.getAttribute("data-md-scope")) || ".";
  window.__md_scope = new URL(scope, location);
  window.__md_hash = function (value) {
    return Array.from(value).reduce(function (hash, ch) {
      return (hash << 5) - hash + ch.charCodeAt(0);
    }, 0);
  };
  window.__md_get = function (key, storage, base) {
    storage = storage || localStorage;
    base = base || window.__md_scope;
    return JSON.parse(storage.getItem(base.pathname + "." + key));
  };
  window.__md_set = function (key, value, storage, base) {
    storage = storage || localStorage;
    base = base || window.__md_scope;
    try {
      storage.setItem(base.pathname + "." + key, JSON.stringify(value));
    } catch (err) {
      // Storage full or turned off: the setting is simply not remembered.
    }
  };
})();
