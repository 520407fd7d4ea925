/* openspace console, grid: the draft plan, session × room. Select a topic and
 * then a cell, or drag it there, to place, move or swap it; drop it on the
 * tray to take it off; lock and clear cells; mark sessions as started;
 * "Propose a plan" (the scheduler fills the draft); publish. Each cell shows
 * the headcount the report expects there and, once its session has started,
 * how many checked in. Only valid targets are offered: not a locked cell,
 * not a room that lacks what the topic needs, nothing in a started session
 * (those are frozen). On a phone the table becomes one list per session. */
(function () {
  'use strict';
  var OS = window.OS, I = OS.i18n, t = OS.t, h = OS.h, $ = OS.byId;
  I.add({
    en: {
      o_grid: 'Schedule grid (draft)',
      o_grid_help_sum: 'How to edit the grid',
      o_grid_help: 'Select a topic, then a cell; or drag a topic onto a cell. Moving onto a filled cell swaps the two topics. Only the cells a topic can go to are offered: not a locked cell, not a room that lacks what it needs, not a session that has started.',
      o_unplaced: 'Unplaced topics', o_none_unplaced: 'Every topic is placed.',
      o_selected: 'Selected: {title}. Choose a cell (Escape to cancel).', o_place: 'Place here', o_swap: 'Swap here', o_replace: 'Replace',
      o_place_label: 'Place {title} in {session}, {room}',
      o_clear: 'Clear', o_lock: 'Lock', o_unlock: 'Unlock', o_locked: 'Locked',
      o_started: 'Started', o_start_label: 'Mark {title} as started: re-planning keeps its cells',
      o_lacks: 'This room lacks: {list}',
      o_publish: 'Publish', o_not_published: 'Not published yet: attendees do not see a schedule.',
      o_differs: 'The draft differs from the published plan: publish to update every screen.',
      o_published: 'Published: every screen shows this grid.',
      o_propose: 'Propose a plan', o_proposing: 'Computing the plan…',
      o_propose_help: 'Places the topics so that the most people can attend what they voted for. Locked cells stay where they are; once a plan is published, as few topics as possible move. You can still edit the grid by hand, re-run, then publish.',
      o_expected: function (v) {
        return I.plural({ one: '{n} person expected', other: '{n} people expected' })({ n: v.n }) + ', ' +
          OS.t('capacity', { n: v.cap }) + ', ' + I.plural({ one: '{n} voted for it', other: '{n} voted for it' })({ n: v.v });
      },
      o_frozen_running: 'Running', o_frozen_ended: 'Ended', o_frozen_started: 'Started: frozen',
      o_frozen_help: 'This session has started: its cells can no longer change.',
      o_no_target: 'No cell can take this topic right now.',
      o_host_off: 'Its host cannot be there in this session.'
    },
    fr: {
      o_grid: 'Grille du programme (brouillon)',
      o_grid_help_sum: 'Comment modifier la grille',
      o_grid_help: 'Choisissez un sujet, puis une case ; ou glissez un sujet sur une case. Déplacer sur une case occupée échange les deux sujets. Seules les cases possibles sont proposées : pas une case verrouillée, pas une salle à qui il manque ce dont le sujet a besoin, pas une session commencée.',
      o_unplaced: 'Sujets non placés', o_none_unplaced: 'Tous les sujets sont placés.',
      o_selected: 'Sélection : {title}. Choisissez une case (Échap pour annuler).', o_place: 'Placer ici', o_swap: 'Échanger ici', o_replace: 'Remplacer',
      o_place_label: 'Placer {title} dans {session}, {room}',
      o_clear: 'Vider', o_lock: 'Verrouiller', o_unlock: 'Déverrouiller', o_locked: 'Verrouillé',
      o_started: 'Commencée', o_start_label: 'Marquer {title} comme commencée : un nouveau calcul garde ses cases',
      o_lacks: 'Il manque dans cette salle : {list}',
      o_publish: 'Publier', o_not_published: 'Pas encore publié : les participants ne voient pas de programme.',
      o_differs: 'Le brouillon diffère du programme publié : publiez pour mettre à jour tous les écrans.',
      o_published: 'Publié : tous les écrans affichent cette grille.',
      o_propose: 'Proposer un programme', o_proposing: 'Calcul du programme…',
      o_propose_help: 'Place les sujets pour que le plus de monde possible assiste à ce qu’il a choisi. Les cases verrouillées restent en place ; après une publication, le moins de sujets possible bougent. Vous pouvez ensuite modifier la grille à la main, relancer, puis publier.',
      o_expected: function (v) {
        return I.plural({ one: '{n} personne attendue', other: '{n} personnes attendues' })({ n: v.n }) + ', ' +
          OS.t('capacity', { n: v.cap }) + ', ' + I.plural({ one: '{n} l’a choisi', other: '{n} l’ont choisi' })({ n: v.v });
      },
      o_frozen_running: 'En cours', o_frozen_ended: 'Terminée', o_frozen_started: 'Commencée : figée',
      o_frozen_help: 'Cette session a commencé : ses cases ne peuvent plus changer.',
      o_no_target: 'Aucune case ne peut accueillir ce sujet pour l’instant.',
      o_host_off: 'Son animateur n’est pas disponible pendant cette session.'
    }
  });

  OS.org = OS.org || {};

  function cellKeys(plan) {
    return ((plan && plan.cells) || []).map(function (c) { return c.session + '|' + c.room + '|' + c.topic; }).sort().join('\n');
  }

  // OS.org.unpublished(state): nothing is published yet, or the draft's
  // cells differ from the published plan's.
  OS.org.unpublished = function (st) { return !st.plan || cellKeys(st.plan) !== cellKeys(st.draft); };

  // OS.org.grid({live, base}) binds the plan section; render(state) redraws it.
  OS.org.grid = function (ctx) {
    var live = ctx.live, base = ctx.base;
    var selected = null;   // the topic ID chosen for a move, until a cell is picked
    var dragId = null;     // the topic being dragged (when dataTransfer is unreadable)
    var proposing = false; // "Propose a plan" is running
    var gridKey = null;    // what the grid was last drawn from

    function draftCells(st) { return (st.draft && st.draft.cells) || []; }

    function lacks(tp, room) {
      return (tp.needs || []).filter(function (n) { return (room.equipment || []).indexOf(n) < 0; });
    }

    function redraw() { render(live.state()); }

    function sendOp(op) {
      OS.showError($('grid-error'), null);
      $('publish-status').hidden = true;
      return live.write('POST', base + '/draft/ops', op, function (plan) { return { draft: plan }; }).then(function () {
        if (op.op === 'place') { selected = null; redraw(); }
      }, function (err) {
        OS.showError($('grid-error'), err);
      });
    }

    // markStarted tells the server a session is under way: "Propose a plan"
    // then keeps its published cells.
    function markStarted(sid, started) {
      OS.showError($('grid-error'), null);
      return live.write('PATCH', base + '/sessions/' + OS.enc(sid), { started: started }, function (ev) { return { event: ev }; }).then(null, function (err) {
        OS.showError($('grid-error'), err);
        gridKey = null; // put the checkbox back as the state has it
        redraw();
      });
    }

    function place(tid, s, r) {
      if (!tid) return;
      sendOp({ op: 'place', topic: tid, session: s, room: r });
    }

    function select(tid) {
      selected = selected === tid ? null : tid;
      redraw();
    }

    function chip(tp, where, fixed) {
      return h('button', {
        type: 'button', className: 'chip', draggable: !fixed, disabled: !!fixed, 'data-topic-id': tp.id,
        'aria-pressed': String(selected === tp.id), 'data-focus': 'chip:' + tp.id,
        onclick: function (e) { e.stopPropagation(); select(tp.id); },
        ondragstart: function (e) {
          dragId = tp.id;
          try { e.dataTransfer.setData('text/plain', tp.id); e.dataTransfer.effectAllowed = 'move'; } catch (x) { /* old browsers */ }
        },
        ondragend: function () { dragId = null; clearDragover(); }
      }, tp.title, ' ', h('span', { className: 'n' }, '(' + tp.votes + ')'),
      where === 'tray' && tp.needs && tp.needs.length ? h('span', { className: 'sub' }, t('o_needs', { list: tp.needs.join(', ') })) : null,
      where === 'tray' && OS.onlyIn(live.state().event, tp) ? h('span', { className: 'sub host-sessions' }, OS.onlyIn(live.state().event, tp)) : null);
    }

    // hostOff: the topic's host said they cannot be there in session sid.
    function hostOff(ev, tp, sid) {
      var list = OS.hostSessions(ev, tp);
      return list.length > 0 && !list.some(function (x) { return x.id === sid; });
    }

    // hostLine is the cell's "par Ada · seulement en 1ère session", marked
    // when the cell's session is not one its host can be in.
    function hostLine(ev, tp, sid) {
      var text = [tp.host ? t('by_host', { host: tp.host }) : '', OS.onlyIn(ev, tp)].filter(Boolean).join(' · ');
      if (!text) return null;
      var off = hostOff(ev, tp, sid);
      return h('span', { className: 'sub cell-host' + (off ? ' off' : ''), title: off ? t('o_host_off') : null },
        off ? '⚠ ' : '', text, off ? h('span', { className: 'sr-only' }, ' — ' + t('o_host_off')) : null);
    }

    function clearDragover() {
      Array.prototype.forEach.call(document.querySelectorAll('.dragover'), function (el) { el.classList.remove('dragover'); });
    }

    // dropTarget makes el take dropped topics; ok(tid), when given, says
    // whether it takes that one (the page knows which topic is dragged).
    function dropTarget(el, onDrop, ok) {
      el.addEventListener('dragover', function (e) {
        if (ok && dragId && !ok(dragId)) return; // not a valid target: the browser shows "no drop"
        e.preventDefault();
        el.classList.add('dragover');
      });
      el.addEventListener('dragleave', function () { el.classList.remove('dragover'); });
      el.addEventListener('drop', function (e) {
        e.preventDefault();
        clearDragover();
        var tid = dragId;
        try { tid = e.dataTransfer.getData('text/plain') || tid; } catch (x) { /* use dragId */ }
        dragId = null;
        if (tid && (!ok || ok(tid))) onDrop(tid);
      });
    }

    function render(st) {
      var ev = st.event;
      if (!ev) return;
      renderPropose();
      renderPublishNote(st);
      renderGrid(st, ev);
    }

    function renderPropose() {
      var btn = $('propose-plan');
      btn.disabled = proposing;
      btn.setAttribute('aria-busy', String(proposing));
      btn.textContent = t(proposing ? 'o_proposing' : 'o_propose');
    }

    function renderPublishNote(st) {
      var note = $('draft-differs');
      if (!st.plan) { note.textContent = t('o_not_published'); note.hidden = false; return; }
      var differs = OS.org.unpublished(st);
      note.textContent = differs ? t('o_differs') : '';
      note.hidden = !differs;
    }

    function renderGrid(st, ev) {
      if (selected && !live.topic(selected)) selected = null; // removed or merged away
      var cells = draftCells(st), loads = (st.report && st.report.cells) || [];
      var key = JSON.stringify([selected, cells, ev.sessions, ev.rooms, st.topics, loads, st.headcounts, I.lang()]);
      if (key === gridKey) return;
      gridKey = key;
      var focusKey = document.activeElement && document.activeElement.getAttribute ? document.activeElement.getAttribute('data-focus') : null;

      var at = {}, placed = {}, expect = {};
      cells.forEach(function (c) { at[c.session + '\n' + c.room] = c; placed[c.topic] = c; });
      loads.forEach(function (x) { expect[x.session + '\n' + x.room + '\n' + x.topic] = x; });
      var where = OS.org.sessions(ev), rooms = {};
      ev.rooms.forEach(function (r) { rooms[r.id] = r; });
      var g = { at: at, placed: placed, rooms: rooms, started: where.started, running: where.running };
      if (selected && !movable(g, selected)) selected = null; // its cell was locked or its session started meanwhile
      var sel = selected ? live.topic(selected) : null;
      g.sel = sel;

      var unplaced = st.topics.filter(function (tp) { return !placed[tp.id]; });
      OS.fill($('unplaced'), unplaced.length ? unplaced.map(function (tp) { return chip(tp, 'tray'); }) :
        h('span', { className: 'muted' }, t('o_none_unplaced')));
      var anyTarget = sel && ev.sessions.some(function (s) { return ev.rooms.some(function (r) { return valid(g, sel, s.id, r.id); }); });
      $('selection-status').textContent = sel ? t('o_selected', { title: sel.title }) + (anyTarget ? '' : ' ' + t('o_no_target')) : '';

      OS.fill($('draft-grid'),
        OS.roomHead(ev.rooms),
        h('tbody', null, ev.sessions.map(function (s) {
          var frozen = !!g.started[s.id];
          return h('tr', { className: frozen ? 'frozen' : null, 'data-session-id': s.id },
            h('th', { scope: 'row', 'data-session-id': s.id }, s.title, s.start ? h('span', { className: 'sub' }, s.start) : null,
              frozen ? h('span', { className: 'frozen-mark', title: t('o_frozen_help') },
                t(g.running && g.running.id === s.id ? 'o_frozen_running' : s.ended_at ? 'o_frozen_ended' : 'o_frozen_started')) : null,
              h('label', { className: 'sub started-toggle' },
                h('input', { type: 'checkbox', className: 'started-box', checked: !!s.started, 'data-focus': 'started:' + s.id,
                  'aria-label': t('o_start_label', { title: s.title }),
                  onchange: function (e) { markStarted(s.id, e.target.checked); } }),
                ' ', t('o_started'))),
            ev.rooms.map(function (r) {
              var c = at[s.id + '\n' + r.id];
              return cell(st, g, s, r, c, c && expect[s.id + '\n' + r.id + '\n' + c.topic]);
            }));
        })));

      if (focusKey) {
        var again = document.querySelector('[data-focus="' + focusKey.replace(/["\\]/g, '\\$&') + '"]');
        if (again) again.focus();
      }
    }

    // movable: the topic may leave where it is (not a locked cell, not a
    // started session).
    function movable(g, tid) {
      var from = g.placed[tid];
      return !from || (!from.locked && !g.started[from.session]);
    }

    // valid: placing sel in (sid, rid) is a move the server accepts: the
    // session has not started, the room has what the topic needs, the cell
    // is not locked; a swap also needs the other topic to fit sel's room.
    function valid(g, sel, sid, rid) {
      if (!sel || !movable(g, sel.id) || g.started[sid]) return false;
      var r = g.rooms[rid], c = g.at[sid + '\n' + rid];
      if (!r || lacks(sel, r).length) return false;
      if (!c) return true;
      if (c.topic === sel.id || c.locked) return false;
      var from = g.placed[sel.id];
      if (!from) return true; // the other topic goes back to the tray
      var other = live.topic(c.topic);
      return !other || !lacks(other, g.rooms[from.room] || {}).length;
    }

    function cell(st, g, s, r, c, x) {
      var tp = c ? live.topic(c.topic) : null, sel = g.sel, frozen = !!g.started[s.id];
      var td = h('td', { 'data-session-id': s.id, 'data-room-id': r.id });
      var pos = s.id + ':' + r.id;
      var ok = valid(g, sel, s.id, r.id);
      if (c && c.locked) td.classList.add('locked');
      if (frozen) td.classList.add('frozen');
      if (sel) {
        var missing = lacks(sel, r);
        if (missing.length) { td.classList.add('nofit'); td.title = t('o_lacks', { list: missing.join(', ') }); }
        else if (ok && hostOff(st.event, sel, s.id)) { td.classList.add('target', 'host-off'); td.title = t('o_host_off'); }
        else if (ok) td.classList.add('target');
        else if (!tp || tp.id !== sel.id) td.classList.add('no-target');
      }
      // The room's name, for the phone layout where the table's head is gone.
      td.appendChild(h('span', { className: 'cell-room', 'aria-hidden': 'true' }, r.name));
      if (tp) {
        td.appendChild(chip(tp, 'cell', frozen || c.locked));
        var line = hostLine(st.event, tp, s.id);
        if (line) td.appendChild(line);
        if (x) td.appendChild(expected(x));
        if (frozen) td.appendChild(OS.org.roomCount(OS.org.headcount(st, s.id, r.id), r.capacity));
        if (c.locked) td.appendChild(h('span', { className: 'sub locked-note' }, t('o_locked')));
        if (!frozen) {
          td.appendChild(h('div', { className: 'cell-actions' },
            h('button', { type: 'button', className: 'secondary small lock-btn', 'aria-pressed': String(!!c.locked), 'data-focus': 'lock:' + pos,
              onclick: function (e) { e.stopPropagation(); sendOp({ op: c.locked ? 'unlock' : 'lock', session: s.id, room: r.id }); } },
            t(c.locked ? 'o_unlock' : 'o_lock')),
            h('button', { type: 'button', className: 'danger small clear-btn', disabled: !!c.locked, 'data-focus': 'clear:' + pos,
              onclick: function (e) { e.stopPropagation(); sendOp({ op: 'clear', session: s.id, room: r.id }); } },
            t('o_clear'))));
        }
      } else if (frozen && OS.org.headcount(st, s.id, r.id)) {
        td.appendChild(OS.org.roomCount(OS.org.headcount(st, s.id, r.id), r.capacity));
      }
      if (ok) {
        td.appendChild(h('button', { type: 'button', className: 'small place-btn', 'data-focus': 'place:' + pos,
          'aria-label': t('o_place_label', { title: sel.title, session: s.title, room: r.name }),
          onclick: function (e) { e.stopPropagation(); place(selected, s.id, r.id); } },
        t(!tp ? 'o_place' : g.placed[sel.id] ? 'o_swap' : 'o_replace')));
      }
      td.addEventListener('click', function () { if (selected && ok) place(selected, s.id, r.id); });
      dropTarget(td, function (tid) { place(tid, s.id, r.id); }, function (tid) { return valid(g, live.topic(tid), s.id, r.id); });
      return td;
    }

    // expected shows "12 / 14": the headcount the report expects in the cell
    // and the room's capacity; red-ish when the room is full and some of its
    // voters are left out.
    function expected(x) {
      var long = t('o_expected', { n: x.expected, cap: x.capacity, v: x.voters });
      return h('span', {
        className: 'expected' + (x.expected >= x.capacity && x.voters > x.capacity ? ' over' : ''),
        'data-expected': x.expected, 'data-capacity': x.capacity, 'data-voters': x.voters, title: long
      }, h('span', { 'aria-hidden': 'true' }, x.expected + ' / ' + x.capacity), h('span', { className: 'sr-only' }, long));
    }

    $('propose-plan').addEventListener('click', function () {
      if (proposing) return;
      proposing = true;
      OS.showError($('grid-error'), null);
      $('publish-status').hidden = true;
      renderPropose();
      // The reply's report is left to the stream, which brings the report
      // of the new draft with its patch.
      live.write('POST', base + '/draft/propose', {}, function (r) { return { draft: r.draft }; }).then(function () {
        selected = null;
      }, function (err) {
        OS.showError($('grid-error'), err);
      }).then(function () {
        proposing = false;
        redraw();
      });
    });

    // Dropping a placed topic on the tray takes it off the grid.
    dropTarget($('unplaced'), function (tid) {
      var c = null;
      draftCells(live.state()).forEach(function (x) { if (x.topic === tid) c = x; });
      if (c) sendOp({ op: 'clear', session: c.session, room: c.room });
    });

    document.addEventListener('keydown', function (e) {
      if ((e.key === 'Escape' || e.key === 'Esc') && selected) { selected = null; redraw(); }
    });

    $('publish-btn').addEventListener('click', function () {
      var btn = $('publish-btn');
      btn.disabled = true;
      OS.showError($('grid-error'), null);
      live.write('POST', base + '/publish', undefined, function (plan) { return { plan: plan }; }).then(function () {
        $('publish-status').textContent = t('o_published');
        $('publish-status').hidden = false;
      }, function (err) { OS.showError($('grid-error'), err); }).then(function () { btn.disabled = false; });
    });

    return { render: render };
  };
})();
