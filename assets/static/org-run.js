/* openspace console, run: the sessions as they happen. The running session
 * with its countdown (ends_at − live.now()), "extend by 5 minutes", "end
 * now", "start the next session", and each room's live headcount (the
 * check-ins, state.headcounts) beside the count the plan expects, with a
 * "full" mark at capacity. Also OS.org.sessions, which the grid uses to know
 * which sessions are frozen. */
(function () {
  'use strict';
  var OS = window.OS, I = OS.i18n, t = OS.t, h = OS.h, $ = OS.byId;
  I.add({
    en: {
      o_run: 'Sessions under way',
      o_run_now: function (v) { return 'Running: ' + I.quote(v.title); },
      o_run_idle: function (v) { return 'No session is running. Next: ' + I.quote(v.title) + '.'; },
      o_run_done: 'Every session is over.', o_run_none: 'No session in the set-up.',
      o_run_ends: 'Ends at {time}', o_run_ended: 'Ended at {time}',
      o_start_next: function (v) { return 'Start ' + I.quote(v.title); },
      o_extend: 'Extend by 5 minutes', o_end_now: 'End now',
      o_here_n: I.plural({ one: '{n} here', other: '{n} here' }),
      o_expected_n: I.plural({ one: '{n} expected', other: '{n} expected' }),
      o_full: 'Full', o_empty_room: 'Nothing planned',
      o_now_full: function (v) { return I.quote(v.room) + ' is full.'; },
      o_next_rooms: function (v) { return 'In ' + I.quote(v.title) + ':'; }
    },
    fr: {
      o_run: 'Sessions en cours',
      o_run_now: function (v) { return 'En cours : ' + I.quote(v.title); },
      o_run_idle: function (v) { return 'Aucune session en cours. Prochaine : ' + I.quote(v.title) + '.'; },
      o_run_done: 'Toutes les sessions sont terminées.', o_run_none: 'Aucune session dans la configuration.',
      o_run_ends: 'Fin prévue à {time}', o_run_ended: 'Terminée à {time}',
      o_start_next: function (v) { return 'Lancer ' + I.quote(v.title); },
      o_extend: 'Prolonger de 5 minutes', o_end_now: 'Terminer maintenant',
      o_here_n: I.plural({ one: '{n} présent', other: '{n} présents' }),
      o_expected_n: I.plural({ one: '{n} attendu', other: '{n} attendus' }),
      o_full: 'Complet', o_empty_room: 'Rien de prévu',
      o_now_full: function (v) { return 'La salle ' + I.quote(v.room) + ' est complète.'; },
      o_next_rooms: function (v) { return 'Dans ' + I.quote(v.title) + ' :'; }
    }
  });

  OS.org = OS.org || {};

  // OS.org.sessions is live.js's OS.sessionsNow: one rule for every page.
  OS.org.sessions = OS.sessionsNow;

  // OS.org.headcount(st, sid, rid) is how many checked into that room.
  OS.org.headcount = function (st, sid, rid) {
    var hc = (st.headcounts || {})[sid];
    return (hc && hc[rid]) || 0;
  };

  // OS.org.roomCount(count, capacity) is the "9 here" badge with its "full"
  // mark, the console's one way to show a headcount.
  OS.org.roomCount = function (count, capacity) {
    var full = capacity > 0 && count >= capacity;
    return h('span', { className: 'headcount' + (full ? ' full' : ''), 'data-count': count, 'data-capacity': capacity },
      t('o_here_n', { n: count }), full ? h('strong', { className: 'full-mark' }, ' · ' + t('o_full')) : null);
  };

  // OS.org.run({live, base}) binds #run-section; render(state) redraws it.
  OS.org.run = function (ctx) {
    var live = ctx.live, base = ctx.base, inFlight = false;
    var tick = OS.org.ticker(function () { renderClock(live.state().event); });
    var full = null; // "sid|rid" -> that room was full when last drawn; null before the first drawing

    function send(path, body) {
      if (inFlight) return;
      inFlight = true;
      OS.showError($('run-error'), null);
      render(live.state());
      live.write('POST', base + path, body, function (ev) { return { event: ev }; }).then(null, function (err) {
        OS.showError($('run-error'), err);
      }).then(function () {
        inFlight = false;
        render(live.state());
      });
    }

    function renderClock(ev) {
      var run = ev ? OS.org.sessions(ev).running : null;
      var on = !!(run && run.ends_at);
      $('run-clock').hidden = !on;
      tick(on);
      if (on) OS.org.countdown($('run-countdown'), run.ends_at, live.now());
    }

    function render(st) {
      var ev = st.event;
      if (!ev) return;
      var where = OS.org.sessions(ev), run = where.running, next = where.next;
      var status = !ev.sessions.length ? t('o_run_none') : run ? t('o_run_now', { title: run.title }) :
        next ? t('o_run_idle', { title: next.title }) : t('o_run_done');
      if ($('run-status').textContent !== status) $('run-status').textContent = status;
      $('run-status').setAttribute('data-session-id', run ? run.id : '');
      renderClock(ev);
      $('run-ends').textContent = run && run.ends_at ? t('o_run_ends', { time: I.fmtTime(Date.parse(run.ends_at)) }) : '';

      var startBtn = $('run-start-next');
      startBtn.hidden = !next;
      startBtn.textContent = next ? t('o_start_next', { title: next.title }) : '';
      startBtn.setAttribute('data-session-id', next ? next.id : '');
      startBtn.disabled = inFlight;
      $('run-extend').hidden = $('run-end').hidden = !run;
      $('run-extend').disabled = $('run-end').disabled = inFlight;
      $('run-extend').setAttribute('data-session-id', run ? run.id : '');
      $('run-end').setAttribute('data-session-id', run ? run.id : '');

      renderRooms(st, ev, run || next);
    }

    function renderRooms(st, ev, s) {
      var list = $('run-rooms');
      if (!s) { OS.clear(list); return; }
      var cells = ((st.plan && st.plan.cells) || []).filter(function (c) { return c.session === s.id; });
      var at = {};
      cells.forEach(function (c) { at[c.room] = c; });
      // A room filling up is worth saying (not every check-in).
      var nowFull = {}, newly = [];
      ev.rooms.forEach(function (r) {
        var k = s.id + '|' + r.id;
        if (r.capacity > 0 && OS.org.headcount(st, s.id, r.id) >= r.capacity) {
          nowFull[k] = true;
          if (full && !full[k]) newly.push(r.name);
        }
      });
      full = nowFull;
      if (newly.length) $('run-announce').textContent = newly.map(function (n) { return t('o_now_full', { room: n }); }).join(' ');
      var key = JSON.stringify([s.id, cells, ev.rooms, (st.headcounts || {})[s.id] || {}, st.topics.map(function (tp) { return tp.title; }), I.lang()]);
      if (list.__key === key) return;
      list.__key = key;
      OS.fill(list, ev.rooms.map(function (r) {
        var c = at[r.id], tp = c ? live.topic(c.topic) : null, n = OS.org.headcount(st, s.id, r.id);
        return h('li', { 'data-room-id': r.id, 'data-session-id': s.id },
          h('div', { className: 'room-line' },
            h('strong', { className: 'room' }, r.name),
            r.location ? h('span', { className: 'sub' }, r.location) : null),
          h('div', { className: 'topic' + (tp ? '' : ' muted') }, tp ? tp.title : t('o_empty_room')),
          h('div', { className: 'counts' },
            OS.org.roomCount(n, r.capacity), ' ',
            c ? h('span', { className: 'expected', 'data-expected': c.expected || 0 }, t('o_expected_n', { n: c.expected || 0 })) : null, ' ',
            h('span', { className: 'sub cap' }, t('capacity', { n: r.capacity }))));
      }));
    }

    $('run-start-next').addEventListener('click', function () {
      var sid = $('run-start-next').getAttribute('data-session-id');
      if (sid) send('/sessions/' + OS.enc(sid) + '/start');
    });
    $('run-extend').addEventListener('click', function () {
      var sid = $('run-extend').getAttribute('data-session-id');
      if (sid) send('/sessions/' + OS.enc(sid) + '/extend', { minutes: 5 });
    });
    $('run-end').addEventListener('click', function () {
      var sid = $('run-end').getAttribute('data-session-id');
      if (sid) send('/sessions/' + OS.enc(sid) + '/end');
    });

    return { render: render };
  };
})();
