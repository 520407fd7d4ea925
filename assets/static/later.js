/* openspace later: the parts of a page that its first screen does not need
 * (body[data-later]: hashed script and style URLs, space-separated) load
 * once that screen is drawn, so that on a slow network the first screen
 * waits only for its own files and its data. Scripts run in the order
 * listed; onLoad runs after each (the page draws again with the new part).
 * body[data-parts] is 'loading', then 'loaded' once every part has come
 * (or failed: a part missing offline must not hold the others).
 *
 * OS.later(onLoad): starts loading them, once; later calls do nothing. */
(function () {
  'use strict';
  var OS = window.OS = window.OS || {};
  var started = false;

  OS.later = function (onLoad) {
    if (started) return;
    started = true;
    var body = document.body;
    var urls = (body.getAttribute('data-later') || '').split(/\s+/).filter(Boolean);
    var left = urls.length;
    body.setAttribute('data-parts', left ? 'loading' : 'loaded');
    function done() {
      if (--left === 0) body.setAttribute('data-parts', 'loaded');
    }
    urls.forEach(function (url) {
      var el;
      if (/\.css$/.test(url)) {
        el = document.createElement('link');
        el.rel = 'stylesheet';
        el.href = url;
        el.onload = el.onerror = done;
      } else {
        el = document.createElement('script');
        el.src = url;
        el.async = false; // in order: a part may use the one before
        el.onload = function () { try { if (onLoad) onLoad(); } finally { done(); } };
        el.onerror = done;
      }
      document.head.appendChild(el);
    });
  };
})();
