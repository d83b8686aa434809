/* Catalog filters: narrow the module cards by audience, theme, level and length.
 *
 * Without JavaScript the page shows every card and the form stays hidden. The choice lives
 * in the address (?audience=residents&length=short), so a filtered list can be shared and
 * survives a reload. Values are compared as whole words of the cards' data attributes. */
(function () {
  "use strict";

  /* The status line's words come from the curriculum's label table, which the build
   * publishes as window.curriculumLabels (assets/javascripts/curriculum-labels.js): a text,
   * or one text per plural category of the language, with {count} and other names to fill. */
  var published = window.curriculumLabels || {labels: {}};
  var plurals = window.Intl && Intl.PluralRules ? new Intl.PluralRules(published.language) : null;

  function say(key, count, values) {
    var label = published.labels[key];
    if (label && typeof label === "object") {
      label = label[plurals ? plurals.select(count) : "other"] || label.other;
    }
    if (typeof label !== "string") return "";
    values.count = count;
    return label.replace(/\{(\w+)\}/g, function (whole, name) {
      return name in values ? String(values[name]) : whole;
    });
  }

  function setUp() {
    var form = document.getElementById("curriculum-filters");
    var status = document.getElementById("curriculum-filters-status");
    if (!form || !status || form.dataset.ready) return;
    form.dataset.ready = "true";
    var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
    var cards = Array.prototype.slice.call(document.querySelectorAll(".curriculum-card"));

    function chosen() {
      var choice = {};
      selects.forEach(function (select) {
        if (select.value) choice[select.name] = select.value;
      });
      return choice;
    }

    function matches(card, choice) {
      return Object.keys(choice).every(function (name) {
        var values = (card.getAttribute("data-" + name) || "").split(" ");
        return values.indexOf(choice[name]) !== -1;
      });
    }

    function apply() {
      var choice = chosen();
      var shown = 0;
      cards.forEach(function (card) {
        var match = matches(card, choice);
        card.hidden = !match;
        if (match) shown += 1;
      });
      var filtered = Object.keys(choice).length > 0;
      var message = !filtered ? say("catalog_all", cards.length, {})
        : shown === 0 ? say("catalog_none", 0, {})
        : say("catalog_shown", cards.length, {shown: shown});
      if (message) status.textContent = message;
      form.classList.toggle("curriculum-filters--active", filtered);
      return choice;
    }

    function remember(choice) {
      var params = new URLSearchParams(window.location.search);
      selects.forEach(function (select) {
        if (choice[select.name]) params.set(select.name, choice[select.name]);
        else params.delete(select.name);
      });
      var query = params.toString();
      var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
      window.history.replaceState(null, "", url);
    }

    function restore() {
      var params = new URLSearchParams(window.location.search);
      selects.forEach(function (select) {
        var wanted = params.get(select.name) || "";
        var known = Array.prototype.some.call(select.options, function (option) {
          return option.value === wanted;
        });
        select.value = known ? wanted : "";
      });
    }

    form.addEventListener("change", function () { remember(apply()); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () {
      window.setTimeout(function () { remember(apply()); }, 0);
    });
    window.addEventListener("popstate", function () { restore(); apply(); });
    restore();
    apply();
    form.hidden = false;
  }

  /* Material's instant navigation swaps pages without a reload: run on each new page. */
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setUp);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
