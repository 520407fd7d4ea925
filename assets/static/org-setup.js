/* openspace console, set-up: the sessions/rooms form (setupform.js) filled
 * from the event, saved with PUT /setup. The organizer's unsaved edits win
 * over live updates until they save or undo them. */
(function () {
  'use strict';
  var OS = window.OS, $ = OS.byId;
  OS.i18n.add({
    en: { o_setup: 'Set-up', o_saved: 'Saved.', o_reset: 'Undo my changes' },
    fr: { o_setup: 'Configuration', o_saved: 'Enregistré.', o_reset: 'Annuler mes modifications' }
  });

  OS.org = OS.org || {};
  // OS.org.setup({live, base}) binds #setup-form; render(state) refills it.
  OS.org.setup = function (ctx) {
    var live = ctx.live, form = OS.setupForm('setup');
    var dirty = false, shown = null; // shown: the signature of the event the form was filled from

    function sig(ev) {
      // The sessions' timers change while they run: they are not the set-up.
      var sessions = (ev.sessions || []).map(function (x) { return [x.id, x.title, x.start, x.duration]; });
      return JSON.stringify([ev.title, ev.date, ev.venue, ev.language, ev.dot_budget, ev.pitch_seconds, ev.time_zone || '', sessions, ev.rooms, ev.question || null]);
    }

    function render(st) {
      var ev = st.event;
      if (!ev) return;
      var s = sig(ev);
      if (dirty || s === shown) return;
      shown = s;
      form.fill(ev);
    }

    function refill() {
      dirty = false;
      shown = null;
      render(live.state());
    }

    ['input', 'change'].forEach(function (type) {
      $('setup-form').addEventListener(type, function () { dirty = true; $('setup-saved').hidden = true; });
    });
    $('setup-form').addEventListener('click', function (e) {
      if (e.target.closest && e.target.closest('.remove-row, #setup-add-session, #setup-add-room')) dirty = true;
    });
    $('setup-reset').addEventListener('click', function () {
      OS.showError($('setup-error'), null);
      refill();
    });
    $('setup-form').addEventListener('submit', function (e) {
      e.preventDefault();
      var btn = $('setup-submit');
      btn.disabled = true;
      OS.showError($('setup-error'), null);
      live.write('PUT', ctx.base + '/setup', form.read(), function (ev) { return { event: ev }; }).then(function () {
        $('setup-saved').hidden = false;
        refill();
      }, function (err) { OS.showError($('setup-error'), err); }).then(function () { btn.disabled = false; });
    });

    return { render: render };
  };
})();
