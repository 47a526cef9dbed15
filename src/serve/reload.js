// Injected by `factbook serve` only: reloads the page after each rebuild and
// shows build errors as an overlay. Never part of `factbook build` output.
(function () {
  "use strict";
  var OVERLAY = "factbook-error-overlay";
  function showError(text) {
    var el = document.getElementById(OVERLAY);
    if (!el) {
      el = document.createElement("div");
      el.id = OVERLAY;
      el.setAttribute("role", "alert");
      el.style.cssText = "position:fixed;inset:0;z-index:99999;background:rgba(20,20,20,.92);color:#ffd7d7;overflow:auto;padding:2rem;font:14px/1.5 monospace";
      document.body.appendChild(el);
    }
    el.innerHTML = "";
    var title = document.createElement("strong");
    title.textContent = "factbook: the last edit broke the build; showing the last good version.";
    var pre = document.createElement("pre");
    pre.style.whiteSpace = "pre-wrap";
    pre.textContent = text;
    el.appendChild(title);
    el.appendChild(pre);
  }
  function swapCss() {
    document.querySelectorAll('link[rel="stylesheet"]').forEach(function (link) {
      var url = new URL(link.href);
      url.searchParams.set("factbook-reload", Date.now());
      link.href = url.toString();
    });
    var el = document.getElementById(OVERLAY);
    if (el) el.remove();
  }
  var source = new EventSource("/__factbook/events");
  source.addEventListener("reload", function () { location.reload(); });
  source.addEventListener("css", swapCss);
  source.addEventListener("build-error", function (e) { showError(e.data); });
})();
