/* openspace service worker, served at /sw.js for the attendee pages
 * (scope /e/): the page and its assets come from the phone, so that it
 * opens at once and offline; the network catches up. docs/OFFLINE.md.
 *
 * The server writes this file for its version (a hash over every asset
 * and template, ui.Version): a deploy changes its bytes, so the browser
 * installs the new worker, which takes over at once and drops the caches
 * of the others. A page goes into the cache only if it carries this
 * worker's version (<meta name="openspace-version">), so a page and its
 * assets always come from the same version. */
'use strict';
var VERSION = {{.Version}};
var CACHE = 'openspace-' + VERSION;
var ASSETS = {{.Assets}}; // what the attendee page loads, its later parts included
var STYLE = {{.Style}}; // the page's style sheet, for the offline page
var PAGE = /^\/e\/[^/]+$/; // an attendee page: /e/{eventID}
var gave = {}; // the window clients this worker gave their page (while it lives)

function own(key) { return key.indexOf('openspace-') === 0; }

function versionOf(html) {
  var m = /<meta name="openspace-version" content="([^"]*)"/.exec(html);
  return m ? m[1] : '';
}

// fetchPage asks the network for an attendee page and keeps it in cache
// if it is of this version; a page of another version (a deploy came
// meanwhile) is shown but never kept. A 404 (the event was deleted)
// forgets the page. It resolves with the network's answer, read whole (a
// body left unread would keep the request, and this worker, busy).
function fetchPage(cache, path, request) {
  return fetch(request || path).then(function (res) {
    if (res.status === 404 || res.status === 410) return cache.delete(path).then(function () { return res; });
    if (res.status !== 200 || res.type !== 'basic') return res;
    return res.text().then(function (html) {
      var headers = new Headers(res.headers);
      headers.delete('Content-Encoding'); // the text is decoded already
      headers.delete('Content-Length');
      var page = new Response(html, { status: res.status, statusText: res.statusText, headers: headers });
      if (versionOf(html) !== VERSION) return page;
      return cache.put(path, page.clone()).then(function () { return page; });
    });
  });
}

// settle waits for a page fetched in the background and drops its body.
function settle(p) {
  return p.then(function (res) { return res.arrayBuffer(); }).catch(function () { /* offline: next time */ });
}

// install: the assets of this version, and the pages the other versions
// kept, fetched again (so a phone that opened an event keeps opening it
// offline after a deploy).
self.addEventListener('install', function (e) {
  e.waitUntil(caches.open(CACHE).then(function (cache) {
    return cache.addAll(ASSETS).then(function () { return caches.keys(); }).then(function (keys) {
      return Promise.all(keys.filter(function (k) { return own(k) && k !== CACHE; }).map(function (k) {
        return caches.open(k).then(function (old) { return old.keys(); }).then(function (reqs) {
          return Promise.all(reqs.map(function (r) {
            var path = new URL(r.url).pathname;
            return PAGE.test(path) ? settle(fetchPage(cache, path)) : null;
          }));
        });
      }));
    });
  }).then(function () { return self.skipWaiting(); }));
});

// activate: the other versions' caches go; the open pages are this
// worker's at once (each asks it its version, and reloads when it is safe).
self.addEventListener('activate', function (e) {
  e.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return own(k) && k !== CACHE; }).map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener('message', function (e) {
  var m = e.data || {};
  // version: a page of another version than a worker that gave it came
  // from the network, newer; one this worker did not give is older.
  if (m.type === 'version' && e.source) e.source.postMessage({ type: 'version', version: VERSION, gave: !!gave[e.source.id] });
  // keep: the page the browser loaded before this worker existed.
  if (m.type === 'keep' && typeof m.path === 'string' && PAGE.test(m.path)) {
    e.waitUntil(caches.open(CACHE).then(function (cache) {
      return cache.match(m.path, { ignoreVary: true }).then(function (hit) { return hit || settle(fetchPage(cache, m.path)); });
    }));
  }
});

// fetch: only this origin's GETs, only assets and attendee pages; the API
// and the WebSocket always go to the network.
self.addEventListener('fetch', function (e) {
  var req = e.request;
  if (req.method !== 'GET') return;
  var url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.indexOf('/assets/') === 0) e.respondWith(asset(req));
  else if (req.mode === 'navigate' && PAGE.test(url.pathname)) {
    if (e.resultingClientId) gave[e.resultingClientId] = true;
    e.respondWith(page(e, url.pathname));
  }
});

// asset: hashed URLs never change, so the cache answers first.
function asset(req) {
  return caches.open(CACHE).then(function (cache) {
    return cache.match(req, { ignoreVary: true }).then(function (hit) {
      return hit || fetch(req).then(function (res) {
        if (res.status === 200 && res.type === 'basic') cache.put(req, res.clone());
        return res;
      });
    });
  });
}

// page: the kept page at once, checked against the network in the
// background; nothing kept: the network; neither: the offline page.
function page(e, path) {
  return caches.open(CACHE).then(function (cache) {
    return cache.match(path, { ignoreVary: true }).then(function (hit) {
      var fresh = fetchPage(cache, path, e.request);
      if (hit) {
        e.waitUntil(settle(fresh));
        return hit;
      }
      return fresh.catch(function () { return offline(path); });
    });
  });
}

function offline(path) {
  var html = '<!doctype html><html lang="fr"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1"><title>Hors ligne · Offline</title>' +
    '<link rel="stylesheet" href="' + STYLE + '"></head><body><main>' +
    '<h1>Hors ligne</h1><p>Ce téléphone n’a pas encore gardé cette page\u202f: ouvrez-la une fois avec le réseau, elle s’ouvrira ensuite même sans.</p>' +
    '<h1 lang="en">Offline</h1><p lang="en">This phone has not kept this page yet: open it once with the network, and it will open without it afterwards.</p>' +
    '<p><a class="btn" href="' + path + '">Réessayer · <span lang="en">Retry</span></a></p></main></body></html>';
  return new Response(html, {
    status: 503,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'Content-Security-Policy': "default-src 'none'; style-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
    }
  });
}
