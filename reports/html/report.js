// Filters and sorts the findings table. Without this script the table is complete.
(function () {
  "use strict";
  var table = document.getElementById("findings");
  var form = document.getElementById("filters");
  if (!table || !form) { return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var shown = document.getElementById("shown");
  var sel = {
    severity: document.getElementById("f-severity"),
    check: document.getElementById("f-check"),
    status: document.getElementById("f-status"),
    text: document.getElementById("f-text")
  };

  function apply() {
    var want = {severity: sel.severity.value, check: sel.check.value, status: sel.status.value};
    var text = sel.text.value.trim().toLowerCase();
    var n = 0;
    rows.forEach(function (r) {
      var ok = (!want.severity || r.dataset.severity === want.severity) &&
        (!want.check || r.dataset.check === want.check) &&
        (!want.status || r.dataset.status === want.status) &&
        (!text || r.textContent.toLowerCase().indexOf(text) >= 0);
      r.hidden = !ok;
      if (ok) { n++; }
    });
    shown.textContent = n + " of " + rows.length + " findings shown";
    var q = [];
    ["severity", "check", "status"].forEach(function (k) { if (want[k]) { q.push(k + "=" + encodeURIComponent(want[k])); } });
    if (text) { q.push("text=" + encodeURIComponent(text)); }
    if (history.replaceState) { history.replaceState(null, "", q.length ? "#" + q.join("&") : location.pathname + location.search); }
  }

  // A link such as report.html#severity=high&check=iac opens the report filtered.
  location.hash.replace(/^#/, "").split("&").forEach(function (kv) {
    var i = kv.indexOf("=");
    if (i < 0) { return; }
    var k = kv.slice(0, i), v = decodeURIComponent(kv.slice(i + 1));
    if (sel[k]) { sel[k].value = v; }
  });
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (e) { e.preventDefault(); });

  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells).filter(function (th) { return th.dataset.key; });
  function value(r, key) {
    switch (key) {
      case "sev": return -Number(r.dataset.sev);
      case "status": return r.dataset.status;
      case "check": return r.dataset.check;
      case "rule": return r.dataset.rule.toLowerCase();
      case "loc": return r.dataset.loc;
    }
    return 0;
  }
  heads.forEach(function (th) {
    th.querySelector("button").addEventListener("click", function () {
      var dir = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
      heads.forEach(function (h) { h.setAttribute("aria-sort", "none"); });
      th.setAttribute("aria-sort", dir);
      var key = th.dataset.key, sign = dir === "ascending" ? 1 : -1;
      rows.sort(function (a, b) {
        var x = value(a, key), y = value(b, key);
        if (x < y) { return -sign; }
        if (x > y) { return sign; }
        return Number(a.dataset.n) - Number(b.dataset.n);
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
  apply();
})();
