/* openspace console, pitches: during the marketplace each proposer pitches
 * their topic in turn. The current pitch with its countdown (ends_at −
 * live.now()), the queue with a "take out" button on each, "next pitch",
 * and the organizer adding a topic to the queue. Also OS.org.left, the
 * countdown text every timer of the console uses. */
(function () {
  'use strict';
  var OS = window.OS, I = OS.i18n, t = OS.t, h = OS.h, $ = OS.byId;
  I.add({
    en: {
      o_pitches: 'Pitches', o_pitch_queue: 'Waiting to pitch', o_pitch_empty: 'Nobody is waiting.',
      o_pitch_now: function (v) { return 'Pitching now: ' + I.quote(v.title) + (v.host ? ' (' + v.host + ')' : ''); },
      o_pitch_none: 'No pitch under way.',
      o_pitch_next: function (v) { return 'Next pitch: ' + I.quote(v.title); },
      o_pitch_end: 'End this pitch', o_pitch_idle: 'Next pitch',
      o_pitch_stop: 'Stop', o_pitch_skip: 'Take out', o_pitch_skip_label: function (v) { return 'Take ' + I.quote(v.title) + ' out of the queue'; },
      o_pitch_add_l: 'Add a topic to the queue', o_pitch_add: 'Add to the queue', o_pitch_choose: 'Choose a topic…',
      o_left: '{time} left', o_over: 'Time is up: +{time}',
      o_pitch_len: I.plural({ one: 'Each pitch lasts {n} second.', other: 'Each pitch lasts {n} seconds.' })
    },
    fr: {
      o_pitches: 'Pitchs', o_pitch_queue: 'En attente de pitch', o_pitch_empty: 'Personne n’attend.',
      o_pitch_now: function (v) { return 'Pitch en cours : ' + I.quote(v.title) + (v.host ? ' (' + v.host + ')' : ''); },
      o_pitch_none: 'Aucun pitch en cours.',
      o_pitch_next: function (v) { return 'Pitch suivant : ' + I.quote(v.title); },
      o_pitch_end: 'Terminer ce pitch', o_pitch_idle: 'Pitch suivant',
      o_pitch_stop: 'Arrêter', o_pitch_skip: 'Retirer', o_pitch_skip_label: function (v) { return 'Retirer ' + I.quote(v.title) + ' de la file'; },
      o_pitch_add_l: 'Ajouter un sujet à la file', o_pitch_add: 'Ajouter à la file', o_pitch_choose: 'Choisissez un sujet…',
      o_left: 'Il reste {time}', o_over: 'Temps écoulé : +{time}',
      o_pitch_len: I.plural({ one: 'Chaque pitch dure {n} seconde.', other: 'Chaque pitch dure {n} secondes.' })
    }
  });

  OS.org = OS.org || {};

  // OS.org.clock(ms) writes a duration as a clock: 4:05, 1:02:03.
  OS.org.clock = function (ms) {
    var s = Math.max(0, Math.ceil(ms / 1000)), hh = Math.floor(s / 3600), mm = Math.floor(s / 60) % 60, ss = s % 60;
    var pad = function (n) { return (n < 10 ? '0' : '') + n; };
    return hh ? hh + ':' + pad(mm) + ':' + pad(ss) : mm + ':' + pad(ss);
  };

  // OS.org.countdown(el, endsAt, now) shows the time left until endsAt
  // (RFC 3339) on el: "4:05 left", or past it "Time is up: +0:12" with the
  // class "over"; data-left holds the seconds left (negative when over).
  OS.org.countdown = function (el, endsAt, now) {
    var left = Date.parse(endsAt) - now;
    var secs = left >= 0 ? Math.ceil(left / 1000) : -Math.floor(-left / 1000);
    el.setAttribute('data-left', String(secs));
    el.classList.toggle('over', left < 0);
    el.textContent = left >= 0 ? t('o_left', { time: OS.org.clock(left) }) : t('o_over', { time: OS.org.clock(-left) });
  };

  // OS.org.ticker(fn) calls fn four times a second while it is on.
  OS.org.ticker = function (fn) {
    var timer = null;
    return function (on) {
      if (on && !timer) timer = setInterval(fn, 250);
      if (!on && timer) { clearInterval(timer); timer = null; }
    };
  };

  // OS.org.pitch({live, base}) binds #pitch-section; render(state) redraws it.
  OS.org.pitch = function (ctx) {
    var live = ctx.live, base = ctx.base, inFlight = false;
    var tick = OS.org.ticker(function () { renderClock(live.state().event); });

    function pitchOf(ev) {
      var p = ev.pitch || {};
      return { queue: (p.queue || []).filter(function (tid) { return !!live.topic(tid); }), current: p.current || '', ends_at: p.ends_at || '' };
    }

    function send(method, path, body) {
      if (inFlight) return Promise.resolve();
      inFlight = true;
      OS.showError($('pitch-error'), null);
      render(live.state());
      return live.write(method, base + path, body, function (ev) { return { event: ev }; }).then(null, function (err) {
        OS.showError($('pitch-error'), err);
      }).then(function () {
        inFlight = false;
        render(live.state());
      });
    }

    function renderClock(ev) {
      var p = ev ? pitchOf(ev) : null, el = $('pitch-countdown');
      var on = !!(p && p.current && p.ends_at);
      el.hidden = !on;
      tick(on);
      if (on) OS.org.countdown(el, p.ends_at, live.now());
    }

    function render(st) {
      var ev = st.event;
      if (!ev) return;
      var p = pitchOf(ev), cur = p.current ? live.topic(p.current) : null;
      $('pitch-status').textContent = cur ? t('o_pitch_now', { title: cur.title, host: cur.host }) : p.current ? '' : t('o_pitch_none');
      $('pitch-status').setAttribute('data-topic-id', p.current);
      $('pitch-len').textContent = t('o_pitch_len', { n: ev.pitch_seconds || 30 });
      renderClock(ev);

      var next = $('pitch-next'), head = p.queue.length ? live.topic(p.queue[0]) : null;
      next.textContent = head ? t('o_pitch_next', { title: head.title }) : p.current ? t('o_pitch_end') : t('o_pitch_idle');
      next.disabled = inFlight || (!p.current && !p.queue.length);
      $('pitch-stop').hidden = !p.current;
      $('pitch-stop').disabled = inFlight;

      var key = JSON.stringify([p, inFlight, I.lang(), st.topics.map(function (tp) { return [tp.id, tp.title, tp.host]; })]);
      var list = $('pitch-queue');
      if (list.__key === key) return;
      list.__key = key;
      var rows = [];
      p.queue.forEach(function (tid) {
        var tp = live.topic(tid);
        rows.push(h('li', { 'data-topic-id': tid },
          h('span', { className: 'title' }, tp.title), tp.host ? h('span', { className: 'sub' }, t('by_host', { host: tp.host })) : null,
          h('button', { type: 'button', className: 'secondary small skip-btn', disabled: inFlight,
            'aria-label': t('o_pitch_skip_label', { title: tp.title }),
            onclick: function () { send('DELETE', '/pitches/' + OS.enc(tid)); } }, t('o_pitch_skip'))));
      });
      OS.fill(list, rows);
      list.hidden = !rows.length;
      $('pitch-empty').hidden = p.queue.length > 0;

      var sel = $('pitch-add-select'), keep = sel.value;
      var free = st.topics.filter(function (tp) { return tp.id !== p.current && p.queue.indexOf(tp.id) < 0; });
      OS.fill(sel, h('option', { value: '' }, t('o_pitch_choose')), free.map(function (tp) {
        return h('option', { value: tp.id, selected: tp.id === keep }, tp.title);
      }));
      sel.disabled = $('pitch-add').disabled = inFlight || !free.length;
    }

    $('pitch-next').addEventListener('click', function () { send('POST', '/pitches/next'); });
    $('pitch-stop').addEventListener('click', function () {
      var cur = pitchOf(live.state().event).current;
      if (cur) send('DELETE', '/pitches/' + OS.enc(cur));
    });
    $('pitch-add-form').addEventListener('submit', function (e) {
      e.preventDefault();
      var tid = $('pitch-add-select').value;
      if (!tid) { $('pitch-add-select').focus(); return; }
      send('POST', '/pitches', { topic: tid });
    });

    return { render: render };
  };
})();
