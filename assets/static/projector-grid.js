/* openspace projector grid: the published plan (sessions × rooms) in the
 * plan and sessions phases, paged through rooms when they do not fit, the
 * running session highlighted with each room's live headcount, "next up"
 * between sessions, and the door display of one room (?room=).
 *
 * OS.projSessions: running(ev), next(ev), startLabel(session) and cells(st).
 * var g = OS.projGrid({live, clock}); g.grid(st, mode, page); g.door(st, roomId).
 */
(function () {
  'use strict';
  var OS = window.OS, I = OS.i18n, t = OS.t, h = OS.h, $ = OS.byId;
  var MIN_COL_REM = 6.2, HEAD_COL_REM = 7;

  function ms(s) { var v = Date.parse(s || ''); return isNaN(v) ? null : v; }

  // A session runs from started_at until ended_at; the next one is the
  // first after the last started one that has not started (docs/API.md).
  var S = OS.projSessions = {
    // One rule for every page: live.js's OS.sessionsNow.
    running: function (ev) { return OS.sessionsNow(ev).running; },
    next: function (ev) { return OS.sessionsNow(ev).next; },
    // startLabel is the session's planned start ("19:30") as the language
    // writes a time of day.
    startLabel: function (s) {
      var m = /^(\d{1,2}):(\d{2})$/.exec(s.start || '');
      if (!m) return '';
      var d = new Date();
      d.setHours(+m[1], +m[2], 0, 0);
      return I.fmtTime(d);
    },
    cells: function (st) {
      var out = {};
      ((st.plan && st.plan.cells) || []).forEach(function (c) { out[c.session + '\n' + c.room] = c; });
      return out;
    },
    ms: ms
  };

  function rem() { return parseFloat(getComputedStyle(document.documentElement).fontSize) || 16; }

  OS.projGrid = function (o) {
    var live = o.live, clock = o.clock, gridKey = null;

    function headcount(st, sid, rid) {
      var hs = st.headcounts && st.headcounts[sid];
      return (hs && hs[rid]) || 0;
    }

    function roomsPerPage(n) {
      var width = $('grid-wrap').clientWidth || window.innerWidth;
      var per = Math.max(1, Math.floor((width / rem() - HEAD_COL_REM) / MIN_COL_REM));
      return Math.min(n, per);
    }

    // cell draws one cell: the topic and its host; in the plan phase the
    // expected headcount over the seats, in the sessions phase the live
    // headcount of a session that ran or runs beside the expected one, and
    // "full" once the room is.
    function cell(st, mode, s, r, c, tp, running) {
      var td = h('td', { 'data-session-id': s.id, 'data-room-id': r.id });
      if (!tp) { td.className = 'empty'; return td; }
      td.appendChild(h('strong', { 'data-topic-id': tp.id, className: 'cell-title' }, tp.title));
      if (tp.host) td.appendChild(h('span', { className: 'cell-host' }, tp.host));
      var exp = typeof c.expected === 'number' ? c.expected : null;
      var line = h('span', { className: 'cell-count' });
      if (mode === 'plan') {
        if (exp !== null) {
          line.appendChild(h('span', { className: 'expected', 'data-expected': exp },
            h('span', { 'aria-hidden': 'true' }, t('p_seats', { e: I.num(exp), n: r.capacity })),
            h('span', { className: 'sr-only' }, t('p_people_expected', { n: exp }) + ', ' + t('capacity', { n: r.capacity }))));
        }
      } else {
        var started = s.started_at;
        if (started) {
          var n = headcount(st, s.id, r.id);
          line.appendChild(h('span', { className: 'headcount', 'data-headcount': n }, t('p_here_n', { n: n })));
          if (n >= r.capacity) line.appendChild(h('span', { className: 'full-mark' }, t('p_full')));
        }
        if (exp !== null) line.appendChild(h('span', { className: 'expected', 'data-expected': exp }, t('p_expected_n', { n: exp })));
      }
      if (line.firstChild) td.appendChild(line);
      if (running) td.className = 'running';
      return td;
    }

    function table(st, mode, sessions, rooms) {
      var ev = st.event, cells = S.cells(st), run = S.running(ev), next = run ? null : S.next(ev);
      return [
        h('thead', null, h('tr', null, h('td', { className: 'corner' }), rooms.map(function (r) {
          return h('th', { scope: 'col', 'data-room-id': r.id }, h('span', { className: 'room-name' }, r.name),
            h('span', { className: 'room-cap' }, t('capacity', { n: r.capacity })));
        }))),
        h('tbody', null, sessions.map(function (s) {
          var isRun = mode === 'sessions' && run && run.id === s.id;
          var cls = isRun ? 'running' : mode === 'sessions' && next && next.id === s.id ? 'next' : mode === 'sessions' && s.ended_at ? 'done' : '';
          return h('tr', { className: cls, 'data-session-id': s.id },
            h('th', { scope: 'row', 'data-session-id': s.id }, h('span', { className: 'sess-title' }, s.title),
              h('span', { className: 'sess-time' }, isRun ? t('p_now') : S.startLabel(s))),
            rooms.map(function (r) {
              var c = cells[s.id + '\n' + r.id], tp = c && live.topic(c.topic);
              return cell(st, mode, s, r, c, tp, isRun);
            }));
        }))
      ];
    }

    // grid draws the plan, rooms paged by page (a counter the caller moves
    // every 10 s); rows that do not fit are dropped: before the running
    // session first in the sessions phase, else the last ones, which then
    // page too.
    function grid(st, mode, page) {
      var ev = st.event, rooms = ev.rooms || [], sessions = ev.sessions || [];
      var per = roomsPerPage(rooms.length || 1), roomPages = Math.max(1, Math.ceil(rooms.length / per));
      var key = JSON.stringify([mode, page, per, ev.sessions, rooms, st.plan, st.headcounts, st.topics.map(function (tp) { return [tp.id, tp.title, tp.host]; }),
        I.lang(), window.innerWidth, window.innerHeight]);
      if (key === gridKey) return;
      gridKey = key;
      var ri = page % roomPages, shownRooms = rooms.slice(ri * per, ri * per + per);
      var el = $('grid'), box = $('grid-wrap');
      OS.fill(el, table(st, mode, sessions, shownRooms));
      var rows = el.tBodies[0].rows, fit = rows.length, limit = box.getBoundingClientRect().bottom + 1;
      for (var i = 0; i < rows.length; i++) {
        if (rows[i].getBoundingClientRect().bottom > limit) { fit = i; break; }
      }
      fit = Math.max(1, fit);
      var from = 0, sessPages = 1, si = 0;
      if (fit < sessions.length) {
        if (mode === 'sessions') {
          var focus = S.running(ev) || S.next(ev), at = focus ? sessions.indexOf(focus) : 0;
          from = Math.max(0, Math.min(at, sessions.length - fit));
        } else {
          sessPages = Math.ceil(sessions.length / fit);
          si = Math.floor(page / roomPages) % sessPages;
          from = si * fit;
        }
        OS.fill(el, table(st, mode, sessions.slice(from, from + fit), shownRooms));
      }
      var parts = [];
      if (roomPages > 1) parts.push(t('p_rooms_page', { a: ri * per + 1, b: ri * per + shownRooms.length, n: rooms.length }));
      if (fit < sessions.length) parts.push(t('p_sessions_page', { a: from + 1, b: Math.min(sessions.length, from + fit), n: sessions.length }));
      $('grid-page').textContent = parts.join(' · ');
      $('grid-page').hidden = !parts.length;
    }

    // nextUp lists, between sessions, what runs in each room next.
    function nextUp(st, s) {
      var cells = S.cells(st), ev = st.event;
      var when = S.startLabel(s);
      $('next-up-h').textContent = t('p_next_up', { what: when ? s.title + ' · ' + when : s.title });
      var items = ev.rooms.map(function (r) { return [r, cells[s.id + '\n' + r.id]]; }).filter(function (x) { return x[1] && live.topic(x[1].topic); });
      OS.keyed($('next-up-list'), items, function (x) { return x[0].id; }, function (x) {
        var li = h('li', { 'data-room-id': x[0].id });
        li._room = h('span', { className: 'next-room' });
        li._topic = h('strong', { className: 'next-topic' });
        li._host = h('span', { className: 'next-host' });
        li.appendChild(li._room);
        li.appendChild(li._topic);
        li.appendChild(li._host);
        return li;
      }, function (li, x) {
        var tp = live.topic(x[1].topic);
        li._room.textContent = x[0].name;
        li._topic.textContent = tp.title;
        li._topic.setAttribute('data-topic-id', tp.id);
        li._host.textContent = tp.host || '';
      });
      return items.length;
    }

    // door shows one room: its name and where it is, what runs there now
    // (topic, host, time left, headcount over seats) and next.
    function door(st, roomId) {
      var ev = st.event, room = null;
      (ev.rooms || []).forEach(function (r) { if (r.id === roomId) room = r; });
      var note = $('door-note'), now = $('door-now'), nxt = $('door-next');
      $('door-room').textContent = room ? room.name : '';
      $('door-location').textContent = (room && room.location) || '';
      $('door-location').hidden = !(room && room.location);
      if (!room) {
        note.textContent = t('p_no_room');
        note.hidden = false;
        now.hidden = nxt.hidden = true;
        clock.bind($('door-countdown'), null);
        return;
      }
      var cells = S.cells(st), run = S.running(ev);
      var runCell = run && cells[run.id + '\n' + room.id], runTopic = runCell && live.topic(runCell.topic);
      // What comes next here: the first session after the running one (or
      // the next one) that has a topic in this room.
      var list = ev.sessions || [], from = run ? list.indexOf(run) + 1 : list.indexOf(S.next(ev));
      var nextS = null, nextTopic = null;
      for (var i = Math.max(0, from); from >= 0 && i < list.length; i++) {
        var c = cells[list[i].id + '\n' + room.id];
        if (c && live.topic(c.topic) && !list[i].started_at) { nextS = list[i]; nextTopic = live.topic(c.topic); break; }
      }
      now.hidden = !runTopic;
      if (runTopic) {
        now.querySelector('.door-topic').textContent = runTopic.title;
        now.querySelector('.door-topic').setAttribute('data-topic-id', runTopic.id);
        now.querySelector('.door-host').textContent = runTopic.host ? t('by_host', { host: runTopic.host }) : '';
        clock.bind($('door-countdown'), ms(run.ends_at));
        var n = headcount(st, run.id, room.id), hc = $('door-headcount');
        hc.textContent = t('p_seats', { e: I.num(n), n: room.capacity });
        hc.setAttribute('data-headcount', n);
        $('door-full').hidden = n < room.capacity;
      } else {
        clock.bind($('door-countdown'), null);
      }
      nxt.hidden = !nextTopic;
      if (nextTopic) {
        var when = S.startLabel(nextS);
        $('door-next-h').textContent = t((runTopic ? 'p_door_then' : 'p_door_next') + (when ? '' : '_s'), { time: when, title: nextS.title });
        nxt.querySelector('.door-topic').textContent = nextTopic.title;
        nxt.querySelector('.door-topic').setAttribute('data-topic-id', nextTopic.id);
        nxt.querySelector('.door-host').textContent = nextTopic.host ? t('by_host', { host: nextTopic.host }) : '';
      }
      note.hidden = !!(runTopic || nextTopic);
      note.textContent = !st.plan ? t('p_coming') : run ? t('p_door_free') : t('p_door_done');
    }

    return { grid: grid, nextUp: nextUp, door: door, reset: function () { gridKey = null; } };
  };
})();
