/* openspace attendee page, wrap-up: the feedback form in #feedback-slot. A
 * ROTI (return on time invested, 1–5) for the evening and for each topic
 * the attendee attended (the server says which: GET /feedback/me), what
 * worked and what blocked; saved with PUT /feedback, editable until the
 * event closes, read-only after. The save goes through the action queue: without
 * a connection it is kept on the phone, shown as such, and sent when the
 * connection is back (a later save replaces it). Each mark is a group of five radio
 * buttons (role=radio, arrow keys move the choice), thumb-sized. */
(function () {
  'use strict';
  var OS = window.OS, I = OS.i18n, t = OS.t, h = OS.h, $ = OS.byId;
  I.add({
    en: {
      fb_h: 'Your feedback',
      fb_intro: 'ROTI, return on time invested: was it worth your time? From 1 (not worth my time) to 5 (well worth it).',
      fb_evening: 'The evening as a whole',
      fb_topics: 'The topics you attended',
      fb_r1: '1 — not worth my time', fb_r2: '2 — some use, but not worth the time', fb_r3: '3 — worth the time, no more',
      fb_r4: '4 — worth more than the time', fb_r5: '5 — well worth it',
      fb_ends: '1: not worth my time · 5: well worth it',
      fb_worked: 'What worked', fb_blocked: 'What blocked',
      fb_optional: '(optional)',
      fb_save: 'Save my feedback', fb_saving: 'Saving…',
      fb_saved: 'Saved at {time}. You can change it until the event closes.',
      fb_dirty: 'Not saved yet.',
      fb_offline: 'Not saved yet: no connection. Your feedback is kept on this phone and will be sent as soon as the connection is back.',
      fb_closed: 'The event is over: your feedback can no longer change.',
      fb_none: 'You did not give any feedback.',
      fb_loading: 'Loading your feedback…'
    },
    fr: {
      fb_h: 'Votre avis',
      fb_intro: 'ROTI, le retour sur le temps investi : votre temps était-il bien employé ? De 1 (du temps perdu) à 5 (ça valait largement le coup).',
      fb_evening: 'La soirée dans son ensemble',
      fb_topics: 'Les sujets que vous avez suivis',
      fb_r1: '1 — du temps perdu', fb_r2: '2 — un peu utile, mais pas à la hauteur du temps passé', fb_r3: '3 — ça valait le temps passé, sans plus',
      fb_r4: '4 — ça valait plus que le temps passé', fb_r5: '5 — ça valait largement le coup',
      fb_ends: '1 : du temps perdu · 5 : ça valait largement le coup',
      fb_worked: 'Ce qui a marché', fb_blocked: 'Ce qui a bloqué',
      fb_optional: '(facultatif)',
      fb_save: 'Enregistrer mon avis', fb_saving: 'Enregistrement…',
      fb_saved: 'Enregistré à {time}. Vous pouvez le modifier jusqu’à la fin de l’événement.',
      fb_dirty: 'Pas encore enregistré.',
      fb_offline: 'Pas encore enregistré\u202f: pas de connexion. Votre avis est gardé sur ce téléphone et partira dès le retour de la connexion.',
      fb_closed: 'L’événement est terminé : votre avis ne peut plus changer.',
      fb_none: 'Vous n’avez pas donné d’avis.',
      fb_loading: 'Chargement de votre avis…'
    }
  });

  var A = OS.attendee = OS.attendee || { parts: [] };
  var MARKS = [1, 2, 3, 4, 5];
  var loadedFor = null;   // the phase /feedback/me was read for
  var topics = null;      // topic IDs the attendee may mark, from the server
  var model = null;       // {evening, topics, worked, blocked}: what the form shows
  var saved = null;       // the stored feedback, or null
  var state = '';         // '', 'dirty', 'saving', 'offline' (waits in the queue), 'saved'
  var formKey = null, loadErr = null;

  function empty() { return { evening: 0, topics: {}, worked: '', blocked: '' }; }
  function fromFeedback(f) {
    var topicMarks = {};
    Object.keys((f && f.topics) || {}).forEach(function (k) { topicMarks[k] = f.topics[k]; });
    return f ? { evening: f.evening || 0, topics: topicMarks, worked: f.worked || '', blocked: f.blocked || '' } : empty();
  }

  function load(ctx, ph) {
    loadedFor = ph;
    OS.api('GET', ctx.base + '/feedback/me').then(function (r) {
      topics = r.topics || [];
      saved = r.feedback || null;
      // An edit in progress survives a re-read (a phase change back and
      // forth); a save still in the queue (kept from before a reload) is
      // what the person last said.
      var queued = queuedSave();
      if (queued && state !== 'dirty') { model = fromFeedback(queued.body); state = 'offline'; } else if (state !== 'dirty' || !model) { model = fromFeedback(saved); state = saved ? 'saved' : ''; }
      loadErr = null;
      formKey = null;
      render(ctx);
    }, function (err) { loadErr = err; formKey = null; loadedFor = null; render(ctx); });
  }

  function render(ctx) {
    var slot = $('feedback-slot'), ph = ctx.phase(), over = ph === 'wrapup' || ph === 'closed';
    if (!slot) return;
    slot.hidden = !over;
    if (!over) { loadedFor = null; return; }
    if (loadedFor !== ph) load(ctx, ph);
    var readOnly = ph === 'closed';
    var key = JSON.stringify([ph, topics, I.lang(), topics && topics.map(ctx.title), !!loadErr, !!saved]);
    if (key !== formKey) { formKey = key; build(ctx, slot, readOnly); }
    status();
  }

  // build draws the whole form from the model; live changes that do not
  // change the key leave it alone, so typing is never interrupted.
  function build(ctx, slot, readOnly) {
    var focusId = document.activeElement && slot.contains(document.activeElement) ? document.activeElement.id : null;
    if (!topics) {
      OS.fill(slot, h('p', { className: 'muted', id: 'fb-loading' }, t('fb_loading')),
        h('p', { id: 'fb-error', className: 'error', role: 'alert', hidden: true }));
      if (loadErr) OS.showError($('fb-error'), loadErr);
      return;
    }
    var parts = [h('h3', { id: 'fb-h' }, t('fb_h'))];
    if (readOnly && !saved) {
      parts.push(h('p', { id: 'fb-closed', className: 'muted' }, t('fb_none')));
      OS.fill(slot, h('div', { id: 'feedback', 'data-state': 'closed' }, parts));
      return;
    }
    parts.push(h('p', { className: 'muted' }, t('fb_intro')));
    parts.push(h('h4', { id: 'fb-evening-h' }, t('fb_evening')));
    parts.push(marks('fb-evening', 'fb-evening-h', model.evening, readOnly, function (r) { model.evening = r; }, true));
    if (topics.length) {
      parts.push(h('h4', null, t('fb_topics')));
      parts.push(h('ul', { id: 'fb-topics', className: 'plain' }, topics.map(function (tid, i) {
        var hid = 'fb-topic-h-' + i;
        return h('li', { 'data-topic-id': tid },
          h('p', { id: hid, className: 'title' }, h('strong', null, ctx.title(tid))),
          marks('fb-topic-' + i, hid, model.topics[tid] || 0, readOnly, function (r) { model.topics[tid] = r; }));
      })));
    }
    parts.push(text('fb-worked', 'fb_worked', 'worked', readOnly));
    parts.push(text('fb-blocked', 'fb_blocked', 'blocked', readOnly));
    parts.push(h('p', { id: 'fb-error', className: 'error', role: 'alert', hidden: true }));
    parts.push(h('p', { id: 'fb-status', role: 'status', 'aria-live': 'polite' }));
    if (!readOnly) {
      parts.push(h('div', { className: 'actions' },
        h('button', { id: 'fb-save', type: 'submit', className: 'big' }, t('fb_save'))));
    }
    var form = h('form', { id: 'feedback', 'data-state': readOnly ? 'closed' : 'open', 'aria-labelledby': 'fb-h', novalidate: true }, parts);
    form.style.borderTop = '1px solid #e3e0da';
    form.style.marginTop = '1rem';
    form.addEventListener('submit', function (e) { e.preventDefault(); save(ctx); });
    OS.fill(slot, form);
    if (focusId && $(focusId)) $(focusId).focus();
  }

  // marks is a group of five radio buttons; arrow keys move the choice
  // (one tab stop per group), as in a native radio group.
  function marks(id, labelId, value, readOnly, set, ends) {
    var group = h('div', { id: id, role: 'radiogroup', 'aria-labelledby': labelId, className: 'roti-marks', 'data-value': String(value) });
    if (readOnly) group.setAttribute('aria-readonly', 'true');
    var s = group.style;
    s.display = 'flex'; s.gap = '.4rem'; s.margin = '.3rem 0 .2rem';
    var buttons = MARKS.map(function (r) {
      var b = h('button', { type: 'button', role: 'radio', 'data-roti': String(r), 'aria-label': t('fb_r' + r) }, String(r));
      b.style.flex = '1 1 0';
      b.style.minHeight = '56px';
      b.style.fontSize = '1.35rem';
      b.style.padding = '0';
      if (readOnly) b.setAttribute('aria-disabled', 'true');
      b.addEventListener('click', function () { pick(r, true); });
      b.addEventListener('keydown', function (e) {
        var k = e.key, d = k === 'ArrowRight' || k === 'ArrowDown' ? 1 : k === 'ArrowLeft' || k === 'ArrowUp' ? -1 : 0;
        if (!d) return;
        e.preventDefault();
        var next = ((value || r) - 1 + d + MARKS.length) % MARKS.length + 1;
        pick(next, true);
      });
      return b;
    });
    function show() {
      buttons.forEach(function (b, i) {
        var on = value === i + 1;
        b.setAttribute('aria-checked', String(on));
        b.className = on ? '' : 'secondary';
        b.tabIndex = on || (!value && i === 0) ? 0 : -1;
      });
      group.setAttribute('data-value', String(value));
    }
    function pick(r, focus) {
      if (readOnly) return;
      value = r;
      set(r);
      show();
      if (focus) buttons[r - 1].focus();
      dirty();
    }
    show();
    buttons.forEach(function (b) { group.appendChild(b); });
    if (!ends) return group;
    var wrap = h('div', null, group, h('p', { className: 'muted', 'aria-hidden': 'true' }, t('fb_ends')));
    wrap.lastChild.style.fontSize = '.85rem';
    wrap.lastChild.style.margin = '0 0 .4rem';
    return wrap;
  }

  function text(id, label, field, readOnly) {
    var ta = h('textarea', { id: id, name: field, maxlength: '2000', value: model[field] });
    if (readOnly) ta.readOnly = true;
    ta.addEventListener('input', function () { model[field] = ta.value; dirty(); });
    return [h('label', { htmlFor: id }, t(label), ' ', h('span', { className: 'hint' }, t('fb_optional'))), ta];
  }

  function queuedSave() {
    return OS.queue.list().filter(function (a) { return a.kind === 'feedback' && a.body; }).pop() || null;
  }

  function dirty() {
    if (state === 'saving') return;
    state = 'dirty';
    status();
  }

  function status() {
    var el = $('fb-status'), form = $('feedback');
    if (!el || !form) return;
    var closed = form.getAttribute('data-state') === 'closed';
    var text = closed ? t('fb_closed') : state === 'saving' ? t('fb_saving') : state === 'dirty' ? t('fb_dirty') : state === 'offline' ? t('fb_offline') :
      state === 'saved' && saved ? t('fb_saved', { time: I.fmtTime(Date.parse(saved.updated_at)) }) : '';
    if (el.textContent !== text) el.textContent = text;
    el.className = state === 'saved' && !closed ? 'ok' : closed ? 'muted' : state === 'dirty' || state === 'offline' ? 'note' : '';
    el.hidden = !text;
    el.setAttribute('data-state', closed ? 'closed' : state);
    var btn = $('fb-save');
    if (btn) { btn.disabled = state === 'saving'; btn.setAttribute('aria-busy', String(state === 'saving')); }
  }

  function save(ctx) {
    if (state === 'saving' || !model) return;
    state = 'saving';
    OS.showError($('fb-error'), null);
    status();
    var body = { evening: model.evening, topics: JSON.parse(JSON.stringify(model.topics)), worked: model.worked.trim(), blocked: model.blocked.trim() };
    var done = OS.queue.enqueue({ method: 'PUT', path: ctx.base + '/feedback', body: body, kind: 'feedback', coalesce: true });
    var key = done.key;
    done.then(null, function (err) {
      if (state === 'saving' || state === 'offline') state = 'dirty';
      if (!err.late) OS.showError($('fb-error'), err);
      render(ctx);
      status();
    });
    // The answer comes as a 'done' of the queue (below), even after a reload.
    waitFor = key;
  }
  var waitFor = null; // the key of the save this form waits for

  OS.queue.on(function (ev) {
    if (ev.type === 'done' && ev.action.kind === 'feedback' && ev.reply) {
      saved = ev.reply;
      if ((state === 'saving' || state === 'offline') && !queuedSave()) state = 'saved';
      if (A.ctx) render(A.ctx);
      status();
      return;
    }
    if (ev.type === 'change' && state === 'saving' && OS.queue.list().some(function (a) { return a.key === waitFor && (a.late || a.state === 'waiting'); })) {
      state = 'offline';
      status();
    }
  });

  A.parts.push({ render: render });
})();
