/* openspace attendee page, my topics: the topics this attendee proposed and
 * their place in the pitch queue (event.pitch), in the welcome, marketplace
 * and voting phases. "I want to pitch my topic" queues one, "Withdraw" takes
 * it out; "you're next" and "you're on" (with the pitch's countdown, from
 * live.now()) follow the queue live. */
(function () {
  'use strict';
  var OS = window.OS, I = OS.i18n, t = OS.t, h = OS.h, $ = OS.byId;
  I.add({
    en: {
      a_my_topics: 'My topics',
      a_pitch: 'I want to pitch my topic', a_pitch_for: 'I want to pitch {title}',
      a_withdraw: 'Withdraw', a_withdraw_for: 'Withdraw {title} from the pitches',
      a_q_first: 'You are first in line: the organizer will call you.',
      a_q_place: 'You are number {n} in the queue.',
      a_q_next: 'You’re next! Get ready.',
      a_q_on: 'You’re on! Pitch your topic.',
      a_q_left: '{time} left', a_q_up: 'Time’s up'
    },
    fr: {
      a_my_topics: 'Mes sujets',
      a_pitch: 'Je veux présenter mon sujet', a_pitch_for: 'Je veux présenter {title}',
      a_withdraw: 'Me retirer', a_withdraw_for: 'Retirer {title} des présentations',
      a_q_first: 'Vous êtes en tête de file : on va vous appeler.',
      a_q_place: 'Vous êtes n°\u00a0{n} dans la file.',
      a_q_next: 'C’est à vous juste après : préparez-vous !',
      a_q_on: 'C’est à vous ! Présentez votre sujet.',
      a_q_left: 'Encore {time}', a_q_up: 'Temps écoulé'
    }
  });

  var pending = {};

  // clock writes milliseconds as m:ss.
  function clock(ms) {
    var s = Math.max(0, Math.ceil(ms / 1000));
    return Math.floor(s / 60) + ':' + ('0' + (s % 60)).slice(-2);
  }

  // where says where a topic stands in the pitch queue: on, next (first in
  // line while another is pitched), first (first in line, nobody on),
  // queued (further back, with place = 1, 2…) or '' (not queued).
  function where(pitch, tid) {
    var q = (pitch && pitch.queue) || [], cur = (pitch && pitch.current) || '';
    if (cur === tid) return { state: 'on' };
    var i = q.indexOf(tid);
    if (i < 0) return { state: '' };
    if (i === 0) return { state: cur ? 'next' : 'first', place: 1 };
    return { state: 'queued', place: i + 1 };
  }

  function render(ctx) {
    var me = ctx.me(), st = ctx.st(), ev = st.event;
    var mine = me.attendee ? st.topics.filter(function (tp) { return tp.proposer_id && tp.proposer_id === me.attendee.id; }) : [];
    // In the voting phase, only a pitch still queued or running is news.
    if (ctx.phase() === 'voting') mine = mine.filter(function (tp) { return where(ev.pitch, tp.id).state; });
    $('my-topics-section').hidden = !(ctx.early() && mine.length);
    if ($('my-topics-section').hidden) return;
    OS.keyed($('my-topics'), mine, function (tp) { return tp.id; }, create, function (li, tp) { update(ctx, li, tp, ev); });
  }

  function create(tp) {
    var li = h('li', { className: 'my-topic', 'data-topic-id': tp.id });
    li._title = h('h3', { className: 'title' });
    li._status = h('p', { className: 'pitch-status', 'aria-live': 'polite' });
    li._left = h('p', { className: 'pitch-left' });
    li._pitch = h('button', { type: 'button', className: 'pitch-btn big', onclick: function () { send(li, 'POST', tp.id); } });
    li._withdraw = h('button', { type: 'button', className: 'withdraw-btn secondary', onclick: function () { send(li, 'DELETE', tp.id); } });
    li.appendChild(li._title);
    li.appendChild(li._status);
    li.appendChild(li._left);
    li.appendChild(h('div', { className: 'actions' }, li._pitch, li._withdraw));
    return li;
  }

  function update(ctx, li, tp, ev) {
    var w = where(ev.pitch, tp.id), queued = w.state !== '';
    li._ctx = ctx;
    li.setAttribute('data-pitch', w.state);
    li._title.textContent = tp.title;
    var status = { on: 'a_q_on', next: 'a_q_next', first: 'a_q_first', queued: 'a_q_place' }[w.state];
    li._status.textContent = status ? t(status, { n: I.num(w.place || 0) }) : '';
    li._status.hidden = !status;
    li._pitch.textContent = t('a_pitch');
    li._pitch.setAttribute('aria-label', t('a_pitch_for', { title: I.quote(tp.title) }));
    li._pitch.hidden = queued;
    li._pitch.disabled = !!pending[tp.id];
    li._withdraw.textContent = t('a_withdraw');
    li._withdraw.setAttribute('aria-label', t('a_withdraw_for', { title: I.quote(tp.title) }));
    li._withdraw.hidden = !queued;
    li._withdraw.disabled = !!pending[tp.id];
    countdown(ctx, li, ev);
  }

  function countdown(ctx, li, ev) {
    var on = li.getAttribute('data-pitch') === 'on' && ev.pitch && ev.pitch.ends_at;
    li._left.hidden = !on;
    if (!on) return;
    var left = Date.parse(ev.pitch.ends_at) - ctx.live().now();
    li._left.textContent = left > 0 ? t('a_q_left', { time: clock(left) }) : t('a_q_up');
  }

  function send(li, method, tid) {
    var ctx = li._ctx;
    if (!ctx || pending[tid]) return;
    pending[tid] = true;
    OS.showError($('pitch-error'), null);
    ctx.render();
    var path = method === 'POST' ? ctx.base + '/pitches' : ctx.base + '/pitches/' + OS.enc(tid);
    ctx.live().write(method, path, method === 'POST' ? { topic: tid } : undefined, function (ev) { return ev && ev.id ? { event: ev } : null; })
      .then(null, function (err) { OS.showError($('pitch-error'), err); })
      .then(function () { delete pending[tid]; ctx.render(); });
  }

  function tick(ctx) {
    if ($('my-topics-section').hidden) return;
    var ev = ctx.st().event;
    Array.prototype.forEach.call($('my-topics').children, function (li) { countdown(ctx, li, ev); });
  }

  (OS.attendee = OS.attendee || { parts: [] }).parts.push({ render: render, tick: tick });
})();
