/* openspace live: the WebSocket client of docs/API.md.
 * Applies snapshot/patch messages to a state object, asks for a resync on a
 * version gap or an epoch change, reconnects with exponential back-off and full
 * jitter (random(0, min(30 s, 1 s * 2^attempt))), resumes with since/epoch,
 * reconnects at once when the device comes online or the page becomes visible. */
(function () {
  'use strict';
  var OS = window.OS = window.OS || {};
  var BASE = 1000, CAP = 30000, RESYNC_WAIT = 10000;

  function sortTopics(state) { state.topics.sort(OS.topicSort); }

  // OS.live({eventId, role, onRender(state, info), statusEl}) starts the stream.
  OS.live = function (opts) {
    var state = {
      event: null, attendance: { count: 0, profiles: {} }, topics: [], plan: null, draft: null,
      version: 0, epoch: ''
    };
    var ws = null, timer = null, resyncTimer = null;
    var attempt = 0, have = false, awaiting = false, stopped = false, status = '';
    var statusEl = opts.statusEl || document.getElementById('conn-status');

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
      sock.onmessage = function (ev) { if (sock === ws) handle(ev.data); };
      sock.onclose = function () {
        if (sock !== ws) return;
        ws = null;
        setStatus('reconnecting');
        schedule();
      };
    }

    function drop() {
      clearTimeout(resyncTimer);
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

    function kick() {
      if (stopped) return;
      if (!ws || ws.readyState > 1) connect();
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
      var info = { type: m.type };
      if (m.type === 'snapshot') {
        var s = m.state || {};
        state.event = s.event || null;
        state.attendance = s.attendance || { count: 0, profiles: {} };
        state.topics = (s.topics || []).slice();
        state.plan = s.plan || null;
        state.draft = s.draft || null;
        state.version = m.version;
        state.epoch = m.epoch;
        sortTopics(state);
        have = true;
        awaiting = false;
        clearTimeout(resyncTimer);
      } else if (m.type === 'patch') {
        if (awaiting) return;
        if (!have || m.epoch !== state.epoch) { resync(); return; }
        if (m.version <= state.version) return; // already applied
        if (m.version !== state.version + 1) { resync(); return; }
        applyPatch(m.patch || {});
        state.version = m.version;
        info.patch = m.patch || {};
      } else {
        return;
      }
      attempt = 0;
      setStatus('live');
      if (statusEl) statusEl.setAttribute('data-version', String(state.version));
      if (opts.onRender) opts.onRender(state, info);
    }

    function applyPatch(p) {
      if (p.event) state.event = p.event;
      if (p.attendance) state.attendance = p.attendance;
      if (p.plan !== undefined) state.plan = p.plan;
      if (p.draft !== undefined) state.draft = p.draft;
      if ((p.topics && p.topics.length) || (p.removed_topics && p.removed_topics.length)) {
        var byId = {};
        state.topics.forEach(function (tp) { byId[tp.id] = tp; });
        (p.topics || []).forEach(function (tp) { byId[tp.id] = tp; });
        (p.removed_topics || []).forEach(function (id) { delete byId[id]; });
        state.topics = Object.keys(byId).map(function (id) { return byId[id]; });
        sortTopics(state);
      }
    }

    window.addEventListener('online', kick);
    document.addEventListener('visibilitychange', function () {
      if (document.visibilityState === 'visible') kick();
    });

    connect();

    return {
      state: state,
      send: send,
      reconnect: connect,
      stop: function () { stopped = true; clearTimeout(timer); drop(); }
    };
  };
})();
