/* openspace attendee page, calendar: "Add my sessions to my calendar", a
 * link to GET /me/calendar.ics (the device cookie goes with it) under my
 * schedule, shown once a plan is out and I have a room with a time in it. */
(function () {
  'use strict';
  var OS = window.OS, $ = OS.byId;
  OS.i18n.add({
    en: { a_add_calendar: 'Add my sessions to my calendar' },
    fr: { a_add_calendar: 'Ajouter mes sessions à mon agenda' }
  });
  var A = OS.attendee = OS.attendee || { parts: [] };
  A.parts.push({
    render: function (ctx) {
      var a = $('my-calendar'), st = ctx.st(), me = ctx.me(), ev = st && st.event;
      if (!a || !ev) return;
      a.href = ctx.base + '/me/calendar.ics';
      // Only sessions with a time, where I have a room, get an entry.
      var timed = {};
      (ev.sessions || []).forEach(function (s) { if (s.start) timed[s.id] = true; });
      var mine = me && ((me.schedule || []).some(function (e) { return e.assigned && timed[e.session]; }) ||
        Object.keys(me.checkins || {}).some(function (sid) { return timed[sid]; }));
      a.hidden = !(st.plan && ev.date && mine);
    }
  });
})();
