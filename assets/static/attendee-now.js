/* openspace attendee page, the now screen (plan and sessions phases): the
 * running session (or the next one), my room (my check-in, else my seat from
 * /me) with its location, topic, live headcount and time left (from
 * live.now()), and the other rooms. "I'm here" and "I'm moving here" check in
 * with one tap (PUT /checkins/{sid}), through the action queue: the check-in
 * shows at once, marked as not sent while it waits for the connection; the
 * headcounts follow on the stream once the server has it. */
(function () {
  'use strict';
  var OS = window.OS, I = OS.i18n, t = OS.t, h = OS.h, $ = OS.byId;
  I.add({
    en: {
      n_now: 'Now: {title}', n_next: 'Next: {title}', n_over: 'All sessions are over',
      n_left: '{time} left', n_overtime: 'Overtime: {time}', n_starts: 'Starts at {time}', n_soon: 'Starts soon',
      n_five: 'Five minutes left in this session.',
      n_in: 'You are in', n_yours: 'Your room', n_hosting: 'You host here', n_pick: 'Pick a room below: one tap tells the others where you are.',
      n_here_btn: 'I’m here', n_checked: '✓ You’re checked in here',
      n_move: 'I’m moving here', n_go: 'I’m going here', n_move_to: '{label}: {room}',
      n_rooms: 'Other rooms', n_rooms_pick: 'Rooms',
      n_here: I.plural({ one: '1 here', other: '{n} here' }),
      n_expected: I.plural({ one: '1 expected', other: '{n} expected' }),
      n_fullmark: 'Full', n_nothing: 'Nothing here in this session.',
      n_full_warn: '{room} is full ({seats}): you may have to stand.',
      n_wait: 'Not sent yet: the others will see it once the connection is back.'
    },
    fr: {
      n_now: 'En ce moment : {title}', n_next: 'À suivre : {title}', n_over: 'Toutes les sessions sont terminées',
      n_left: 'Encore {time}', n_overtime: 'Dépassement : {time}', n_starts: 'Début à {time}', n_soon: 'Début imminent',
      n_five: 'Plus que cinq minutes dans cette session.',
      n_in: 'Vous êtes dans', n_yours: 'Votre salle', n_hosting: 'Vous animez ici', n_pick: 'Choisissez une salle ci-dessous : d’un geste, les autres savent où vous êtes.',
      n_here_btn: 'J’y suis', n_checked: '✓ C’est noté : vous y êtes',
      n_move: 'J’y vais', n_go: 'J’y vais', n_move_to: '{label}\u00a0: {room}',
      n_rooms: 'Les autres salles', n_rooms_pick: 'Les salles',
      n_here: I.plural({ one: '{n} présent', other: '{n} présents' }),
      n_expected: I.plural({ one: '{n} attendu', other: '{n} attendus' }),
      n_fullmark: 'Complet', n_nothing: 'Rien dans cette salle pendant cette session.',
      n_full_warn: 'Plus de place assise dans {room} ({seats}) : vous serez peut-être debout.',
      n_wait: 'Pas encore envoyé\u202f: les autres le verront au retour de la connexion.'
    }
  });

  var A = OS.attendee = OS.attendee || { parts: [] };
  var busy = false, focus = null, fiveSaid = {}, warned = null; // warned: the full room just moved into

  function clock(ms) {
    var s = Math.max(0, Math.floor(ms / 1000)), m = Math.floor(s / 60);
    return m + ':' + ('0' + (s % 60)).slice(-2);
  }

  function render(ctx) {
    var st = ctx.st(), ev = st.event, ph = ctx.phase();
    var show = (ph === 'plan' || ph === 'sessions') && st.plan && (st.plan.cells || []).length > 0;
    $('now').hidden = !show;
    if (!show) { focus = null; return; }
    var cur = OS.sessionsNow(ev);
    var s = cur.running || cur.next;
    focus = s ? { session: s, running: s === cur.running } : null;
    $('now-h').textContent = s ? t(focus.running ? 'n_now' : 'n_next', { title: s.title }) : t('n_over');
    $('now').setAttribute('data-session-id', s ? s.id : '');
    $('now').setAttribute('data-running', String(!!(focus && focus.running)));
    tick(ctx);
    $('now-mine').hidden = !s;
    $('rooms-h').hidden = !s;
    if (!s) { OS.clear($('rooms')); return; }
    var me = ctx.me(), checkins = myCheckins(me), e = A.entry(ctx, s.id);
    var seat = e && e.assigned ? e.assigned.room : '', rid = checkins[s.id] || seat;
    var heads = (st.headcounts && st.headcounts[s.id]) || {};
    $('now-mine').setAttribute('data-room-id', rid || '');
    $('now-mine').setAttribute('data-checked-in', String(!!checkins[s.id]));
    var room = rid && ctx.room(rid), cell = rid && ctx.cell(s.id, rid);
    ['now-room-label', 'now-room', 'now-location', 'now-topic', 'now-count', 'im-here'].forEach(function (x) { $(x).hidden = !room; });
    if (room) {
      var hosting = e && e.hosting && e.assigned && e.assigned.room === room.id;
      $('now-room-label').textContent = t(hosting ? 'n_hosting' : checkins[s.id] ? 'n_in' : 'n_yours');
      $('now-room').textContent = room.name;
      $('now-location').textContent = room.location || '';
      $('now-location').hidden = !room.location;
      $('now-topic').textContent = cell ? ctx.title(cell.topic) : t('n_nothing');
      OS.fill($('now-count'), counts(room, cell, heads[room.id] || 0));
      var btn = $('im-here'), here = checkins[s.id] === room.id;
      btn.textContent = t(here ? 'n_checked' : 'n_here_btn');
      btn.setAttribute('aria-pressed', String(here));
      btn.classList.toggle('done', here);
      btn.disabled = here || busy;
      btn.onclick = function () { checkIn(ctx, s.id, room.id); };
    }
    var wait = waiting(s.id);
    $('checkin-wait').hidden = !wait;
    $('checkin-wait').textContent = wait ? t('n_wait') : '';
    var w = warned && warned.session === s.id && warned.room === rid && room;
    $('checkin-warning').hidden = !w;
    if (w) $('checkin-warning').textContent = t('n_full_warn', { room: I.quote(room.name), seats: t('capacity', { n: room.capacity }) });
    var why = !room && e ? A.why(ctx, e) : '';
    // Without a room, say how to pick one even before /me tells why.
    $('now-why').hidden = !!room;
    $('now-why').textContent = why && why !== 'a_empty' ? t(why) + ' ' + t('n_pick') : t('n_pick');
    $('rooms-h').textContent = t(room ? 'n_rooms' : 'n_rooms_pick');
    var others = ev.rooms.filter(function (r) { return r.id !== rid && ctx.cell(s.id, r.id); });
    OS.keyed($('rooms'), others, function (r) { return r.id; }, create, function (li, r) {
      var c = ctx.cell(s.id, r.id);
      li.setAttribute('data-session-id', s.id);
      li._name.textContent = r.name;
      li._loc.textContent = r.location || '';
      li._loc.hidden = !r.location;
      li._what.textContent = ctx.title(c.topic);
      OS.fill(li._count, counts(r, c, heads[r.id] || 0));
      li._btn.textContent = t(room ? 'n_move' : 'n_go');
      // The name starts with what the button shows (voice control users
      // say it) and names the room for a screen reader.
      li._btn.setAttribute('aria-label', t('n_move_to', { label: li._btn.textContent, room: I.quote(r.name) }));
      li._btn.disabled = busy;
      li._btn.onclick = function () { checkIn(ctx, s.id, r.id); };
    });
  }

  function create(r) {
    var li = h('li', { className: 'room-row', 'data-room-id': r.id });
    li._name = h('h4', { className: 'name' });
    li._loc = h('p', { className: 'location' });
    li._what = h('p', { className: 'what' });
    li._count = h('p', { className: 'count-line' });
    li._btn = h('button', { type: 'button', className: 'move-btn secondary' });
    li.appendChild(h('div', { className: 'body' }, li._name, li._loc, li._what, li._count));
    li.appendChild(li._btn);
    return li;
  }

  // counts is a room's line: live headcount, the plan's expected count,
  // its seats, and "Full" at capacity.
  function counts(room, cell, n) {
    var full = n >= room.capacity;
    return [h('span', { className: 'here', 'data-n': n }, t('n_here', { n: n })),
      cell ? [' · ', h('span', { className: 'exp', 'data-n': cell.expected || 0 }, t('n_expected', { n: cell.expected || 0 }))] : null,
      ' · ', h('span', { className: 'seats' }, t('capacity', { n: room.capacity })),
      full ? [' ', h('span', { className: 'full-mark' }, t('n_fullmark'))] : null];
  }

  // myCheckins are my check-ins as the server last said, with those still
  // in the queue applied in order.
  function myCheckins(me) {
    var out = {};
    Object.keys(me.checkins || {}).forEach(function (k) { out[k] = me.checkins[k]; });
    OS.queue.list().forEach(function (a) {
      if (a.kind === 'checkin' && a.body) out[a.topic] = a.body.room;
      if (a.kind === 'checkout') delete out[a.topic];
    });
    return out;
  }

  function waiting(sid) {
    return OS.queue.list().some(function (a) { return (a.kind === 'checkin' || a.kind === 'checkout') && a.topic === sid; });
  }

  function checkIn(ctx, sid, rid) {
    if (busy) return;
    var st = ctx.st(), room = ctx.room(rid), heads = (st.headcounts && st.headcounts[sid]) || {};
    var wasFull = room && (heads[rid] || 0) >= room.capacity;
    busy = true;
    OS.showError($('checkin-error'), null);
    warned = null;
    var done = OS.queue.enqueue({ method: 'PUT', path: ctx.base + '/checkins/' + OS.enc(sid), body: { room: rid },
      kind: 'checkin', topic: sid, label: room ? room.name : '', coalesce: true });
    var key = done.key;
    var free = function () { if (busy) { busy = false; ctx.render(); } };
    // The buttons wait for the first answer only: without one, the
    // check-in waits in the queue and the person may change their mind.
    freeOnWait = function () {
      if (OS.queue.list().some(function (a) { return a.key === key && a.state === 'waiting'; })) free();
    };
    freeOnWait();
    done.then(function (r) {
      var me = ctx.me();
      if (me && r && r.checkins) me.checkins = r.checkins;
      var n = r && r.headcounts && r.headcounts[sid] ? r.headcounts[sid][rid] || 0 : 0;
      warned = room && (wasFull || n > room.capacity) ? { session: sid, room: rid } : null;
      ctx.refreshMe(1500);
    }, function (err) {
      if (!err.late) OS.showError($('checkin-error'), err);
    }).then(free);
    ctx.render();
  }
  var freeOnWait = function () {};

  // A check-in done after a reload (no promise waits for it) still
  // updates my check-ins.
  OS.queue.on(function (ev) {
    var me = A.ctx && A.ctx.me();
    if (ev.type === 'done' && me && (ev.action.kind === 'checkin' || ev.action.kind === 'checkout') && ev.reply && ev.reply.checkins) me.checkins = ev.reply.checkins;
    if (ev.type === 'change') freeOnWait();
  });

  // tick updates the time line: time left in the running session (or the
  // overtime), or when the next one starts.
  function tick(ctx) {
    if ($('now').hidden) return;
    var el = $('now-left');
    if (!focus) { el.textContent = ''; return; }
    var s = focus.session;
    if (!focus.running) {
      el.textContent = s.start ? t('n_starts', { time: A.startTime(s.start) }) : t('n_soon');
      el.removeAttribute('data-left');
      return;
    }
    if (!s.ends_at) { el.textContent = ''; return; }
    var left = Date.parse(s.ends_at) - ctx.live().now();
    el.setAttribute('data-left', String(Math.round(left / 1000)));
    el.classList.toggle('overtime', left < 0);
    el.textContent = left >= 0 ? t('n_left', { time: clock(left + 999) }) : t('n_overtime', { time: clock(-left) });
    var k = s.id + '@' + s.ends_at;
    if (left > 0 && left <= 5 * 60000 && !fiveSaid[k]) {
      fiveSaid[k] = true;
      $('now-announce').textContent = t('n_five');
    }
  }

  A.parts.push({ render: render, tick: tick });
})();
