/* openspace console, notes: the organizer picks a topic and edits its notes
 * and takeaways with the phones' editor (OS.notesEditor, attendee-notes.js,
 * loaded by this section of the page after the console's scripts, so it is
 * looked up at render time). Others' saves show live; a save merges. */
(function () {
  'use strict';
  var OS = window.OS, I = OS.i18n, t = OS.t, h = OS.h, $ = OS.byId;
  I.add({
    en: {
      on_h: 'Notes and takeaways', on_pick: 'Topic',
      on_help: 'The people in a topic write its notes from their phones; you can edit any topic’s. They go into the recap.',
      on_opt: '{session} · {room}: {title}', on_unplaced: 'Not in the grid: {title}',
      on_none: 'No topic yet.'
    },
    fr: {
      on_h: 'Notes et points à retenir', on_pick: 'Sujet',
      on_help: 'Les personnes d’un sujet en écrivent les notes depuis leur téléphone ; vous pouvez modifier celles de tous les sujets. Elles vont dans le compte-rendu.',
      on_opt: '{session} · {room} : {title}', on_unplaced: 'Hors grille : {title}',
      on_none: 'Aucun sujet pour l’instant.'
    }
  });

  OS.org = OS.org || {};
  OS.org.more = OS.org.more || [];
  OS.org.more.push(function (ctx) {
    var ed = null, picked = null;
    var sel = $('org-notes-topic');
    sel.addEventListener('change', function () { picked = sel.value; render(ctx.live.state()); });

    // choices: the grid's topics in session and room order, then the others.
    function choices(st) {
      var ev = st.event, out = [], seen = {};
      var byId = {};
      st.topics.forEach(function (tp) { byId[tp.id] = tp; });
      var cells = (st.plan && st.plan.cells) || [];
      ev.sessions.forEach(function (s) {
        ev.rooms.forEach(function (r) {
          var c = cells.filter(function (x) { return x.session === s.id && x.room === r.id; })[0];
          if (c && byId[c.topic] && !seen[c.topic]) {
            seen[c.topic] = true;
            out.push({ id: c.topic, session: s.id, label: t('on_opt', { session: s.title, room: r.name, title: byId[c.topic].title }) });
          }
        });
      });
      st.topics.forEach(function (tp) {
        if (!seen[tp.id]) out.push({ id: tp.id, session: '', label: t('on_unplaced', { title: tp.title }) });
      });
      return out;
    }

    function render(st) {
      if (!st.event) return;
      var list = choices(st);
      $('org-notes-none').hidden = list.length > 0;
      $('org-notes-pick').hidden = !list.length;
      $('notes-editor').hidden = !list.length;
      if (!list.length || !OS.notesEditor) return;
      if (!ed) ed = OS.notesEditor({ box: $('notes-editor'), base: ctx.base, live: ctx.live });
      var running = OS.sessionsNow(st.event).running;
      var def = (running && list.filter(function (c) { return c.session === running.id; })[0]) || list[0];
      var has = function (id) { return list.some(function (c) { return c.id === id; }); };
      var tid = picked && has(picked) ? picked : ed.topic() && has(ed.topic()) ? ed.topic() : def.id;
      OS.keyed(sel, list, function (c) { return c.id; }, function (c) { return h('option', { value: c.id }); },
        function (o, c) { o.textContent = c.label; });
      if (sel.value !== tid) sel.value = tid;
      ed.show(tid);
    }

    return { render: render };
  });
})();
