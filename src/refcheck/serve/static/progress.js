// Live progress for one check: poll its status every second; reload the page when it ends.
// Without JavaScript the page refreshes itself (<noscript> meta refresh) and reads the same.
(function () {
  "use strict";
  var box = document.getElementById("status");
  if (!box) return;
  var url = box.getAttribute("data-status-url");
  function set(id, text) {
    var el = document.getElementById(id);
    if (el) el.textContent = text;
  }
  function tick() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (s) {
        var p = s.progress || {};
        var server = p.server || {};
        set("state", s.state);
        document.getElementById("state").className = "state state-" + s.state;
        set("message", p.message || "");
        set("f-refs", p.references || 0);
        set("f-identified", p.identified || 0);
        set("f-stage", p.stage || (s.state === "running" ? "starting" : "waiting for a worker"));
        set("f-requests", server.requests || 0);
        set("f-wait", (server.rate_wait_s || 0).toFixed(1) + " s");
        var bar = document.getElementById("bar");
        if (bar) { bar.max = p.references || 1; bar.value = p.identified || 0; }
        box.classList.toggle("limited", !!p.rate_limited);
        if (s.state === "done" || s.state === "failed") {
          window.location.reload();
        } else {
          setTimeout(tick, 1000);
        }
      })
      .catch(function () { setTimeout(tick, 3000); });
  }
  setTimeout(tick, 500);
})();
