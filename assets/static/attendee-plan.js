/* openspace attendee page, once a plan is published: my schedule (where I am
 * expected in each session, or why not and where there is room) and, in the
 * wrapup and closed phases, thanks and what I attended. why() words a missing
 * seat for what happened; the now screen (attendee-now.js) uses it too. */
(function () {
  'use strict';
  var OS = window.OS, I = OS.i18n, t = OS.t, h = OS.h, $ = OS.byId;
  I.add({
    en: {
      a_schedule: 'My schedule', a_nothing: 'Nothing you voted for runs in this session.',
      a_no_seat: 'No seat left in what you voted for.', a_full: 'Full:', a_also: 'You also voted for:',
      a_late: 'The plan was made before you arrived, so no seat was kept for you.',
      a_no_ballot: 'You did not vote, so no seat was kept for you.',
      a_open: 'Where there is room:', a_all_full: 'Every room is full.',
      a_free: I.plural({ one: '1 seat left', other: '{n} seats left' }),
      a_empty: 'Nothing scheduled.',
      a_thanks: 'Thank you!', a_thanks_text: 'Thanks for taking part in {title}.',
      a_attended_h: 'What you attended', a_attended_none: 'No session on record for you.',
      a_planned: '(planned for you)',
      a_you_host: 'You host'
    },
    fr: {
      a_schedule: 'Mon programme', a_nothing: 'Aucun de vos choix dans ce créneau.',
      a_no_seat: 'Plus de place dans vos choix.', a_full: 'Complet :', a_also: 'Vous aviez aussi choisi :',
      a_late: 'Le programme a été fait avant votre arrivée : aucune place ne vous était réservée.',
      a_no_ballot: 'Vous n’avez pas voté : aucune place ne vous était réservée.',
      a_open: 'Où il reste de la place :', a_all_full: 'Toutes les salles sont pleines.',
      a_free: I.plural({ one: '{n} place libre', other: '{n} places libres' }),
      a_empty: 'Rien de prévu.',
      a_thanks: 'Merci !', a_thanks_text: 'Merci d’avoir participé à {title}.',
      a_attended_h: 'Ce que vous avez suivi', a_attended_none: 'Aucune session enregistrée pour vous.',
      a_planned: '(prévu pour vous)',
      a_you_host: 'Vous animez'
    }
  });

  var A = OS.attendee = OS.attendee || { parts: [] };
  var schedKey = null;

  // why is the i18n key saying why this attendee has no seat in a session
  // (entry: their /me schedule entry): what they voted for is full; they
  // cast no vote, because the plan was made before they joined or not;
  // or none of what they voted for runs then.
  A.why = function (ctx, entry) {
    var me = ctx.me(), plan = ctx.st().plan;
    var runs = plan && (plan.cells || []).some(function (c) { return c.session === entry.session; });
    if (!runs) return 'a_empty';
    var joined = me.attendee && Date.parse(me.attendee.joined_at), published = plan.published_at && Date.parse(plan.published_at);
    if (entry.status === 'no_seat') return 'a_no_seat';
    // Someone who chose nothing is never told that none of their choices runs.
    if (!me.ballot.topics.length) return joined && published && joined > published ? 'a_late' : 'a_no_ballot';
    return 'a_nothing';
  };

  // A.entry is this attendee's schedule entry for a session, or null.
  A.entry = function (ctx, sid) {
    return (ctx.me().schedule || []).filter(function (e) { return e.session === sid; })[0] || null;
  };

  function render(ctx) {
    var ph = ctx.phase(), over = ph === 'wrapup' || ph === 'closed';
    renderSchedule(ctx, over);
    renderWrapup(ctx, over);
  }

  // renderSchedule shows, per session, the topic and room where this
  // attendee is expected (status assigned), or why not and where seats are
  // left.
  function renderSchedule(ctx, over) {
    var box = $('my-schedule'), st = ctx.st(), me = ctx.me(), ev = st.event, plan = st.plan;
    // An empty schedule means /me has not caught up with the plan yet.
    if (over || !plan || !me.schedule || !me.schedule.length) { box.hidden = true; schedKey = null; return; }
    var titles = {};
    st.topics.forEach(function (tp) { titles[tp.id] = tp.title; });
    var key = JSON.stringify([me.schedule, me.ballot.topics.length, plan.cells, titles, ev.sessions, ev.rooms, I.lang()]);
    box.hidden = false;
    if (key === schedKey) return;
    schedKey = key;
    var room = function (rid) { var r = ctx.room(rid); return r ? r.name : ''; };
    var text = function (c) { return [titles[c.topic] || '', ' — ', h('span', { className: 'room' }, room(c.room))]; };
    OS.fill($('schedule-list'), ev.sessions.map(function (s) {
      var e = A.entry(ctx, s.id) || { session: s.id }, a = e.assigned, open = e.open || [];
      var others = (e.choices || []).filter(function (c) { return !a || c.topic !== a.topic; });
      var why = a ? '' : A.why(ctx, e);
      return h('div', { className: 'sched-entry', 'data-session-id': s.id, 'data-status': e.status || '' },
        h('h3', null, s.title, s.start ? ' · ' + A.startTime(s.start) : ''),
        a ? h('ul', { className: 'plain mine' }, h('li', { className: 'choice assigned', 'data-topic-id': a.topic, 'data-hosting': e.hosting ? 'true' : null },
          e.hosting ? [h('span', { className: 'you-host' }, t('a_you_host')), ' '] : null, text(a))) :
          why === 'a_no_seat' ? h('p', { className: 'no-seat note' }, t(why)) :
            h('p', { className: 'nothing muted' }, t(why)),
        others.length ? h('p', { className: 'also muted' }, t(a ? 'a_also' : 'a_full'), ' ', others.map(function (c, i) {
          return h('span', { 'data-topic-id': c.topic }, i ? ', ' : '', text(c));
        })) : null,
        a || why === 'a_empty' ? null : open.length ? [h('p', null, t('a_open')), h('ul', { className: 'plain open' }, open.map(function (c) {
          return h('li', { className: 'choice', 'data-topic-id': c.topic }, text(c), ' · ', h('span', { className: 'free' }, t('a_free', { n: c.free })));
        }))] : h('p', { className: 'muted' }, t('a_all_full')));
    }));
  }


  // renderWrapup thanks the attendee and lists what they attended: where
  // they checked in, else where they were expected (marked as planned).
  function renderWrapup(ctx, over) {
    $('wrapup').hidden = !over;
    if (!over) return;
    var st = ctx.st(), me = ctx.me(), checkins = me.checkins || {};
    $('wrapup-text').textContent = t('a_thanks_text', { title: I.quote(st.event.title) });
    var items = [];
    st.event.sessions.forEach(function (s) {
      var e = A.entry(ctx, s.id), rid = checkins[s.id] || (e && e.assigned && e.assigned.room);
      // A session that never ran was attended by nobody.
      var cell = rid && (checkins[s.id] || s.started_at || s.started) && ctx.cell(s.id, rid);
      if (!cell) return;
      var r = ctx.room(rid);
      items.push(h('li', { 'data-session-id': s.id, 'data-topic-id': cell.topic, 'data-checked-in': String(!!checkins[s.id]) },
        h('span', { className: 'sess' }, s.title), ' ',
        h('strong', { className: 'title' }, ctx.title(cell.topic)), ' — ', h('span', { className: 'room' }, r ? r.name : ''),
        checkins[s.id] ? null : [' ', h('span', { className: 'muted' }, t('a_planned'))]));
    });
    OS.fill($('attended'), items.length ? items : h('li', { className: 'muted' }, t('a_attended_none')));
  }

  A.parts.push({ render: render });
})();
