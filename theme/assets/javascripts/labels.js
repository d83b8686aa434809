/* Accessible names that Material and Python-Markdown leave out (axe-core: aria-dialog-name,
 * label): the search dialog, and the tick boxes of task lists such as a guide's preparation
 * checklist, which get the text of their own list item. */
(function () {
  "use strict";

  /* Their words come from the curriculum's label table, published by the build as
   * window.curriculumLabels (assets/javascripts/curriculum-labels.js). */
  var words = (window.curriculumLabels || {labels: {}}).labels;

  function label() {
    if (!words.search_dialog) return;
    document.querySelectorAll(".md-search[role=dialog]:not([aria-label])").forEach(
      function (dialog) { dialog.setAttribute("aria-label", words.search_dialog); });
    document.querySelectorAll(".task-list-item input[type=checkbox]:not([aria-label])").forEach(
      function (box) {
        var item = box.closest(".task-list-item");
        var text = item ? item.textContent.replace(/\s+/g, " ").trim() : "";
        box.setAttribute("aria-label", text || words.done);
      });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(label);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", label);
  } else {
    label();
  }
})();
