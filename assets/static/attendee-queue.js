/* openspace attendee page, the action queue's banner (#queue-box): how many
 * of my actions wait for the connection ("2 actions en attente"), that the
 * queue is full, and, in words, each action the server refused when it was
 * finally sent ("Your vote for “Puppet” was not counted: voting is
 * closed."), until the person dismisses it. A refusal at the moment of the
 * tap shows where it was made instead (the topics' or the form's error).
 * It also asks the queue to try again whenever the live stream connects. */
(function () {
  'use strict';
  var OS = window.OS, I = OS.i18n, t = OS.t, h = OS.h, $ = OS.byId;
  I.add({
    en: {
      qb_pending: I.plural({ one: '1 action pending', other: '{n} actions pending' }),
      qb_offline: 'All kept on this phone: sent as soon as the server answers.',
      qb_sending: 'Sending…',
      qb_full: 'The queue is full ({n} actions): nothing more will be kept until they are sent.',
      qb_dismiss: 'Got it', qb_dismiss_l: 'Got it: remove this message'
    },
    fr: {
      qb_pending: I.plural({ one: '{n} action en attente', other: '{n} actions en attente' }),
      qb_offline: 'Tout est gardé sur ce téléphone\u202f: envoi dès que le serveur répond.',
      qb_sending: 'Envoi…',
      qb_full: 'La file est pleine ({n} actions)\u202f: rien de plus ne sera gardé avant leur envoi.',
      qb_dismiss: 'Compris', qb_dismiss_l: 'Compris\u202f: retirer ce message'
    }
  });

  var A = OS.attendee = OS.attendee || { parts: [] };
  var refusals = []; // {id, action, error}: refused after waiting, not dismissed yet
  var wired = false, next = 0;

  OS.queue.on(function (ev) {
    if (ev.type === 'refused' && ev.error && ev.error.late) {
      refusals.push({ id: ++next, action: ev.action, error: ev.error });
      if (refusals.length > 10) refusals.shift();
    }
    draw();
  });
  window.addEventListener('online', draw);
  window.addEventListener('offline', draw);
  I.onChange(draw);

  function draw() {
    if (!$('queue-box')) return;
    var list = OS.queue.list(), n = list.length;
    var sending = list.length && list[0].state === 'sending' && list[0].tries <= 1 && navigator.onLine !== false;
    var p = $('queue-pending');
    p.hidden = n === 0;
    p.setAttribute('data-count', String(n));
    $('queue-count').textContent = n ? t('qb_pending', { n: n }) : '';
    $('queue-why').textContent = !n ? '' : n >= OS.queue.max ? t('qb_full', { n: OS.queue.max }) : sending ? t('qb_sending') : t('qb_offline');
    p.classList.toggle('full', n >= OS.queue.max);
    OS.keyed($('queue-refused'), refusals, function (r) { return String(r.id); }, function (r) {
      var el = h('p', { className: 'refused error', 'data-kind': r.action.kind, 'data-topic-id': r.action.topic || null });
      el._text = h('span', { className: 'text' });
      el._btn = h('button', { type: 'button', className: 'dismiss secondary', onclick: function () {
        refusals = refusals.filter(function (x) { return x.id !== r.id; });
        draw();
      } });
      el.appendChild(el._text);
      el.appendChild(el._btn);
      return el;
    }, function (el, r) {
      el._text.textContent = OS.queue.describe(r.action, r.error);
      el._btn.textContent = t('qb_dismiss');
      el._btn.setAttribute('aria-label', t('qb_dismiss_l'));
    });
  }

  A.parts.push({
    render: function (ctx) {
      if (!wired && ctx.live()) {
        wired = true;
        ctx.live().onConnect(OS.queue.wake);
      }
      draw();
    }
  });
  draw();
})();
