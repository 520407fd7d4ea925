/* openspace offline: the attendee page's last state, kept on the phone.
 *
 * The page keeps what it shows, the public state (live.state()'s fields,
 * version and epoch included) and the attendee's /me, in localStorage, one
 * entry per event ("openspace.offline.{eventID}"): at most every 2 s, and
 * at once when the page is hidden or left. Reopened, even offline, the page
 * draws it before any answer from the network, with a banner that says it
 * is offline and as of when, until the network catches up. A state that
 * does not fit is not kept (the last one that did stays); a full or
 * disabled storage never throws. docs/OFFLINE.md.
 *
 * OS.offline.load(eventId): {at, state, me} or null; at is when the state
 *   was last known current (ms since the epoch).
 * OS.offline.keeper(eventId, read): {changed(), flush()}; read() returns
 *   {at, state, me}, or null when there is nothing to keep; changed() says
 *   it changed (kept within 2 s).
 * OS.offline.forget(eventId): drops what was kept for the event (forget me,
 *   a 401 or a 404) and keeps nothing more for it from this page.
 * OS.offline.banner(at): shows #offline-banner for a state as of at, or
 *   hides it (null).
 */
(function () {
  'use strict';
  var OS = window.OS = window.OS || {};
  var I = OS.i18n, t = OS.t, $ = OS.byId;
  var PREFIX = 'openspace.offline.';
  var EVERY = 2000;
  // At most a million characters (2 MB in UTF-16) per event, a third more
  // than the largest public state measured (docs/SECURITY.md), within the
  // 5 MB a browser gives an origin, beside notes drafts and the queue.
  var MAX = 1000000;
  var dropped = {}; // event ID -> true once forgotten in this page

  I.add({
    en: {
      off_banner: 'Offline · as of {time}',
      off_banner_day: 'Offline · as of {date}, {time}',
      off_hint: 'This is what this phone last knew. It updates as soon as the network is back.'
    },
    fr: {
      off_banner: 'Hors ligne · état de {time}',
      off_banner_day: 'Hors ligne · état du {date}, {time}',
      off_hint: 'Voici ce que ce téléphone savait alors. Tout se met à jour dès le retour du réseau.'
    }
  });

  function storage() {
    try { return window.localStorage || null; } catch (e) { return null; } // disabled: a SecurityError
  }

  function key(id) { return PREFIX + id; }

  function load(id) {
    var s = storage();
    if (!s || !id) return null;
    try {
      var v = JSON.parse(s.getItem(key(id)) || 'null');
      if (v && v.v === 1 && typeof v.at === 'number' && v.state && v.state.event) return { at: v.at, state: v.state, me: v.me || null };
    } catch (e) { /* unreadable: as if nothing was kept */ }
    return null;
  }

  // write keeps one event's record; on a full storage it makes room by
  // dropping the other events' kept states (the least useful here), once.
  function write(id, rec) {
    var s = storage();
    if (!s || dropped[id]) return false;
    var text;
    try { text = JSON.stringify({ v: 1, at: rec.at, state: rec.state, me: rec.me }); } catch (e) { return false; }
    if (text.length > MAX) return false;
    try { s.setItem(key(id), text); return true; } catch (e) { /* full */ }
    try {
      var others = [];
      for (var i = 0; i < s.length; i++) {
        var k = s.key(i);
        if (k && k.indexOf(PREFIX) === 0 && k !== key(id)) others.push(k);
      }
      others.forEach(function (k) { s.removeItem(k); });
      s.setItem(key(id), text);
      return true;
    } catch (e) { return false; }
  }

  function forget(id) {
    dropped[id] = true;
    var s = storage();
    try { if (s) s.removeItem(key(id)); } catch (e) { /* nothing kept */ }
  }

  function keeper(id, read) {
    var last = 0, timer = null;
    function flush() {
      clearTimeout(timer);
      timer = null;
      last = Date.now();
      var rec = read();
      if (rec && rec.state && rec.state.event) write(id, rec);
    }
    function changed() {
      if (timer || dropped[id]) return;
      timer = setTimeout(flush, Math.max(0, last + EVERY - Date.now()));
    }
    // A phone closes a page without warning: what changed goes now.
    window.addEventListener('pagehide', function () { if (timer) flush(); });
    document.addEventListener('visibilitychange', function () {
      if (document.visibilityState === 'hidden' && timer) flush();
    });
    return { changed: changed, flush: flush };
  }

  var shownAt = null;
  function banner(at) {
    var el = $('offline-banner');
    if (!el) return;
    shownAt = at;
    el.hidden = at === null || at === undefined;
    if (el.hidden) return;
    var d = new Date(at), now = new Date();
    var sameDay = d.toDateString() === now.toDateString();
    var day = d.getFullYear() + '-' + ('0' + (d.getMonth() + 1)).slice(-2) + '-' + ('0' + d.getDate()).slice(-2);
    $('offline-when').textContent = t(sameDay ? 'off_banner' : 'off_banner_day', { time: I.fmtTime(at), date: I.fmtDate(day) });
    $('offline-hint').textContent = t('off_hint');
    el.setAttribute('data-at', String(at));
  }
  I.onChange(function () { if (shownAt !== null) banner(shownAt); });

  OS.offline = { load: load, keeper: keeper, forget: forget, banner: banner };
})();
