/* Error summary (loket/_error_summary.html): a link to a field scrolls the whole field (label,
   hint and message) into view and then focuses the input, instead of leaving the label and the
   message above the top of the window. Without JavaScript the link still jumps to the input and
   CSS scroll-margin keeps most of the field in view. */
(function () {
  "use strict";
  var summary = document.getElementById("error-summary");
  if (!summary) {
    return;
  }
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    if (!link) {
      return;
    }
    var input = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
    if (!input) {
      return;
    }
    var field = input.closest(".field") || input;
    event.preventDefault();
    field.scrollIntoView({ block: "start" });
    input.focus({ preventScroll: true });
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, "", link.getAttribute("href"));
    }
  });
})();
