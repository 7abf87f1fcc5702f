/* Kirjaamo staff UI: the little JavaScript there is. Everything works without it.

   Live search: after htmx swaps new results in, copy the one-line summary ("3 osumaa",
   "Ei tuloksia", …) into a persistent polite live region, so screen readers hear the
   summary instead of the whole table, and hear it every time. */
(function () {
  "use strict";
  document.addEventListener("htmx:afterSettle", function () {
    var results = document.getElementById("search-results");
    var announcer = document.getElementById("search-announcer");
    if (!results || !announcer) {
      return;
    }
    var summary = results.querySelector("[data-announce]");
    announcer.textContent = summary ? summary.textContent.replace(/\s+/g, " ").trim() : "";
  });
})();
