/* openspace api: JSON fetch wrapper, error display (the server's words), small DOM helpers.
 * User text is only ever put in the DOM with textContent (see h()). */
(function () {
  'use strict';
  var OS = window.OS = window.OS || {};
  var t = function (k, v) { return OS.i18n.t(k, v); };
  var TIMEOUT = 20000;

  // An API error: code and messages ({en, fr}) are the server's JSON error
  // body (docs/API.md, Errors). code 'network' (no messages) is the one error
  // the server cannot word: no answer, or an answer that is not the server's
  // (a proxy's error page when the app is down).
  function apiError(code, messages, status) {
    var err = new Error(code);
    err.code = code;
    err.messages = messages || null;
    err.status = status || 0;
    return err;
  }

  // newKey is a fresh Idempotency-Key: a random uuid (version 4), from
  // crypto.randomUUID where the browser has it (only on https and
  // localhost), else built from crypto.getRandomValues.
  function newKey() {
    var c = window.crypto;
    if (c && typeof c.randomUUID === 'function') return c.randomUUID();
    var b = new Uint8Array(16);
    if (c && c.getRandomValues) c.getRandomValues(b);
    else for (var i = 0; i < 16; i++) b[i] = Math.floor(Math.random() * 256); // no Web Crypto at all: very old browsers
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(b, function (x) { return (x < 16 ? '0' : '') + x.toString(16); }).join('');
    return hex.slice(0, 8) + '-' + hex.slice(8, 12) + '-' + hex.slice(12, 16) + '-' + hex.slice(16, 20) + '-' + hex.slice(20);
  }

  // api('PUT', '/api/events/x/topics/y/vote', body, opts) -> Promise of the
  // decoded JSON (null for 204). Rejects with an apiError. Every write
  // (any method but GET) carries an Idempotency-Key: opts.key when given
  // (a replay of the same action, see queue.js), else a fresh one, so that
  // the server does it once however often the request arrives.
  // opts.timeout overrides the 20 s after which the request is given up.
  function api(method, path, body, o) {
    o = o || {};
    var opts = {
      method: method,
      credentials: 'same-origin',
      headers: { 'Accept': 'application/json', 'Accept-Language': OS.i18n.lang() }
    };
    if (method !== 'GET') opts.headers['Idempotency-Key'] = o.key || newKey();
    if (body !== undefined) {
      opts.headers['Content-Type'] = 'application/json';
      opts.body = JSON.stringify(body);
    }
    var timer = null;
    if (window.AbortController) {
      var ctl = new AbortController();
      opts.signal = ctl.signal;
      timer = setTimeout(function () { ctl.abort(); }, o.timeout || TIMEOUT);
    }
    return fetch(path, opts).then(function (res) {
      if (timer) clearTimeout(timer);
      if (res.status === 204) return null;
      return res.text().then(function (text) {
        var data, parsed = true;
        try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; parsed = false; }
        // A success that is not JSON is not the server's answer: a captive
        // portal's login page, a proxy's. Nothing was done.
        if (res.ok && parsed) return data;
        var e = data && data.error;
        if (!res.ok && e && e.code) throw apiError(e.code, e.messages || { en: e.message, fr: e.message }, res.status);
        throw apiError('network', null, res.status);
      });
    }, function () {
      if (timer) clearTimeout(timer);
      throw apiError('network', null, 0);
    });
  }

  // errorText is the sentence to show for an API error, in the UI language:
  // the server's message, or the client's own for a network failure.
  function errorText(err) {
    var m = err && err.messages;
    return (m && (m[OS.i18n.lang()] || m.en)) || t('err_network');
  }

  // showError writes an error into a live region; null clears it. The error
  // is kept on the element so that a language switch re-words it.
  function showError(el, err) {
    if (!el) return;
    el.__err = err || null;
    el.textContent = err ? errorText(err) : '';
    el.hidden = !err;
  }

  // h('li', {className: 'x', 'data-topic-id': id, onclick: fn}, child...) builds
  // an element. Strings become text nodes: user text stays inert.
  function h(tag, props) {
    var el = document.createElement(tag);
    if (props) {
      Object.keys(props).forEach(function (k) {
        var v = props[k];
        if (v === undefined || v === null || v === false) return;
        if (k.indexOf('on') === 0 && typeof v === 'function') el.addEventListener(k.slice(2), v);
        else if (k === 'className' || k === 'textContent' || k === 'value' || k === 'type' ||
          k === 'checked' || k === 'disabled' || k === 'hidden' || k === 'id' || k === 'href' ||
          k === 'htmlFor' || k === 'name' || k === 'selected' || k === 'draggable') el[k] = v;
        else el.setAttribute(k, v === true ? '' : String(v));
      });
    }
    for (var i = 2; i < arguments.length; i++) append(el, arguments[i]);
    return el;
  }

  function append(el, c) {
    if (c === null || c === undefined || c === false) return;
    if (Array.isArray(c)) { c.forEach(function (x) { append(el, x); }); return; }
    el.appendChild(typeof c === 'object' ? c : document.createTextNode(String(c)));
  }

  // roomHead is the header row of a grid: each room with its capacity and
  // equipment (the console and the projector draw the same one).
  function roomHead(rooms) {
    return h('thead', null, h('tr', null, h('td', null), rooms.map(function (r) {
      return h('th', { scope: 'col', 'data-room-id': r.id }, r.name,
        h('span', { className: 'sub' }, t('capacity', { n: r.capacity }),
          r.equipment && r.equipment.length ? ' · ' + r.equipment.join(', ') : ''));
    })));
  }

  function clear(el) { while (el.firstChild) el.removeChild(el.firstChild); return el; }

  function fill(el) {
    clear(el);
    for (var i = 1; i < arguments.length; i++) append(el, arguments[i]);
    return el;
  }

  // keyed syncs container's children with items: create(item) builds a node,
  // update(node, item) refreshes it; nodes are reused by key and reordered,
  // so focus and open forms survive live updates.
  function keyed(container, items, key, create, update) {
    var old = Object.create(null); // keys are user text: "__proto__" is a key like any other
    Array.prototype.forEach.call(container.children, function (n) { if (n.__key !== undefined) old[n.__key] = n; });
    items.forEach(function (item, i) {
      var k = key(item);
      var node = old[k];
      if (node) delete old[k];
      else { node = create(item); node.__key = k; }
      update(node, item);
      if (container.children[i] !== node) container.insertBefore(node, container.children[i] || null);
    });
    Object.keys(old).forEach(function (k) { container.removeChild(old[k]); });
  }

  // copyText copies to the clipboard, with a fallback for plain-HTTP pages.
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var ta = h('textarea', { value: text, 'aria-hidden': 'true' });
      ta.style.position = 'fixed';
      ta.style.top = '-100px';
      ta.style.opacity = '0';
      document.body.appendChild(ta);
      ta.select();
      var ok = false;
      try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
      document.body.removeChild(ta);
      if (ok) resolve(); else reject(new Error('copy'));
    });
  }

  function byId(id) { return document.getElementById(id); }

  // absURL makes a link to show or share: on the address phones open (the
  // server's public URL, data-join-base) when there is one, else this page's.
  function absURL(rel) { return (document.body.getAttribute('data-join-base') || window.location.origin) + rel; }

  function eventId() { return document.body.getAttribute('data-event-id') || ''; }

  function list(s) {
    return (s || '').split(',').map(function (x) { return x.trim(); }).filter(function (x) { return x; });
  }

  OS.api = api;
  OS.newKey = newKey;
  OS.errorText = errorText;
  OS.showError = showError;
  OS.h = h;
  OS.roomHead = roomHead;
  OS.clear = clear;
  OS.fill = fill;
  OS.keyed = keyed;
  OS.byId = byId;
  OS.copyText = copyText;
  OS.absURL = absURL;
  OS.eventId = eventId;
  OS.list = list;
  OS.enc = encodeURIComponent;

  // Re-translate errors on screen after a language switch.
  OS.i18n.onChange(function () {
    Array.prototype.forEach.call(document.querySelectorAll('.error'), function (el) {
      if (el.__err) el.textContent = errorText(el.__err);
    });
  });
})();
