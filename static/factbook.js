// factbook: progressive enhancements only; every page works without this file.
(function () {
  "use strict";
  // Sortable tables: click a header to sort by that column.
  function cellValue(row, index, numeric) {
    var cell = row.cells[index];
    if (!cell) return "";
    if (numeric) { var v = parseFloat(cell.getAttribute("data-value")); return isNaN(v) ? -Infinity : v; }
    // A period cell carries its key (2024-Q3), which sorts in time order.
    var key = cell.getAttribute("data-value");
    return key !== null ? key : cell.textContent.trim().toLowerCase();
  }
  // Figures sort within their unit: USD with USD, percent with percent; the
  // units themselves stay grouped in name order whichever way the column sorts.
  function unitOf(row, index) {
    var cell = row.cells[index];
    return (cell && cell.getAttribute("data-unit")) || "";
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var headers = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(headers, function (th, index) {
      th.tabIndex = 0;
      function sort() {
        var numeric = th.getAttribute("data-sort") === "number";
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headers, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          if (numeric) {
            var u = unitOf(a, index).localeCompare(unitOf(b, index));
            if (u !== 0) return u;
          }
          var x = cellValue(a, index, numeric), y = cellValue(b, index, numeric);
          var c = numeric ? x - y : x.localeCompare(y);
          return ascending ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); } });
    });
  });
})();
