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

// On a tool page, Material would fetch the search index and build it (a few hundred milliseconds of work in
// its own worker) at the very moment the tools start Python in theirs. On a laptop with two cores that
// holds the tools up by about as long. So on those pages the index is fetched only once the tools are ready
// (or have failed; engine-client.mjs sends "og:engine-settled"), as soon as the reader goes to the search
// box, or after 20 seconds, whichever comes first. Search works as before; at worst its first results take
// a moment longer. Material loads the index with XMLHttpRequest: only that one request is held back.
(function () {
  var script = document.currentScript;
  if (!script || !script.hasAttribute("data-og-search-after-tools")) return;
  var INDEX = /\/search\/search_index\.json(?:[?#].*)?$/;
  var held = [];
  var open = false;
  var urls = new WeakMap();
  function release() {
    if (open) return;
    open = true;
    held.splice(0).forEach(function (send) {
      send();
    });
  }
  var proto = XMLHttpRequest.prototype;
  var realOpen = proto.open;
  var realSend = proto.send;
  proto.open = function (method, url) {
    urls.set(this, String(url));
    return realOpen.apply(this, arguments);
  };
  proto.send = function () {
    var xhr = this;
    var args = arguments;
    if (open || !INDEX.test(urls.get(xhr) || "")) return realSend.apply(xhr, args);
    held.push(function () {
      realSend.apply(xhr, args);
    });
  };
  document.addEventListener("og:engine-settled", release);
  document.addEventListener("focusin", function (event) {
    var target = event.target;
    if (target && target.closest && target.closest("[data-md-component=search]")) release();
  });
  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "__search") release();
  });
  setTimeout(release, 20000);
})();
