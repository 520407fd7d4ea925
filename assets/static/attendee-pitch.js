/* openspace attendee page, my topics: the topics this attendee proposed and
 * their place in the pitch queue (event.pitch), in the welcome, marketplace
 * and voting phases. "I want to pitch my topic" queues one, "Withdraw" takes
 * it out; "you're next" and "you're on" (with the pitch's countdown, from
 * live.now()) follow the queue live. Each says when its host can host it
 * ("Only in 1ère session") and "Change" edits that, through the action
 * queue (PUT /topics/{tid}/host-sessions): the change shows at once, marked
 * as not sent while it waits for the connection. */
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
      a_q_left: '{time} left', a_q_up: 'Time’s up',
      a_av_any: 'You can host it in any session.', a_av_only: 'You can only host it in {list}.',
      a_av_change: 'Change', a_av_change_for: 'Change when you can host {title}',
      a_av_h: 'I can only host it during…', a_av_save: 'Save', a_av_wait: 'not sent yet'
    },
    fr: {
      a_my_topics: 'Mes sujets',
      a_pitch: 'Je veux présenter mon sujet', a_pitch_for: 'Je veux présenter {title}',
      a_withdraw: 'Me retirer', a_withdraw_for: 'Retirer {title} des présentations',
      a_q_first: 'Vous êtes en tête de file : on va vous appeler.',
      a_q_place: 'Vous êtes n°\u00a0{n} dans la file.',
      a_q_next: 'C’est à vous juste après : préparez-vous !',
      a_q_on: 'C’est à vous ! Présentez votre sujet.',
      a_q_left: 'Encore {time}', a_q_up: 'Temps écoulé',
      a_av_any: 'Vous pouvez l’animer dans n’importe quel créneau.', a_av_only: 'Vous ne pouvez l’animer que pendant {list}.',
      a_av_change: 'Modifier', a_av_change_for: 'Modifier les créneaux où vous pouvez animer {title}',
      a_av_h: 'Je ne peux l’animer que pendant…', a_av_save: 'Enregistrer', a_av_wait: 'pas encore envoyé'
    }
  });

  var pending = {};
  var editing = {}; // topic ID -> its "when I can host" form is open

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
    li._avail = h('div', { className: 'avail' });
    li._availText = h('span', { className: 'avail-text' });
    li._availWait = h('span', { className: 'wait-mark avail-wait', hidden: true });
    li._availBtn = h('button', { type: 'button', className: 'secondary avail-btn', 'aria-expanded': 'false', onclick: function () {
      editing[tp.id] = !editing[tp.id];
      if (editing[tp.id]) li._availSig = null; // ticked as it stands now
      li._ctx.render();
      if (editing[tp.id]) { var first = li._availForm.querySelector('input'); if (first) first.focus(); }
    } });
    li._availList = h('div', { className: 'avail-list' });
    li._availLegend = h('legend', null);
    li._availSave = h('button', { type: 'submit', className: 'avail-save' });
    li._availCancel = h('button', { type: 'button', className: 'secondary avail-cancel', onclick: function () {
      editing[tp.id] = false;
      li._ctx.render();
      li._availBtn.focus();
    } });
    li._availForm = h('form', { className: 'avail-form', hidden: true },
      h('fieldset', null, li._availLegend, li._availList),
      h('div', { className: 'actions' }, li._availSave, li._availCancel));
    li._availForm.addEventListener('submit', function (e) {
      e.preventDefault();
      saveAvailability(li, tp.id);
    });
    li._avail.appendChild(h('p', { className: 'avail-line' }, li._availText, ' ', li._availWait));
    li._avail.appendChild(li._availBtn);
    li._avail.appendChild(li._availForm);
    li.appendChild(li._title);
    li.appendChild(li._status);
    li.appendChild(li._left);
    li.appendChild(h('div', { className: 'actions' }, li._pitch, li._withdraw));
    li.appendChild(li._avail);
    return li;
  }

  // queuedAvailability is the host sessions of the last change of a topic
  // still in the queue, or null.
  function queuedAvailability(tid) {
    var a = OS.queue.list().filter(function (x) { return x.kind === 'availability' && x.topic === tid; }).pop();
    return a ? (a.body.host_sessions || []) : null;
  }

  function updateAvailability(ctx, li, tp, ev) {
    var queued = queuedAvailability(tp.id);
    var shown = queued ? { host_sessions: queued } : tp;
    var only = OS.onlyIn(ev, shown);
    // One session: nothing to choose.
    li._avail.hidden = ev.sessions.length < 2;
    li._availText.textContent = only ? t('a_av_only', { list: OS.i18n.orList(OS.hostSessions(ev, shown).map(function (x) { return x.title; })) }) : t('a_av_any');
    li._availWait.hidden = !queued;
    li._availWait.textContent = t('a_av_wait');
    li._availBtn.textContent = t('a_av_change');
    li._availBtn.setAttribute('aria-label', t('a_av_change_for', { title: I.quote(tp.title) }));
    li._availBtn.setAttribute('aria-expanded', String(!!editing[tp.id]));
    li._availBtn.hidden = !!editing[tp.id];
    li._availForm.hidden = !editing[tp.id];
    li._availLegend.textContent = t('a_av_h');
    li._availSave.textContent = t('a_av_save');
    li._availCancel.textContent = t('cancel');
    var sig = JSON.stringify([ev.sessions.map(function (x) { return [x.id, x.title, x.start]; }), I.lang()]);
    if (li._availSig !== sig) {
      // Redrawn only when the sessions change, so that a tick being made stays.
      var checked = li._availSig == null ? OS.hostSessions(ev, shown).map(function (x) { return x.id; }) : ticked(li);
      li._availSig = sig;
      OS.fill(li._availList, OS.attendee.sessionChoices(ev, 'avail-' + tp.id.replace(/[^\w-]/g, '_') + '-', checked));
    }
  }

  function ticked(li) {
    return Array.prototype.map.call(li._availList.querySelectorAll('input:checked'), function (c) { return c.value; });
  }

  // saveAvailability sends the ticked sessions through the queue; the
  // form closes at once: what waits shows as not sent yet.
  function saveAvailability(li, tid) {
    var ctx = li._ctx, tp = ctx.live().topic(tid);
    OS.showError($('pitch-error'), null);
    var done = OS.queue.enqueue({ method: 'PUT', path: ctx.base + '/topics/' + OS.enc(tid) + '/host-sessions',
      body: { host_sessions: ticked(li) }, kind: 'availability', topic: tid, label: tp ? tp.title : '', coalesce: true });
    done.then(null, function (err) { if (!err.late) OS.showError($('pitch-error'), err); });
    editing[tid] = false;
    ctx.render();
    li._availBtn.focus();
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
    updateAvailability(ctx, li, tp, ev);
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
