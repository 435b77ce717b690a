// Live preview (build_pdfs.py serve): reload the page when a rebuild finishes, and show
// the build's errors at the top of the page until they are fixed. Only the preview
// server adds this script; the built pages do not have it.
(function () {
  "use strict";
  var seen = null;
  var box = null;

  function showErrors(lines) {
    if (!lines.length) {
      if (box) { box.remove(); box = null; }
      return;
    }
    if (!box) {
      box = document.createElement("div");
      box.className = "preview-errors";
      box.setAttribute("role", "alert");
      document.body.insertBefore(box, document.body.firstChild);
    }
    box.textContent = "";
    var title = document.createElement("strong");
    title.textContent = "The last build found a mistake. The last good version is shown.";
    var pre = document.createElement("pre");
    pre.textContent = lines.join("\n");
    box.appendChild(title);
    box.appendChild(pre);
  }

  function poll() {
    fetch("/__preview__/state", { cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        if (seen !== null && state.version !== seen && !state.building) {
          window.location.reload();
          return;
        }
        if (!state.building) { seen = state.version; }
        showErrors(state.errors);
      })
      .catch(function () { /* the preview was stopped: try again later */ })
      .then(function () { window.setTimeout(poll, 700); });
  }
  poll();
})();
