/* openspace live: the one owner of an event page's state. Pages read it and
 * ask it to change; nothing else writes it.
 *
 * It follows the stream of docs/API.md (WebSocket): applies snapshots and
 * patches, asks for a resync on a version gap or a new epoch, reconnects with
 * exponential back-off and full jitter (random(0, min(30 s, 1 s * 2^attempt))),
 * resumes with since/epoch. A phone that wakes up or comes back to the page
 * (visibilitychange to visible, pageshow, focus, online, or a 5 s interval
 * that notices it did not run for more than 15 s: the phone slept)
 * reconnects at once when the socket is closed; a socket that looks open
 * may be dead after a sleep or a change of network, so it is probed with a
 * clock message and replaced at once when nothing comes back in 3 s.
 *
 * var live = OS.live({eventId, role, statusEl}); role 'organizer' or none;
 *   statusEl defaults to #conn-status.
 * live.start(): opens the stream (once).
 * live.load(): Promise; reads the state over HTTP (the organizer route for
 *   role organizer), rejects with the API error (401, 404, network). The
 *   reply has no version: it only fills the screen until the first snapshot.
 * live.restore(saved): shows a state kept on the phone (offline.js) at once,
 *   as info.type 'saved'. It claims no version: the stream's first snapshot
 *   is taken whole, and a load or a snapshot replaces it.
 * live.status(): '', 'connecting', 'live', 'reconnecting' or 'gone'.
 * live.state(): {event, attendance, topics, plan, headcounts, draft, report, version,
 *   epoch}, frozen, a new object on each change; topics in the server's
 *   order; draft and report only on the organizer stream (else null).
 * live.topic(id): that topic, or null.
 * live.on(fn): fn(state, info) after each change; info.type is 'load',
 *   'snapshot', 'patch' or 'apply', info.patch the patch of the last two.
 * live.write(method, path, body, toPatch): OS.api, resolving with the reply.
 *   toPatch(reply) makes a patch of an authoritative reply ({event: ev},
 *   {draft: plan}, {plan: plan}), applied at once unless a stream message
 *   came in meanwhile: the stream then has the change or brings it next, and
 *   the reply may be older than what it shows.
 * live.onConnect(fn): fn() each time the stream (re)connects: the network is
 *   back (the action queue sends what waits).
 * live.now(): the server's time in ms since the epoch: Date.now() corrected
 *   by the offset measured with clock messages (sent on every connect and
 *   every 30 s; the sample with the shortest round trip wins, as in NTP).
 *   Every countdown uses it, so that all screens agree within a second.
 * live.stop(): closes the stream for good (e.g. no such event).
 */
(function () {
  'use strict';
  var OS = window.OS = window.OS || {};
  var BASE = 1000, CAP = 30000, RESYNC_WAIT = 10000, CLOCK_EVERY = 30000;
  var PROBE_WAIT = 3000, CLOCK_MIN_GAP = 1100, WATCH_EVERY = 5000, SLEPT = 15000;
  var GONE = 4404; // close code of a deleted event (realtime.CloseGone): stop, do not reconnect

  // compareTopics mirrors openspace.CompareTopics (Go): most votes first,
  // then oldest first, then by ID. created_at carries nanoseconds, finer than
  // Date.parse: whole seconds compare as dates, then the fraction as digits.
  function compareTopics(a, b) {
    var va = a.votes || 0, vb = b.votes || 0;
    if (va !== vb) return vb - va;
    var ta = timeKey(a.created_at), tb = timeKey(b.created_at);
    if (ta[0] !== tb[0]) return ta[0] - tb[0];
    if (ta[1] !== tb[1]) return ta[1] < tb[1] ? -1 : 1;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  }

  function timeKey(s) {
    var m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(.*)$/.exec(s || '');
    if (!m) return [0, ''];
    return [Date.parse(m[1] + m[3]) || 0, ((m[2] || '') + '000000000').slice(0, 9)];
  }

  // OS.sessionsNow(event) says where the evening's sessions stand, for every
  // page: running is the session whose clock runs (started_at set, ended_at
  // not; the server lets one run at a time, the latest started wins if a
  // file says otherwise), next the first session after the last started one
  // that has not started, started the IDs of those that have (frozen in the
  // grid).
  OS.sessionsNow = function (ev) {
    var list = (ev && ev.sessions) || [], running = null, last = -1, started = {}, next = null;
    list.forEach(function (s, i) {
      if (s.started_at || s.started) { last = i; started[s.id] = true; }
      if (s.started_at && !s.ended_at && (!running || Date.parse(s.started_at) > Date.parse(running.started_at))) running = s;
    });
    for (var i = last + 1; i < list.length && !next; i++) if (!list[i].started_at && !list[i].started) next = list[i];
    return { running: running, next: next, started: started };
  };

  // OS.hostSessions(event, topic) lists the sessions the topic's host can
  // be in, in the event's order: [] when they said any session, or when
  // every session they named has since been deleted (the scheduler then
  // uses any). OS.onlyIn words it: "only in Session 1" ('' for any).
  OS.hostSessions = function (ev, tp) {
    var ids = (tp && tp.host_sessions) || [];
    return ((ev && ev.sessions) || []).filter(function (s) { return ids.indexOf(s.id) >= 0; });
  };
  OS.onlyIn = function (ev, tp) {
    var list = OS.hostSessions(ev, tp);
    return list.length ? OS.t('only_in', { list: OS.i18n.orList(list.map(function (s) { return s.title; })) }) : '';
  };

  // fromState is the one place a whole state is built: from a snapshot, from
  // the HTTP read, and empty at start.
  function fromState(s, version, epoch) {
    s = s || {};
    return freeze({
      event: s.event || null,
      attendance: s.attendance || { count: 0, profiles: {} },
      topics: (s.topics || []).slice(), // sorted by the server
      plan: s.plan || null,
      headcounts: s.headcounts || {},
      notes: s.notes || {}, // topic ID -> notes
      draft: s.draft || null,
      report: s.report || null,
      roti: s.roti || null, // the feedback's marks (counts only), once someone gave some
      version: version,
      epoch: epoch
    });
  }

  // patched returns a copy of st with the patch p applied, at version:
  // absent fields did not change, topics are upserted by ID, removed_topics
  // deleted.
  function patched(st, p, version) {
    var next = {};
    Object.keys(st).forEach(function (k) { next[k] = st[k]; });
    next.version = version;
    if (p.event) next.event = p.event;
    if (p.attendance) next.attendance = p.attendance;
    if (p.plan !== undefined) next.plan = p.plan;
    if (p.draft !== undefined) next.draft = p.draft;
    if (p.report !== undefined) next.report = p.report;
    if (p.headcounts) next.headcounts = p.headcounts;
    if (p.notes && p.notes.length) { next.notes = Object.assign({}, st.notes); p.notes.forEach(function (n) { next.notes[n.topic] = n; }); }
    if (p.roti) next.roti = p.roti;
    if ((p.topics && p.topics.length) || (p.removed_topics && p.removed_topics.length)) {
      var byId = {};
      st.topics.forEach(function (tp) { byId[tp.id] = tp; });
      (p.topics || []).forEach(function (tp) { byId[tp.id] = tp; });
      (p.removed_topics || []).forEach(function (id) { delete byId[id]; });
      next.topics = Object.keys(byId).map(function (id) { return byId[id]; }).sort(compareTopics);
    }
    return freeze(next);
  }

  // Frozen so that a page writing into the state fails loudly instead of
  // drifting from the server.
  function freeze(st) {
    Object.freeze(st.topics);
    return Object.freeze(st);
  }

  OS.live = function (opts) {
    var state = fromState(null, 0, '');
    var index = null; // topic ID -> topic, for state.topics; rebuilt on demand
    var listeners = [];
    var ws = null, timer = null, resyncTimer = null;
    var attempt = 0, have = false, awaiting = false, started = false, stopped = false, status = '';
    var seq = 0; // stream messages applied, so that write() knows whether the stream moved
    var statusEl = opts.statusEl || document.getElementById('conn-status');
    var offset = 0, bestRTT = Infinity, clockTimer = null; // offset: server time − Date.now(), in ms
    var sentAt = {}; // clock requests in flight: their t → performance.now() when sent
    var heard = 0, probeTimer = null, lastClock = -Infinity; // messages received; the probe of a socket that may be dead
    var connectListeners = [];

    // set hands the new state to the page; once the page has drawn it,
    // body[data-phase] says which phase the screen shows (for styles that
    // follow the phase, and for tests).
    function set(next, info) {
      if (next.topics !== state.topics) index = null;
      state = next;
      listeners.forEach(function (fn) { fn(state, info); });
      if (state.event && document.body) document.body.setAttribute('data-phase', state.event.phase || '');
    }

    function topic(id) {
      if (!index) {
        index = {};
        state.topics.forEach(function (tp) { index[tp.id] = tp; });
      }
      return Object.prototype.hasOwnProperty.call(index, id) ? index[id] : null;
    }

    function setStatus(s) {
      if (s === status) return;
      status = s;
      if (!statusEl) return;
      statusEl.setAttribute('data-status', s);
      statusEl.className = 'conn conn-' + s;
      statusEl.textContent = OS.i18n.t('conn_' + s);
    }
    OS.i18n.onChange(function () { var s = status; status = ''; setStatus(s); });

    function url() {
      var q = [];
      if (have) q.push('since=' + state.version, 'epoch=' + encodeURIComponent(state.epoch));
      if (opts.role) q.push('role=' + encodeURIComponent(opts.role));
      return (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host +
        '/api/events/' + encodeURIComponent(opts.eventId) + '/ws' + (q.length ? '?' + q.join('&') : '');
    }

    function connect() {
      clearTimeout(timer);
      timer = null;
      if (stopped) return;
      drop();
      setStatus(have ? 'reconnecting' : 'connecting');
      var sock;
      try { sock = new WebSocket(url()); } catch (e) { schedule(); return; }
      ws = sock;
      awaiting = false;
      sock.onmessage = function (ev) { if (sock === ws) { heard++; handle(ev.data); } };
      sock.onopen = function () {
        if (sock !== ws) return;
        askClock(true);
        connectListeners.forEach(function (fn) { fn(); });
      };
      sock.onclose = function (ev) {
        if (sock !== ws) return;
        ws = null;
        if (ev && ev.code === GONE) { stopped = true; setStatus('gone'); return; } // the event was deleted
        setStatus('reconnecting');
        schedule();
      };
    }

    // askClock asks the server's time now and every CLOCK_EVERY while the
    // connection lives. onClock keeps the sample with the shortest round
    // trip, whose error is at most half of it; the round trip is measured
    // with performance.now(), which a clock being set does not move. Each
    // new connection starts over (another network, another path), so a
    // slow sample from an earlier one never stands for good.
    function askClock(fresh) {
      clearTimeout(clockTimer);
      if (fresh) { bestRTT = Infinity; sentAt = {}; }
      var t = Date.now();
      sentAt[t] = performance.now();
      lastClock = performance.now();
      send({ type: 'clock', t: t });
      clockTimer = setTimeout(function () { askClock(false); }, CLOCK_EVERY);
    }

    function onClock(m) {
      if (typeof m.now !== 'number' || typeof m.t !== 'number' || !(m.t in sentAt)) return;
      var rtt = performance.now() - sentAt[m.t];
      delete sentAt[m.t];
      if (rtt < 0 || rtt > bestRTT) return;
      bestRTT = rtt;
      offset = m.now - (m.t + rtt / 2);
    }

    function drop() {
      clearTimeout(resyncTimer);
      clearTimeout(clockTimer);
      clearTimeout(probeTimer);
      probeTimer = null;
      if (!ws) return;
      var old = ws;
      ws = null;
      old.onmessage = old.onclose = null;
      try { old.close(); } catch (e) { /* already closed */ }
    }

    function schedule() {
      if (stopped || timer) return;
      var delay = Math.random() * Math.min(CAP, BASE * Math.pow(2, attempt));
      if (attempt < 16) attempt++;
      timer = setTimeout(connect, delay);
    }

    // wake is called when the phone may have slept or changed network: a
    // closed socket is reopened at once (not after the back-off's wait), an
    // open one is asked the time and replaced if it stays silent.
    function wake() {
      if (!started || stopped) return;
      if (!ws || ws.readyState > 1) { connect(); return; }
      if (ws.readyState === 1) probe();
    }

    // probe asks the clock and starts over if nothing at all comes back. The
    // server answers one clock request a second and ignores sooner ones, so
    // a probe right after one (a connect, then a focus) waits for that second.
    function probe() {
      if (probeTimer) return;
      var sock = ws, before = heard;
      var soon = Math.max(0, lastClock + CLOCK_MIN_GAP - performance.now());
      probeTimer = setTimeout(function () {
        if (sock !== ws) { probeTimer = null; return; }
        var t = Date.now();
        sentAt[t] = performance.now();
        lastClock = performance.now();
        send({ type: 'clock', t: t });
        probeTimer = setTimeout(function () {
          probeTimer = null;
          if (sock === ws && heard === before) connect(); // silent: dead, start over now
        }, PROBE_WAIT);
      }, soon);
    }

    function send(msg) {
      if (ws && ws.readyState === 1) ws.send(JSON.stringify(msg));
    }

    function resync() {
      if (awaiting) return;
      awaiting = true;
      send({ type: 'resync' });
      // No snapshot in time: start over on a fresh connection.
      clearTimeout(resyncTimer);
      resyncTimer = setTimeout(function () { if (awaiting && ws) { try { ws.close(); } catch (e) { /* */ } } }, RESYNC_WAIT);
    }

    function handle(data) {
      var m;
      try { m = JSON.parse(data); } catch (e) { return; }
      if (!m || typeof m !== 'object') return;
      var next, info = { type: m.type };
      if (m.type === 'clock') { onClock(m); return; }
      if (m.type === 'snapshot') {
        next = fromState(m.state, m.version, m.epoch);
        have = true;
        awaiting = false;
        clearTimeout(resyncTimer);
      } else if (m.type === 'patch') {
        if (awaiting) return;
        if (!have || m.epoch !== state.epoch) { resync(); return; }
        if (m.version <= state.version) return; // already applied
        if (m.version !== state.version + 1) { resync(); return; }
        info.patch = m.patch || {};
        next = patched(state, info.patch, m.version);
      } else {
        return;
      }
      seq++;
      attempt = 0;
      setStatus('live');
      if (statusEl) statusEl.setAttribute('data-version', String(next.version));
      set(next, info);
    }

    function load() {
      var path = '/api/events/' + encodeURIComponent(opts.eventId) + (opts.role === 'organizer' ? '/organizer' : '');
      return OS.api('GET', path).then(function (s) {
        if (!have) set(fromState(s, 0, ''), { type: 'load' });
        return state;
      });
    }

    function restore(saved) {
      if (!have && !state.event && saved && saved.event) set(fromState(saved, 0, ''), { type: 'saved' });
    }

    function write(method, path, body, toPatch) {
      var at = seq;
      return OS.api(method, path, body).then(function (reply) {
        var p = toPatch && seq === at ? toPatch(reply) : null;
        if (p) set(patched(state, p, state.version), { type: 'apply', patch: p });
        return reply;
      });
    }

    // A room's Wi-Fi comes back for everyone at once: spread the reconnects.
    window.addEventListener('online', function () { setTimeout(wake, Math.random() * 2000); });
    window.addEventListener('pageshow', wake);
    window.addEventListener('focus', wake);
    document.addEventListener('visibilitychange', function () {
      if (document.visibilityState === 'visible') wake();
    });
    // Timers stop while a phone sleeps: a tick that comes much later than
    // asked says the phone woke up.
    var lastTick = Date.now();
    setInterval(function () {
      var now = Date.now();
      if (now - lastTick > SLEPT) wake();
      lastTick = now;
    }, WATCH_EVERY);

    return {
      state: function () { return state; },
      topic: topic,
      now: function () { return Date.now() + offset; },
      on: function (fn) { listeners.push(fn); },
      onConnect: function (fn) { connectListeners.push(fn); },
      start: function () { if (started) return; started = true; connect(); },
      load: load,
      restore: restore,
      status: function () { return status; },
      write: write,
      stop: function () { stopped = true; clearTimeout(timer); drop(); }
    };
  };
})();
