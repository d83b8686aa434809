/* The service worker of the run-of-show and screen views (assets/javascripts/run-of-show.js).
 *
 * Each view registers it with its own address as the scope, so it serves those pages and
 * nothing else of the site. The view tells it which files it loaded ({keep: [urls]}); it keeps
 * them, and later answers every request of the view from the network when there is one (and
 * keeps the fresh copy), else from what it kept: the page reloads and runs without network.
 * It lies at the site's root because a worker may only serve addresses below its own folder. */
"use strict";

var CACHE = "curriculum-run-of-show";

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim());
});

self.addEventListener("message", function (event) {
  var urls = event.data && event.data.keep;
  if (!Array.isArray(urls)) return;
  var port = event.ports && event.ports[0];
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return Promise.all(urls.map(function (url) {
      return cache.add(new Request(url, {cache: "reload"})).catch(function () {});
    }));
  }).then(function () {
    if (port) port.postMessage({kept: urls.length});
  }));
});

function fromNetwork(request) {
  return fetch(request).then(function (response) {
    if (response.ok && response.type === "basic") {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
    }
    return response;
  }).catch(function () {
    return caches.match(request, {ignoreSearch: request.mode === "navigate"}).then(
      function (kept) { return kept || Response.error(); });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    // Only the view itself: a packet or page in the same folder is left to the browser.
    var scope = new URL(self.registration.scope).pathname;
    if (new URL(request.url).pathname !== scope) return;
  }
  event.respondWith(fromNetwork(request));
});
