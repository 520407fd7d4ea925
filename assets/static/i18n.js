/* openspace i18n: French and English UI strings, language choice, FR/EN switch.
 * Language = localStorage choice, else navigator.language "fr*" -> fr, else en.
 * Common strings live here; each page script adds its own with OS.i18n.add().
 * Error messages are not: the server words them in both languages (api.js),
 * all but a network failure.
 * Static text in templates: data-i18n="key" (textContent), data-i18n-placeholder,
 * data-i18n-label (aria-label), data-i18n-title. */
(function () {
  'use strict';
  var OS = window.OS = window.OS || {};
  var STORE = 'openspace.lang';
  var dict = { en: {}, fr: {} };
  var listeners = [];
  var ready = false;

  // plural({one: '{n} vote', other: '{n} votes'}) picks the form with the
  // browser's Intl.PluralRules for the page's language: French counts 0 and 1
  // as "one", English only 1. {n} is written with the language's digits
  // grouping (1 234 / 1,234); other {name} placeholders are filled as in t().
  function plural(forms) {
    return function (v) {
      var n = Number(v.n) || 0, form = forms.other;
      try { form = forms[new Intl.PluralRules(lang).select(n)] || forms.other; } catch (e) { if (n === 1) form = forms.one; }
      return fill(form, v, { n: num(n) });
    };
  }

  // num writes a number as the language does.
  function num(n) {
    try { return new Intl.NumberFormat(lang).format(n); } catch (e) { return String(n); }
  }

  // quote puts text between the language's quotation marks: « … » in
  // French (with narrow no-break spaces), “…” in English.
  function quote(s) {
    return lang === 'fr' ? '\u00ab\u202f' + s + '\u202f\u00bb' : '\u201c' + s + '\u201d';
  }

  // orList and andList join words as the language does: "A, B or C",
  // « A, B et C ».
  function joinList(items, en, fr) {
    if (items.length < 2) return items.join('');
    return items.slice(0, -1).join(', ') + (lang === 'fr' ? fr : en) + items[items.length - 1];
  }
  function orList(items) { return joinList(items, ' or ', ' ou '); }
  function andList(items) { return joinList(items, ' and ', ' et '); }

  function fill(s, vars, over) {
    return s.replace(/\{(\w+)\}/g, function (m, k) {
      var v = over && over[k] !== undefined ? over[k] : vars[k];
      return v === undefined ? m : String(v);
    });
  }

  function detect() {
    try {
      var saved = window.localStorage.getItem(STORE);
      if (saved === 'fr' || saved === 'en') return saved;
    } catch (e) { /* private mode */ }
    var nav = (navigator.language || navigator.userLanguage || '').toLowerCase();
    return nav.indexOf('fr') === 0 ? 'fr' : 'en';
  }

  var lang = detect();
  document.documentElement.lang = lang;

  function add(more) {
    ['en', 'fr'].forEach(function (l) {
      var src = more[l] || {};
      Object.keys(src).forEach(function (k) { dict[l][k] = src[k]; });
    });
    if (ready) apply(document);
  }

  // t('key', {n: 2}) -> translated string; {name} placeholders are replaced.
  function t(key, vars) {
    var s = dict[lang][key];
    if (s === undefined) s = dict.en[key];
    if (s === undefined) return key;
    vars = vars || {};
    if (typeof s === 'function') return s(vars);
    return fill(s, vars);
  }

  function each(root, sel, fn) {
    Array.prototype.forEach.call((root || document).querySelectorAll(sel), fn);
  }

  // apply fills the static texts marked with data-i18n* attributes.
  function apply(root) {
    each(root, '[data-i18n]', function (el) { el.textContent = t(el.getAttribute('data-i18n')); });
    each(root, '[data-i18n-placeholder]', function (el) { el.placeholder = t(el.getAttribute('data-i18n-placeholder')); });
    each(root, '[data-i18n-label]', function (el) { el.setAttribute('aria-label', t(el.getAttribute('data-i18n-label'))); });
    each(root, '[data-i18n-title]', function (el) { el.title = t(el.getAttribute('data-i18n-title')); });
  }

  function renderSwitch() {
    var box = document.getElementById('lang-switch');
    if (!box) return;
    box.setAttribute('role', 'group');
    box.setAttribute('aria-label', t('language'));
    if (!box.firstChild) {
      ['fr', 'en'].forEach(function (l) {
        var b = document.createElement('button');
        b.type = 'button';
        b.id = 'lang-' + l;
        b.lang = l;
        b.textContent = l.toUpperCase();
        // The visible "FR" is the accessible name (voice control users say
        // what they see); the full name is the tooltip.
        b.title = l === 'fr' ? 'Français' : 'English';
        b.addEventListener('click', function () { setLang(l); });
        box.appendChild(b);
      });
    }
    each(box, 'button', function (b) { b.setAttribute('aria-pressed', String(b.id === 'lang-' + lang)); });
  }

  function setLang(l) {
    if (l !== 'fr' && l !== 'en') return;
    lang = l;
    try { window.localStorage.setItem(STORE, l); } catch (e) { /* ignore */ }
    document.documentElement.lang = l;
    apply(document);
    renderSwitch();
    listeners.forEach(function (fn) { fn(l); });
  }

  // useLang switches the page's language without keeping it as the
  // visitor's choice: the projector speaks the event's language, whatever
  // the browser of the laptop that shows it.
  function useLang(l) {
    if ((l !== 'fr' && l !== 'en') || l === lang) return;
    lang = l;
    document.documentElement.lang = l;
    apply(document);
    renderSwitch();
    listeners.forEach(function (fn) { fn(l); });
  }

  // onChange registers a re-render callback for language switches.
  function onChange(fn) { listeners.push(fn); }

  // fmtDate renders "2012-11-22" in the UI language ("22 novembre 2012",
  // "November 22, 2012"); other strings pass through.
  function fmtDate(d) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d || '')) return d || '';
    var p = d.split('-');
    var date = new Date(+p[0], +p[1] - 1, +p[2]);
    try {
      return new Intl.DateTimeFormat(lang, { day: 'numeric', month: 'long', year: 'numeric' }).format(date);
    } catch (e) { return d; }
  }

  // fmtTime renders a time of day (a Date or milliseconds) as the language
  // writes it: "19:05" and "09:05" in French, "7:05 PM" in English.
  function fmtTime(when) {
    try {
      // French writes 09:05 (hour on two digits), English 9:05 AM.
      return new Intl.DateTimeFormat(lang, { hour: lang === 'fr' ? '2-digit' : 'numeric', minute: '2-digit' }).format(new Date(when));
    } catch (e) { return ''; }
  }

  add({
    en: {
      language: 'Language',
      conn_connecting: 'connecting…',
      conn_live: 'live',
      conn_reconnecting: 'reconnecting…',
      conn_gone: 'event deleted',
      loading: 'Loading…',
      retry: 'Retry',
      copy: 'Copy',
      copied: 'Copied',
      cancel: 'Cancel',
      save: 'Save',
      home: 'openspace',
      votes: plural({ one: '1 vote', other: '{n} votes' }),
      people: plural({ one: '1 person', other: '{n} people' }),
      capacity: plural({ one: '1 seat', other: '{n} seats' }),
      by_host: 'by {host}',
      only_in: 'only in {list}',
      no_answer: 'No answer',
      err_network: 'Cannot reach the server: check your connection and try again.'
    },
    fr: {
      language: 'Langue',
      conn_connecting: 'connexion…',
      conn_live: 'en direct',
      conn_reconnecting: 'reconnexion…',
      conn_gone: 'événement supprimé',
      loading: 'Chargement…',
      retry: 'Réessayer',
      copy: 'Copier',
      copied: 'Copié',
      cancel: 'Annuler',
      save: 'Enregistrer',
      home: 'openspace',
      votes: plural({ one: '{n} vote', other: '{n} votes' }),
      people: plural({ one: '{n} personne', other: '{n} personnes' }),
      capacity: plural({ one: '{n} place', other: '{n} places' }),
      by_host: 'par {host}',
      only_in: 'seulement pendant {list}',
      no_answer: 'Sans réponse',
      err_network: 'Impossible de joindre le serveur : vérifiez votre connexion et réessayez.'
    }
  });

  OS.i18n = {
    t: t,
    add: add,
    apply: apply,
    setLang: setLang,
    useLang: useLang,
    onChange: onChange,
    plural: plural,
    num: num,
    quote: quote,
    orList: orList,
    andList: andList,
    fmtDate: fmtDate,
    fmtTime: fmtTime,
    lang: function () { return lang; }
  };
  OS.t = t;

  function init() { ready = true; apply(document); renderSwitch(); }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
