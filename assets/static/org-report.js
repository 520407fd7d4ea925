/* openspace console, report: how good the draft is. The score (wishes
 * honoured, and how far it is from what no plan can beat: "optimal" when
 * they meet), the host rules the grid breaks, the topics left out and what
 * each person loses. The organizer stream carries the report (state.report) and
 * sends it again whenever the votes, the topics, the set-up or the draft
 * change it, so it is never fetched. */
(function () {
  'use strict';
  var OS = window.OS, I = OS.i18n, t = OS.t, h = OS.h, $ = OS.byId;
  I.add({
    en: {
      o_score: I.plural({ one: '{n} wish honoured', other: '{n} wishes honoured' }),
      o_gap: I.plural({ one: 'at most 1 more wish could be honoured by any plan', other: 'at most {n} more wishes could be honoured by any plan' }),
      o_optimal: 'optimal: no plan can honour more',
      o_score_none: 'No wish can be honoured yet.',
      o_w_unavailable: function (v) {
        return I.quote(v.title) + ' runs in ' + v.session + ', but ' + (v.host ? v.host + ' can only host it in ' : 'it can only run in ') + v.list + '.';
      },
      o_w_twice: function (v) {
        return (v.host || 'The same person') + ' hosts ' + v.titles + ', all in ' + v.session + ': nobody can be in several rooms at once.';
      },
      o_w_twice2: function (v) {
        return (v.host || 'The same person') + ' hosts ' + v.titles + ', both in ' + v.session + ': nobody can be in two rooms at once.';
      },
      o_unscheduled: 'Not scheduled:', o_all_scheduled: 'Every topic is in the grid.',
      o_losses: 'What people lose', o_losses_n: I.plural({ one: '1 person', other: '{n} people' }), o_no_losses: 'Nobody loses a wish.',
      o_anon: 'Anonymous', o_lost: I.plural({ one: 'misses 1 wish', other: 'misses {n} wishes' }), o_more: '+ {n} more',
      o_r_clash: 'same session as another of their choices', o_r_full: 'room full', o_r_unscheduled: 'not scheduled',
      o_r_hosting: 'they host another topic then'
    },
    fr: {
      o_score: I.plural({ one: '{n} vœu honoré', other: '{n} vœux honorés' }),
      o_gap: I.plural({ one: 'au mieux, un autre programme en honorerait un de plus', other: 'au mieux, un autre programme en honorerait {n} de plus' }),
      o_optimal: 'optimal\u00a0: aucun programme ne peut faire mieux',
      o_score_none: 'Aucun vœu ne peut encore être honoré.',
      o_w_unavailable: function (v) {
        return I.quote(v.title) + ' a lieu en ' + v.session + ', mais ' + (v.host ? v.host + ' ne peut l’animer qu’en ' : 'ne peut avoir lieu qu’en ') + v.list + '.';
      },
      o_w_twice: function (v) {
        return (v.host || 'La même personne') + ' anime ' + v.titles + ', tous en ' + v.session + '\u00a0: impossible d’être dans plusieurs salles à la fois.';
      },
      o_w_twice2: function (v) {
        return (v.host || 'La même personne') + ' anime ' + v.titles + ', tous deux en ' + v.session + '\u00a0: impossible d’être dans deux salles à la fois.';
      },
      o_unscheduled: 'Non programmés :', o_all_scheduled: 'Tous les sujets sont dans la grille.',
      o_losses: 'Ce que chacun perd', o_losses_n: I.plural({ one: '{n} personne', other: '{n} personnes' }), o_no_losses: 'Personne ne perd de vœu.',
      o_anon: 'Anonyme', o_lost: I.plural({ one: 'perd {n} vœu', other: 'perd {n} vœux' }), o_more: '+ {n} autres',
      o_r_clash: 'même créneau qu’un autre de ses choix', o_r_full: 'salle pleine', o_r_unscheduled: 'non programmé',
      o_r_hosting: 'anime un autre sujet à ce moment-là'
    }
  });

  var MAX_LOSSES = 200; // people listed, as many as the stream sends (openspace.MaxStreamedLosses)

  OS.org = OS.org || {};
  // OS.org.report({live}) fills #plan-report; render(state) redraws it.
  OS.org.report = function (ctx) {
    var live = ctx.live, shown = null; // what the report was last drawn from

    function topicTitle(tid) {
      var tp = live.topic(tid);
      return tp ? tp.title : '?';
    }

    function reasonText(r) {
      var k = 'o_r_' + r, s = t(k);
      return s === k ? r : s;
    }

    function render(st) {
      var report = st.report;
      $('plan-report').hidden = !report;
      var key = JSON.stringify([report, report && st.topics.map(function (tp) { return [tp.title, tp.host, tp.host_sessions]; }),
        st.event && st.event.sessions.map(function (x) { return x.title; }), I.lang()]);
      if (!report || key === shown) return;
      shown = key;
      var sc = report.score || {}, un = sc.unscheduled || [], losses = report.losses || [];
      // The stream lists the first losses only (those who lose most);
      // loss_count counts everyone who loses something.
      var lossCount = Math.max(report.loss_count || 0, losses.length), listed = Math.min(losses.length, MAX_LOSSES);
      var score = $('plan-score'), gap = Math.max(0, (sc.upper_bound || 0) - (sc.attended || 0));
      // "412 wishes honoured · at most 12 more wishes could be honoured by
      // any plan", or "· optimal" once the plan meets the bound.
      OS.fill(score, !sc.upper_bound && !sc.attended ? t('o_score_none') : [t('o_score', { n: sc.attended }), ' · ',
        h('span', { className: 'bound' }, gap ? t('o_gap', { n: gap }) : t('o_optimal'))]);
      score.setAttribute('data-attended', sc.attended);
      score.setAttribute('data-upper-bound', sc.upper_bound);
      score.setAttribute('data-gap', gap);
      score.setAttribute('data-optimal', String(gap === 0));
      renderWarnings(st, report.warnings || []);
      var unEl = $('plan-unscheduled');
      unEl.setAttribute('data-count', un.length);
      OS.fill(unEl, un.length ? [h('span', { className: 'label' }, t('o_unscheduled')), ' ', un.map(function (tid, i) {
        return [i ? ', ' : '', h('span', { className: 'unscheduled-topic', 'data-topic-id': tid }, topicTitle(tid))];
      })] : t('o_all_scheduled'));
      OS.fill($('plan-losses-sum'), t('o_losses'), ' ', h('span', { className: 'losses-n' },
        lossCount ? '(' + t('o_losses_n', { n: lossCount }) + ')' : '— ' + t('o_no_losses')));
      OS.fill($('plan-losses'), losses.slice(0, MAX_LOSSES).map(function (l) {
        return h('li', { 'data-attendee-id': l.attendee },
          h('strong', { className: 'name' }, l.name || t('o_anon')), ' ', h('span', { className: 'lost' }, t('o_lost', { n: l.lost })),
          h('ul', { className: 'missed' }, (l.missed || []).map(function (m) {
            return h('li', { 'data-topic-id': m.topic, 'data-reason': m.reason },
              h('span', { className: 'title' }, topicTitle(m.topic)), ' — ', h('span', { className: 'reason' }, reasonText(m.reason)));
          })));
      }));
      var more = $('plan-losses-more');
      more.hidden = lossCount <= listed;
      more.textContent = t('o_more', { n: lossCount - listed });
    }

    // renderWarnings says which host rules the grid breaks: a topic where
    // its host cannot be, one host in two rooms at once.
    function renderWarnings(st, warnings) {
      var ev = st.event, list = $('plan-warnings');
      list.hidden = !warnings.length;
      if (!ev) return;
      var title = function (s) { return s ? s.title : '?'; };
      var session = function (sid) { return title(ev.sessions.filter(function (x) { return x.id === sid; })[0]); };
      OS.fill(list, warnings.map(function (w) {
        var topics = (w.topics || []).map(function (tid) { return live.topic(tid); }).filter(Boolean);
        var first = topics[0] || { title: '?' };
        // The name the host gave on the topic, else the one they joined with.
        var host = first.host || w.name || '';
        var text = w.kind === 'twice' ?
          t(topics.length === 2 ? 'o_w_twice2' : 'o_w_twice', { host: host, session: session(w.session),
            titles: I.andList(topics.map(function (tp) { return I.quote(tp.title); })) }) :
          t('o_w_unavailable', { title: first.title, session: session(w.session), host: host,
            list: I.orList(OS.hostSessions(ev, first).map(function (x) { return x.title; })) });
        return h('li', { 'data-kind': w.kind, 'data-session-id': w.session, 'data-topic-id': first.id || null }, '⚠ ', text);
      }));
    }

    return { render: render };
  };
})();
