/* Sentence search: Material's search ORs every word of a query and adds a wildcard to each,
 * so a pasted sentence ("Nod them to a chair and keep going") ranks pages full of "a*" and
 * "to*" words above the one page that holds the sentence. Facilitators search exactly that
 * way, for a line they remember from a guide.
 *
 * This script rewrites a query of three or more words before it reaches the search worker:
 * stop words of the curriculum's language are dropped and every remaining word but the last becomes required
 * ("+nod +chair +keep going"), so only pages holding all of them match; the last word keeps
 * its wildcard so results still follow the typing. Queries using Material's own syntax
 * (quotes, +, -, field:) are left alone. It must load before Material's bundle, which creates
 * the worker; it wraps Worker.prototype.postMessage, and Material 9 sends a query as
 * {type: 2, data: "..."}. */
(function () {
  "use strict";

  var QUERY = 2;
  /* Stop words of the curriculum's language, from its label table, which the build
   * publishes as window.curriculumLabels (assets/javascripts/curriculum-labels.js). Without
   * them a query is left as typed. */
  var published = (window.curriculumLabels || {labels: {}}).labels;
  var STOP = (published.stop_words || "").toLowerCase().split(/\s+/).filter(Boolean);

  function words(query) {
    return query.split(/\s+/).map(function (word) {
      return word.replace(/^[^\w]+|[^\w]+$/g, "");
    }).filter(Boolean);
  }

  function sentenceQuery(query) {
    if (!STOP.length || /["+\-:~^*]/.test(query)) return query;
    var all = words(query);
    if (all.length < 3) return query;
    var kept = all.filter(function (word) { return STOP.indexOf(word.toLowerCase()) === -1; });
    if (kept.length < 2) return query;
    var last = kept.pop();
    return kept.map(function (word) { return "+" + word; }).concat(last).join(" ");
  }

  var post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message) {
    if (message && message.type === QUERY && typeof message.data === "string") {
      arguments[0] = { type: message.type, data: sentenceQuery(message.data) };
    }
    return post.apply(this, arguments);
  };
})();
