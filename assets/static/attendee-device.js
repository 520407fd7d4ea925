/* openspace attendee page, "use on another device" (#device-section): a
 * personal link (POST /me/link) that makes another browser this same
 * attendee, same ballot and same dots, with its QR code and a copy button;
 * so a dead battery or cleared cookies do not make a new voter. The link is
 * shown once (the server keeps only its hash); /me says whether one is
 * active and how many devices came in through it. "Revoke" (DELETE
 * /me/link) stops it and signs the other devices out, after a confirmation
 * without a browser dialog. */
(function () {
  'use strict';
  var OS = window.OS, I = OS.i18n, t = OS.t, $ = OS.byId;
  I.add({
    en: {
      dv_h: 'Use on another device',
      dv_help: 'Open this link on your laptop or another phone, or keep it in case your battery dies: it signs that device in as you, with your votes and your remaining dots, so a dead battery or cleared cookies do not make you a new voter. Anyone who has the link can act as you: keep it to yourself.',
      dv_none: 'You have no personal link yet.',
      dv_active: 'Your personal link is active (made at {time}).',
      dv_devices_none: 'No other device has used it yet.', dv_devices_one: 'Used on 1 other device.',
      dv_devices: 'Used on {n} other devices.',
      dv_make: 'Make my personal link', dv_remake: 'Make a new link',
      dv_remake_note: 'A new link replaces the one you have: the old one stops working.',
      dv_qr_alt: 'QR code of your personal link: scan it with the other device',
      dv_copy: 'Copy the link', dv_copied: 'Link copied',
      dv_once: 'This link is shown only now: copy it or scan it before you leave the page.',
      dv_revoke: 'Revoke my link…',
      dv_revoke_q: 'Revoke your link? It stops working at once, and the other devices that came in through it are signed out: they would have to join again as someone new. This phone stays signed in.',
      dv_revoke_yes: 'Revoke the link', dv_revoked: 'Done: your link no longer works and the other devices are signed out.'
    },
    fr: {
      dv_h: 'Utiliser sur un autre appareil',
      dv_help: 'Ouvrez ce lien sur votre ordinateur ou un autre téléphone, ou gardez-le au cas où votre batterie vous lâcherait\u202f: il y fait de cet appareil le vôtre, avec vos votes et vos points restants. Une batterie à plat ou des cookies effacés ne font pas de vous un nouveau votant. Qui a ce lien peut agir en votre nom\u202f: gardez-le pour vous.',
      dv_none: 'Vous n’avez pas encore de lien personnel.',
      dv_active: 'Votre lien personnel est actif (créé à {time}).',
      dv_devices_none: 'Aucun autre appareil ne l’a encore utilisé.', dv_devices_one: 'Utilisé sur 1 autre appareil.',
      dv_devices: 'Utilisé sur {n} autres appareils.',
      dv_make: 'Créer mon lien personnel', dv_remake: 'Créer un nouveau lien',
      dv_remake_note: 'Un nouveau lien remplace celui que vous avez\u202f: l’ancien cesse de fonctionner.',
      dv_qr_alt: 'Code QR de votre lien personnel\u202f: scannez-le avec l’autre appareil',
      dv_copy: 'Copier le lien', dv_copied: 'Lien copié',
      dv_once: 'Ce lien ne s’affiche que maintenant\u202f: copiez-le ou scannez-le avant de quitter la page.',
      dv_revoke: 'Révoquer mon lien…',
      dv_revoke_q: 'Révoquer votre lien\u202f? Il cesse aussitôt de fonctionner, et les autres appareils qui sont entrés par lui sont déconnectés\u202f: ils devront rejoindre l’événement à nouveau, comme quelqu’un d’autre. Ce téléphone reste connecté.',
      dv_revoke_yes: 'Révoquer le lien', dv_revoked: 'C’est fait\u202f: votre lien ne fonctionne plus et les autres appareils sont déconnectés.'
    }
  });

  var A = OS.attendee = OS.attendee || { parts: [] };
  var shown = null;    // the reply of POST /me/link while on this page: {url, qr, created_at}
  var busy = false, asking = false, done = '';
  var ctxRef = null;

  function render(ctx) {
    ctxRef = ctx;
    $('device-section').hidden = false; // hidden until this part can act on it
    var me = ctx.me(), link = me && me.link;
    var active = !!(link && link.created_at);
    var state = $('device-state');
    state.textContent = active ? t('dv_active', { time: I.fmtTime(Date.parse(link.created_at)) }) + ' ' + devicesCount(link.devices || 0) : t('dv_none');
    state.setAttribute('data-active', String(active));
    state.setAttribute('data-devices', String(link ? link.devices || 0 : 0));
    var make = $('device-make');
    make.textContent = t(active || shown ? 'dv_remake' : 'dv_make');
    make.disabled = busy;
    $('device-remake-note').hidden = !(active || shown);
    $('device-remake-note').textContent = t('dv_remake_note');
    var box = $('device-link-box');
    box.hidden = !shown;
    if (shown) {
      var img = $('device-qr');
      if (img.getAttribute('src') !== shown.qr) img.setAttribute('src', shown.qr);
      img.alt = t('dv_qr_alt');
      $('device-link').textContent = shown.url;
      $('device-once').textContent = t('dv_once');
      var copy = $('device-copy');
      if (!copy.__copied) copy.textContent = t('dv_copy');
    }
    var revoke = $('device-revoke');
    revoke.hidden = !(link || shown) || asking;
    revoke.textContent = t('dv_revoke');
    revoke.disabled = busy;
    revoke.setAttribute('aria-expanded', String(asking));
    $('device-revoke-box').hidden = !asking;
    $('device-revoke-q').textContent = t('dv_revoke_q');
    $('device-revoke-yes').textContent = t('dv_revoke_yes');
    $('device-revoke-yes').disabled = busy;
    $('device-done').hidden = !done;
    $('device-done').textContent = done ? t(done) : '';
  }

  // devicesCount: how many other devices came in through the link.
  function devicesCount(n) { return t(n === 0 ? 'dv_devices_none' : n === 1 ? 'dv_devices_one' : 'dv_devices', { n: I.num(n) }); }

  function rerender() { if (ctxRef) render(ctxRef); }

  $('device-make').addEventListener('click', function () {
    if (busy || !ctxRef) return;
    busy = true;
    done = '';
    OS.showError($('device-error'), null);
    rerender();
    var ctx = ctxRef;
    OS.api('POST', ctx.base + '/me/link').then(function (r) {
      shown = r;
      ctx.refreshMe(0);
    }, function (err) { OS.showError($('device-error'), err); }).then(function () {
      busy = false;
      rerender();
    });
  });
  $('device-copy').addEventListener('click', function () {
    var btn = $('device-copy');
    if (!shown) return;
    OS.copyText(shown.url).then(function () {
      btn.__copied = true;
      btn.textContent = t('dv_copied');
      setTimeout(function () { btn.__copied = false; btn.textContent = t('dv_copy'); }, 2000);
    }, function () { /* the link stays on the page, selectable */ });
  });
  $('device-revoke').addEventListener('click', function () {
    asking = true;
    done = '';
    rerender();
    $('device-revoke-yes').focus();
  });
  $('device-revoke-no').addEventListener('click', function () {
    asking = false;
    rerender();
    $('device-revoke').focus();
  });
  $('device-revoke-yes').addEventListener('click', function () {
    if (busy || !ctxRef) return;
    busy = true;
    OS.showError($('device-error'), null);
    rerender();
    var ctx = ctxRef;
    OS.api('DELETE', ctx.base + '/me/link').then(function () {
      shown = null;
      asking = false;
      done = 'dv_revoked';
      var me = ctx.me();
      if (me) me.link = null;
      ctx.refreshMe(0);
    }, function (err) { OS.showError($('device-error'), err); }).then(function () {
      busy = false;
      rerender();
      if (!asking) $('device-make').focus();
    });
  });
  $('device-revoke').setAttribute('aria-controls', 'device-revoke-box');

  A.parts.push({ render: render });
})();
