/* openspace notes: a topic's Markdown notes and takeaways, written together.
 *
 * OS.notesEditor({box, base, live}) builds the editor in box (the phone and
 * the console share it; the console loads this file too) and returns
 * {show(topicId), update(), busy()}. The text is plain text in a textarea,
 * never rendered. A save (PUT /topics/{tid}/notes) carries the version the
 * text started from; the server merges it with what others saved meanwhile
 * and says whether it kept two versions of some lines (conflict). Others'
 * saves show at once unless this person has unsaved changes: then a note
 * says so, and their save merges. Unsaved changes are kept in localStorage
 * ("openspace.notes.{event}.{topic}") until saved, so a reload or a lost
 * connection loses nothing; a failed save is tried again when the device
 * comes back online. On the phone (opts.queue: OS.queue), saves go through
 * the action queue, which sends them again until the server answers; a
 * later save of the same topic replaces one not sent yet.
 *
 * The phone part (this page's OS.attendee.parts): during the sessions and
 * the wrap-up, the notes of the topic I am in (my check-in, else my seat),
 * with a picker for the other sessions' topics. */
(function () {
  'use strict';
  var OS = window.OS, I = OS.i18n, t = OS.t, h = OS.h, $ = OS.byId;
  I.add({
    en: {
      nt_h: function (v) { return 'Notes: ' + I.quote(v.title); },
      nt_help: 'Everyone in this topic can write here. What you save shows on the others’ screens.',
      nt_pick: 'Notes for', nt_pick_opt: '{session} · {title}',
      nt_text: 'Notes', nt_md: '(Markdown)',
      nt_tk_h: 'Takeaways', nt_tk: 'Takeaway {n}', nt_tk_remove: 'Remove', nt_tk_remove_l: 'Remove takeaway {n}',
      nt_tk_add: 'Add a takeaway', nt_tk_none: 'No takeaway yet.',
      nt_save: 'Save the notes',
      nt_saved: 'Saved at {time}.', nt_empty: 'Nothing written yet.',
      nt_dirty: 'Not saved yet.', nt_saving: 'Saving…',
      nt_offline: 'Not saved yet: no connection. Your text is kept on this device and will be sent when the connection is back.',
      nt_remote: 'Someone else saved changes meanwhile. Save: yours and theirs will be merged.',
      nt_merged: 'Saved, together with what others wrote meanwhile.',
      nt_conflict: 'Someone changed the same lines at the same time. Both versions are in the text, between the lines marked ⚠: keep the right one, delete the other and the ⚠ lines, then save.'
    },
    fr: {
      nt_h: function (v) { return 'Notes\u00a0: ' + I.quote(v.title); },
      nt_help: 'Toutes les personnes qui suivent ce sujet peuvent écrire ici. Ce que vous enregistrez s’affiche chez les autres.',
      nt_pick: 'Notes de', nt_pick_opt: '{session} · {title}',
      nt_text: 'Notes', nt_md: '(Markdown)',
      nt_tk_h: 'À retenir', nt_tk: 'Point à retenir {n}', nt_tk_remove: 'Retirer', nt_tk_remove_l: 'Retirer le point à retenir {n}',
      nt_tk_add: 'Ajouter un point à retenir', nt_tk_none: 'Rien à retenir pour l’instant.',
      nt_save: 'Enregistrer les notes',
      nt_saved: 'Enregistré à {time}.', nt_empty: 'Rien d’écrit pour l’instant.',
      nt_dirty: 'Pas encore enregistré.', nt_saving: 'Enregistrement…',
      nt_offline: 'Pas encore enregistré : pas de connexion. Votre texte est gardé sur cet appareil et sera envoyé au retour de la connexion.',
      nt_remote: 'Quelqu’un d’autre a enregistré des changements entre-temps. Enregistrez : vos changements et les siens seront fusionnés.',
      nt_merged: 'Enregistré, avec ce que d’autres ont écrit entre-temps.',
      nt_conflict: 'Quelqu’un a modifié les mêmes lignes en même temps. Les deux versions sont dans le texte, entre les lignes marquées ⚠ : gardez la bonne, effacez l’autre et les lignes ⚠, puis enregistrez.'
    }
  });

  var MARK = '\u26a0';

  OS.notesEditor = function (opts) {
    var live = opts.live, evId = OS.eventId(), q = opts.queue || null;
    var topic = null, base = null, saving = false, failed = false, note = '', conflict = false, remote = false;
    var box = opts.box;
    var text = h('textarea', { id: 'notes-text', className: 'notes-text', maxlength: '20000', rows: '10', spellcheck: 'true' });
    var textLabel = h('label', { htmlFor: 'notes-text' });
    var remoteEl = h('p', { id: 'notes-remote', className: 'note', role: 'status', hidden: true });
    var tkH = h('h3', { id: 'notes-tk-h', className: 'notes-tk-h' });
    var list = h('ul', { id: 'notes-takeaways', className: 'plain takeaways', 'aria-labelledby': 'notes-tk-h' });
    var noneEl = h('p', { id: 'notes-tk-none', className: 'muted', hidden: true });
    var add = h('button', { type: 'button', id: 'notes-add-takeaway', className: 'secondary' });
    var conflictEl = h('p', { id: 'notes-conflict', className: 'note conflict', role: 'alert', hidden: true });
    var err = h('p', { id: 'notes-error', className: 'error', role: 'alert', hidden: true });
    var save = h('button', { type: 'button', id: 'notes-save' });
    var status = h('p', { id: 'notes-status', className: 'notes-status', 'aria-live': 'polite' });
    OS.fill(box, textLabel, text, remoteEl, tkH, list, noneEl, h('div', { className: 'actions' }, add), conflictEl, err,
      h('div', { className: 'actions notes-actions' }, save), status);

    function key() { return 'openspace.notes.' + evId + '.' + topic; }
    function stored() {
      var n = (live.state().notes || {})[topic];
      return n || { topic: topic, text: '', takeaways: [], version: 0 };
    }
    function takeaways() {
      return Array.prototype.map.call(list.querySelectorAll('input'), function (i) { return i.value.trim(); }).filter(Boolean);
    }
    function same(a, b) { return a.length === b.length && a.every(function (x, i) { return x === b[i]; }); }
    function norm(s) { return s.replace(/\r\n?/g, '\n').trim(); }
    function dirty() { return !!base && (norm(text.value) !== norm(base.text) || !same(takeaways(), base.takeaways || [])); }

    function readDraft() {
      try { return JSON.parse(localStorage.getItem(key()) || 'null'); } catch (e) { return null; }
    }
    function keepDraft() {
      try {
        if (dirty()) localStorage.setItem(key(), JSON.stringify({ base: base, text: text.value, takeaways: takeaways() }));
        else localStorage.removeItem(key());
      } catch (e) { /* private mode: the page still holds it */ }
    }

    function row(value) {
      var inp = h('input', { type: 'text', className: 'takeaway-input', maxlength: '200', value: value || '' });
      var rm = h('button', { type: 'button', className: 'remove-takeaway secondary small' });
      var li = h('li', { className: 'takeaway' }, inp, rm);
      inp.addEventListener('input', changed);
      inp.addEventListener('keydown', function (e) {
        if (e.key === 'Enter') { e.preventDefault(); newRow(li); }
      });
      rm.addEventListener('click', function () {
        var next = li.nextElementSibling || li.previousElementSibling;
        list.removeChild(li);
        words();
        changed();
        (next ? next.querySelector('input') : add).focus();
      });
      return li;
    }
    function newRow(after) {
      var li = row('');
      list.insertBefore(li, after ? after.nextSibling : null);
      words();
      li.querySelector('input').focus();
    }
    function fillFields(n) {
      text.value = n.text || '';
      OS.fill(list, (n.takeaways || []).map(row));
      words();
    }

    // words writes the texts that depend on the language or on the rows.
    function words() {
      textLabel.textContent = '';
      textLabel.appendChild(document.createTextNode(t('nt_text') + ' '));
      textLabel.appendChild(h('span', { className: 'hint' }, t('nt_md')));
      tkH.textContent = t('nt_tk_h');
      add.textContent = t('nt_tk_add');
      save.textContent = t('nt_save');
      noneEl.textContent = t('nt_tk_none');
      noneEl.hidden = list.children.length > 0;
      add.disabled = list.children.length >= 30;
      Array.prototype.forEach.call(list.children, function (li, i) {
        li.querySelector('input').setAttribute('aria-label', t('nt_tk', { n: i + 1 }));
        var rm = li.querySelector('button');
        rm.textContent = t('nt_tk_remove');
        rm.setAttribute('aria-label', t('nt_tk_remove_l', { n: i + 1 }));
      });
      remoteEl.textContent = t('nt_remote');
      conflictEl.textContent = t('nt_conflict');
      paint();
    }

    // paint shows where the text stands: saved (when), not saved yet,
    // saving, or kept here for lack of a connection.
    function paint() {
      var d = dirty(), state = saving ? 'saving' : failed && d ? 'offline' : d ? 'dirty' : 'saved';
      status.setAttribute('data-state', state);
      var s = stored();
      status.textContent = state === 'saving' ? t('nt_saving') : state === 'offline' ? t('nt_offline') : state === 'dirty' ? t('nt_dirty') :
        note === 'merged' ? t('nt_merged') : s.version && s.updated_at ? t('nt_saved', { time: I.fmtTime(Date.parse(s.updated_at)) }) : t('nt_empty');
      remoteEl.hidden = !(remote && d);
      conflictEl.hidden = !conflict;
      save.disabled = saving;
      box.setAttribute('data-topic-id', topic || '');
      box.setAttribute('data-version', base ? String(base.version) : '');
    }

    function changed() {
      note = '';
      if (!dirty()) { remote = false; failed = false; }
      keepDraft();
      paint();
    }

    function selectConflict() {
      var v = text.value, i = v.indexOf(MARK);
      if (i < 0) return;
      var end = v.indexOf('\n', v.lastIndexOf(MARK));
      text.focus();
      try { text.setSelectionRange(i, end < 0 ? v.length : end); } catch (e) { /* */ }
    }

    function doSave() {
      if (saving || !topic) return;
      var tid = topic, body = { base_version: base.version, text: text.value, takeaways: takeaways() };
      saving = true;
      OS.showError(err, null);
      paint();
      keepDraft();
      var path = opts.base + '/topics/' + OS.enc(tid) + '/notes';
      if (q) {
        q.enqueue({ method: 'PUT', path: path, body: body, kind: 'notes', topic: tid, label: opts.title ? opts.title(tid) : '', coalesce: true })
          .then(null, function (e) {
            if (tid !== topic) return;
            saving = false;
            failed = false; // refused, not waiting: the banner says why
            if (!e.late) OS.showError(err, e);
            paint();
          });
        return; // the answer comes as a 'done' of the queue (below), even after a reload
      }
      OS.api('PUT', path, body).then(function (r) { saved(tid, body, r); }, function (e) {
        saving = false;
        if (e.code === 'network') failed = true;
        else OS.showError(err, e);
        paint();
      });
    }

    // saved takes in the server's answer to a save of tid that sent body.
    function saved(tid, body, r) {
      saving = false;
      failed = false;
      if (tid !== topic) return;
      var untouched = norm(text.value) === norm(body.text) && same(takeaways(), body.takeaways);
      if (untouched) {
        base = r.notes;
        fillFields(r.notes);
        remote = false;
      } else if (!r.merged) {
        base = r.notes; // what was typed since descends from what the server has
      }
      conflict = !!r.conflict;
      note = r.merged && !r.conflict ? 'merged' : '';
      keepDraft();
      paint();
      if (conflict && untouched) selectConflict();
    }

    // waitingSave says whether a save of tid waits in the queue: behind
    // other actions, sent without an answer, or left by an earlier page.
    function waitingSave(tid) {
      return !!q && q.list().some(function (a) { return a.kind === 'notes' && a.topic === tid && (a.late || a.state === 'waiting'); });
    }

    if (q) {
      q.on(function (ev) {
        if (!topic) return;
        if (ev.type === 'done' && ev.action.kind === 'notes' && ev.action.topic === topic && ev.reply && ev.reply.notes) {
          // Another queued save of this topic still to go: it carries the
          // newer text; wait for its answer.
          if (!q.list().some(function (a) { return a.kind === 'notes' && a.topic === topic; })) saved(topic, ev.action.body, ev.reply);
          return;
        }
        if (ev.type === 'change' && saving && waitingSave(topic)) { saving = false; failed = true; paint(); }
      });
    }

    add.addEventListener('click', function () { newRow(null); });
    save.addEventListener('click', doSave);
    text.addEventListener('input', changed);
    // Without the queue a failed save is sent again when the network returns;
    // with it the queue replays the waiting save itself (a second one would
    // carry the same base version and conflict with the first).
    window.addEventListener('online', function () { if (!q && failed && dirty()) doSave(); });
    I.onChange(words);

    return {
      // show opens a topic's notes: its draft on this device if there is
      // one, else what is saved.
      show: function (tid) {
        if (tid === topic) { this.update(); return; }
        topic = tid;
        saving = conflict = remote = false;
        failed = waitingSave(tid);
        note = '';
        OS.showError(err, null);
        var s = stored(), draft = readDraft();
        if (draft && draft.base) {
          base = draft.base;
          fillFields({ text: draft.text, takeaways: draft.takeaways });
          remote = s.version > base.version;
        } else {
          base = s;
          fillFields(s);
        }
        words();
      },
      // update follows others' saves: shown at once when nothing here is
      // unsaved, else noted (the next save merges).
      update: function () {
        if (!topic || saving) { paint(); return; }
        var s = stored();
        if (s.version > base.version) {
          if (!dirty()) { base = s; fillFields(s); conflict = false; note = ''; } else remote = true;
        }
        paint();
      },
      topic: function () { return topic; },
      busy: function () { return dirty() || saving; }
    };
  };

  /* ---------- the phone part ---------- */
  if (!document.body.classList.contains('page-attendee')) return;
  var A = OS.attendee = OS.attendee || { parts: [] };
  var ed = null, picked = null, auto = null;

  // candidates are the topics I was or am in, per session (my check-in,
  // else my seat): during the sessions, those that started; in the
  // wrap-up, every session.
  function candidates(ctx) {
    var st = ctx.st(), ev = st.event, me = ctx.me(), ph = ctx.phase(), now = OS.sessionsNow(ev), out = [];
    (ev.sessions || []).forEach(function (s) {
      if (ph === 'sessions' && !now.started[s.id]) return;
      var e = A.entry ? A.entry(ctx, s.id) : null;
      var rid = (me.checkins || {})[s.id] || (e && e.assigned ? e.assigned.room : '');
      var c = rid && ctx.cell(s.id, rid);
      if (c && c.topic && ctx.title(c.topic)) out.push({ session: s, topic: c.topic, running: now.running === s });
    });
    return out;
  }

  function render(ctx) {
    var ph = ctx.phase(), sec = $('notes-section');
    var list = (ph === 'sessions' || ph === 'wrapup') && ctx.st().plan ? candidates(ctx) : [];
    sec.hidden = !list.length;
    if (!list.length) return;
    if (!ed) ed = OS.notesEditor({ box: $('notes-editor'), base: ctx.base, live: ctx.live(), queue: OS.queue, title: ctx.title });
    var running = list.filter(function (c) { return c.running; })[0];
    var def = (running || list[list.length - 1]).topic;
    // Follow the session under way, unless I picked another topic or have
    // unsaved changes here.
    if (def !== auto && !ed.busy()) { auto = def; picked = null; }
    var tid = picked && list.some(function (c) { return c.topic === picked; }) ? picked : auto;
    if (!list.some(function (c) { return c.topic === tid; })) tid = def;
    var sel = $('notes-topic');
    $('notes-pick').hidden = list.length < 2;
    OS.keyed(sel, list, function (c) { return c.topic; }, function (c) { return h('option', { value: c.topic }); }, function (o, c) {
      o.textContent = t('nt_pick_opt', { session: c.session.title, title: ctx.title(c.topic) });
    });
    if (sel.value !== tid) sel.value = tid;
    $('notes-h').textContent = t('nt_h', { title: ctx.title(tid) });
    ed.show(tid);
  }

  $('notes-topic').addEventListener('change', function () {
    picked = $('notes-topic').value;
    if (A.ctx) A.ctx.render();
  });
  A.parts.push({ render: render });
})();
