/* openspace projector clock: countdowns on the server's time (live.now()),
 * the 5-minute warning (a visible change, one screen-reader announcement,
 * an optional chime) and the screen's housekeeping: wake lock, full screen
 * on the first click, the chime unlocked by that click.
 *
 * var clock = OS.projClock(now): now() is live.now.
 * clock.bind(el, endsMs, warnMs): el counts down to endsMs (null stops it);
 *   its text is "12:34" (or "1:02:03"), "+2:10" past the end; data-state is
 *   "ok", "warn" (warnMs, by default 5 min, or less left) or "over".
 * clock.watch(fn): fn(now) on every tick (4 per second).
 * clock.chime(kind): "warn" or "over", only after a user gesture.
 */
(function () {
  'use strict';
  var OS = window.OS;
  var WARN_MS = 5 * 60 * 1000, TICK = 250;

  function pad(n) { return n < 10 ? '0' + n : String(n); }

  // fmtLeft writes ms left: whole seconds, rounded up while running (so
  // "0:00" is the end) and down past it.
  function fmtLeft(ms, warn) {
    if (warn === undefined) warn = WARN_MS;
    var over = ms <= 0, s = over ? Math.floor(-ms / 1000) : Math.ceil(ms / 1000);
    var hh = Math.floor(s / 3600), mm = Math.floor(s % 3600 / 60), ss = s % 60;
    var text = (hh ? hh + ':' + pad(mm) : String(mm)) + ':' + pad(ss);
    return { text: over ? '+' + text : text, state: over ? 'over' : ms <= warn ? 'warn' : 'ok' };
  }

  OS.projClock = function (now) {
    var bound = [], watchers = [], audio = null, gestured = false;

    function paint(el, t) {
      if (el.__ends === null || el.__ends === undefined) return;
      var f = fmtLeft(el.__ends - t, el.__warn);
      if (el.textContent !== f.text) el.textContent = f.text;
      if (el.getAttribute('data-state') !== f.state) el.setAttribute('data-state', f.state);
    }

    function bind(el, ends, warn) {
      el.__warn = warn;
      el.__ends = typeof ends === 'number' && !isNaN(ends) ? ends : null;
      if (bound.indexOf(el) < 0) bound.push(el);
      if (el.__ends === null) { el.textContent = ''; el.setAttribute('data-state', 'ok'); return; }
      paint(el, now());
    }

    function tick() {
      var t = now();
      bound.forEach(function (el) { paint(el, t); });
      watchers.forEach(function (fn) { fn(t); });
    }
    setInterval(tick, TICK);

    // A chime made here (no audio file): a short bell of two or three
    // notes. Browsers let a page play sound only after a gesture, so the
    // context is made on the first click or key press.
    function unlock() {
      gestured = true;
      var AC = window.AudioContext || window.webkitAudioContext;
      if (!AC) return;
      try {
        if (!audio) audio = new AC();
        if (audio.state === 'suspended') audio.resume();
      } catch (e) { audio = null; }
    }

    function chime(kind) {
      if (!audio || !gestured) return;
      var notes = kind === 'over' ? [880, 660, 440] : [660, 880];
      var t0 = audio.currentTime + 0.05;
      notes.forEach(function (f, i) {
        var osc = audio.createOscillator(), gain = audio.createGain(), at = t0 + i * 0.45;
        osc.type = 'sine';
        osc.frequency.value = f;
        gain.gain.setValueAtTime(0.0001, at);
        gain.gain.exponentialRampToValueAtTime(0.4, at + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, at + 1.2);
        osc.connect(gain);
        gain.connect(audio.destination);
        osc.start(at);
        osc.stop(at + 1.3);
      });
    }

    // The screen stays awake while the page is shown; the lock is lost
    // when the page is hidden, so it is asked again when it comes back.
    var lock = null;
    function keepAwake() {
      if (!navigator.wakeLock || document.visibilityState !== 'visible' || lock) return;
      navigator.wakeLock.request('screen').then(function (l) {
        lock = l;
        l.addEventListener('release', function () { lock = null; });
      }, function () { /* not allowed (no secure context, battery saver) */ });
    }
    keepAwake();
    document.addEventListener('visibilitychange', keepAwake);

    // Full screen on the first click or tap anywhere (and again after
    // Escape); a hint says so while the mouse moves, then fades.
    var hint = document.getElementById('fs-hint'), hintTimer = null;
    function fullscreen() {
      unlock();
      var de = document.documentElement;
      if (!document.fullscreenElement && de.requestFullscreen) de.requestFullscreen().then(null, function () { /* refused */ });
      if (hint) hint.hidden = true;
    }
    document.addEventListener('click', fullscreen);
    document.addEventListener('keydown', unlock);
    document.addEventListener('mousemove', function () {
      if (!hint || document.fullscreenElement || !document.documentElement.requestFullscreen) return;
      hint.hidden = false;
      clearTimeout(hintTimer);
      hintTimer = setTimeout(function () { hint.hidden = true; }, 2500);
    });

    return {
      bind: bind,
      watch: function (fn) { watchers.push(fn); },
      chime: chime,
      fmtLeft: fmtLeft,
      WARN_MS: WARN_MS
    };
  };
})();
