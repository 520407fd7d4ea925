/* openspace web app: the attendee page as an app on the phone. It registers
 * the service worker (/sw.js, scope /e/), asks it to keep this page (loaded
 * before the worker existed), and follows new versions: when a deploy
 * brings another worker, the page reloads itself once, when nothing would
 * be lost (no action waiting in the queue, no text being typed), else it
 * shows "A new version is ready" with a reload button, and reloads when the
 * page is left in the background if it is safe by then. docs/OFFLINE.md.
 * A later part of the page (later.js): it runs after the first screen. */
(function () {
  'use strict';
  var OS = window.OS, $ = OS.byId;
  var sw = navigator.serviceWorker;
  OS.i18n.add({
    en: { wa_new: 'A new version of this page is ready.', wa_reload: 'Reload' },
    fr: { wa_new: 'Une nouvelle version de cette page est prête.', wa_reload: 'Recharger' }
  });
  if (!sw || !window.caches) return; // no worker (or not over HTTPS): the page works as before

  var meta = document.querySelector('meta[name="openspace-version"]');
  var mine = meta ? meta.content : '', newer = '';
  var RELOADED = 'openspace.reloaded'; // sessionStorage: the version this tab last reloaded for
  var checked = 0;

  function session(f) { try { return f(window.sessionStorage); } catch (e) { return null; } }

  // The worker in charge says its version, and whether it gave this page.
  // Another version than the page's, in a worker that did not give it:
  // it took over since (a deploy brought it), reload. In the worker that
  // gave it: the page came from the network, newer than the worker; ask
  // the server for the new worker.
  function ask() { if (sw.controller) sw.controller.postMessage({ type: 'version' }); }
  sw.addEventListener('message', function (e) {
    var m = e.data || {};
    if (m.type !== 'version' || !m.version || !mine || m.version === mine) return;
    if (!m.gave) update(m.version);
    else check(true);
  });

  // typing: a text field has the focus, or holds text the person typed.
  document.addEventListener('input', function (e) { if (e.target) e.target.__typed = true; }, true);
  function typing() {
    var a = document.activeElement;
    if (a && (a.tagName === 'TEXTAREA' || (a.tagName === 'INPUT' && !/^(button|submit|reset|checkbox|radio)$/.test(a.type)))) return true;
    return Array.prototype.some.call(document.querySelectorAll('input, textarea'), function (el) { return el.__typed && el.value !== ''; });
  }
  function waiting() {
    try { return (OS.queue && OS.queue.size && OS.queue.size()) || 0; } catch (e) { return 0; }
  }
  function safe() { return !waiting() && !typing(); }

  function reload() {
    session(function (s) { s.setItem(RELOADED, newer); });
    window.location.reload();
  }

  function update(v) {
    newer = v;
    // Once per version: if the reload did not bring it, the button stays.
    var again = session(function (s) { return s.getItem(RELOADED); }) === v;
    if (!again && safe()) { reload(); return; }
    $('new-version').hidden = false;
  }

  $('new-version-btn').addEventListener('click', reload);
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'hidden') {
      if (newer && safe() && session(function (s) { return s.getItem(RELOADED); }) !== newer) reload();
      return;
    }
    check();
  });
  window.addEventListener('online', function () { check(); });

  // check asks the server for a new worker, at most once a minute: a
  // phone asleep through a deploy learns it when it wakes.
  var reg = null;
  function check(now) {
    if (!reg || (!now && Date.now() - checked < 60000)) return;
    checked = Date.now();
    reg.update().catch(function () { /* offline: next time */ });
  }

  // A message to the old worker while a new one takes over restarts it,
  // and Chromium then leaves the new one waiting behind it: while a new
  // worker installs, nothing is asked until it is in charge.
  function greet() {
    if (!reg || reg.installing || reg.waiting || !sw.controller) return;
    sw.controller.postMessage({ type: 'keep', path: window.location.pathname });
    ask();
  }
  sw.addEventListener('controllerchange', greet);

  sw.register('/sw.js', { scope: '/e/' }).then(function () { return sw.ready; }).then(function (r) {
    reg = r;
    greet();
    check();
  }).catch(function () { /* no worker: the page works as before */ });
})();
