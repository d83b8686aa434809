/* Sentence search: Material's search ORs every word of a query and adds a wildcard to each,
 * so a pasted sentence ("Nod them to a chair and keep going") ranks pages full of "a*" and
 * "to*" words above the one page that holds the sentence. Facilitators search exactly that
 * way, for a line they remember from a guide.
 *
 * This script rewrites a query of three or more words before it reaches the search worker:
 * English stop words are dropped and every remaining word but the last becomes required
 * ("+nod +chair +keep going"), so only pages holding all of them match; the last word keeps
 * its wildcard so results still follow the typing. Queries using Material's own syntax
 * (quotes, +, -, field:) are left alone. It must load before Material's bundle, which creates
 * the worker; it wraps Worker.prototype.postMessage, and Material 9 sends a query as
 * {type: 2, data: "..."}. */
(function () {
  "use strict";

  var QUERY = 2;
  var STOP = ("a able about across after all almost also am among an and any are as at be " +
    "because been but by can cannot could dear did do does either else ever every for from " +
    "get got had has have he her hers him his how however i if in into is it its just least " +
    "let like likely may me might most must my neither no nor not of off often on only or " +
    "other our own rather said say says she should since so some than that the their them " +
    "then there these they this tis to too twas us wants was we were what when where which " +
    "while who whom why will with would yet you your").split(" ");

  function words(query) {
    return query.split(/\s+/).map(function (word) {
      return word.replace(/^[^\w]+|[^\w]+$/g, "");
    }).filter(Boolean);
  }

  function sentenceQuery(query) {
    if (/["+\-:~^*]/.test(query)) return query;
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
