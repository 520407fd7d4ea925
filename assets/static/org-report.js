/* openspace console, report: how good the draft is. The score (wishes
 * honoured out of what no plan can beat), the topics left out and what each
 * person loses. The organizer stream carries the report (state.report) and
 * sends it again whenever the votes, the topics, the set-up or the draft
 * change it, so it is never fetched. */
(function () {
  'use strict';
  var OS = window.OS, I = OS.i18n, t = OS.t, h = OS.h, $ = OS.byId;
  I.add({
    en: {
      o_score: '{n} of {max} wishes honoured',
      o_unscheduled: 'Not scheduled:', o_all_scheduled: 'Every topic is in the grid.',
      o_losses: 'What people lose', o_losses_n: I.plural({ one: '1 person', other: '{n} people' }), o_no_losses: 'Nobody loses a wish.',
      o_anon: 'Anonymous', o_lost: I.plural({ one: 'misses 1 wish', other: 'misses {n} wishes' }), o_more: '+ {n} more',
      o_r_clash: 'same session as another of their choices', o_r_full: 'room full', o_r_unscheduled: 'not scheduled'
    },
    fr: {
      o_score: function (v) { return v.n + (v.n > 1 ? ' vœux honorés sur ' : ' vœu honoré sur ') + v.max; },
      o_unscheduled: 'Non programmés :', o_all_scheduled: 'Tous les sujets sont dans la grille.',
      o_losses: 'Ce que chacun perd', o_losses_n: I.plural({ one: '{n} personne', other: '{n} personnes' }), o_no_losses: 'Personne ne perd de vœu.',
      o_anon: 'Anonyme', o_lost: I.plural({ one: 'perd {n} vœu', other: 'perd {n} vœux' }), o_more: '+ {n} autres',
      o_r_clash: 'même créneau qu’un autre de ses choix', o_r_full: 'salle pleine', o_r_unscheduled: 'non programmé'
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
      var key = JSON.stringify([report, report && st.topics.map(function (tp) { return tp.title; }), I.lang()]);
      if (!report || key === shown) return;
      shown = key;
      var sc = report.score || {}, un = sc.unscheduled || [], losses = report.losses || [];
      // The stream lists the first losses only (those who lose most);
      // loss_count counts everyone who loses something.
      var lossCount = Math.max(report.loss_count || 0, losses.length), listed = Math.min(losses.length, MAX_LOSSES);
      var score = $('plan-score');
      score.textContent = t('o_score', { n: sc.attended, max: sc.upper_bound });
      score.setAttribute('data-attended', sc.attended);
      score.setAttribute('data-upper-bound', sc.upper_bound);
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

    return { render: render };
  };
})();
