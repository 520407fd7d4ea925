/* openspace console, feedback (#feedback-section): the ROTI histograms of
 * the evening and of each topic with their averages, live from the stream's
 * counts (state.roti), and every attendee's feedback with who wrote it, read
 * with GET /feedback (organizer) again each time the stream says feedback
 * changed. */
(function () {
  'use strict';
  var OS = window.OS, I = OS.i18n, t = OS.t, h = OS.h, $ = OS.byId, P = I.plural;
  I.add({
    en: {
      of_h: 'Feedback', of_evening_h: 'The evening', of_topics_h: 'Topics',
      of_comments_h: 'What people wrote', of_no_comments: 'No feedback yet.',
      of_none: 'No feedback yet: attendees give it from their phones during the wrap-up.',
      of_summary: P({ one: '1 person gave feedback · the evening: {avg} / 5', other: '{n} people gave feedback · the evening: {avg} / 5' }),
      of_summary_noavg: P({ one: '1 person gave feedback', other: '{n} people gave feedback' }),
      of_avg_line: P({ one: 'Average: {avg} / 5 · 1 rating', other: 'Average: {avg} / 5 · {n} ratings' }),
      of_mark: 'ROTI {m}', of_avg: 'Average', of_count: 'Ratings', of_topic: 'Topic',
      of_anon: 'Anonymous', of_worked: 'What worked:', of_blocked: 'What blocked:',
      of_evening_mark: 'Evening: {m} / 5', of_no_mark: 'Evening: no mark',
      of_topic_mark: '{title}: {m} / 5', of_at: 'at {time}', of_deleted: '(deleted topic)'
    },
    fr: {
      of_h: 'Avis', of_evening_h: 'La soirée', of_topics_h: 'Sujets',
      of_comments_h: 'Ce que les participants ont écrit', of_no_comments: 'Aucun avis pour l’instant.',
      of_none: 'Aucun avis pour l’instant : les participants le donnent depuis leur téléphone pendant la clôture.',
      of_summary: P({ one: '{n} personne a donné son avis · la soirée : {avg} / 5', other: '{n} personnes ont donné leur avis · la soirée : {avg} / 5' }),
      of_summary_noavg: P({ one: '{n} personne a donné son avis', other: '{n} personnes ont donné leur avis' }),
      of_avg_line: P({ one: 'Moyenne : {avg} / 5 · {n} note', other: 'Moyenne : {avg} / 5 · {n} notes' }),
      of_mark: 'ROTI {m}', of_avg: 'Moyenne', of_count: 'Notes', of_topic: 'Sujet',
      of_anon: 'Anonyme', of_worked: 'Ce qui a marché :', of_blocked: 'Ce qui a bloqué :',
      of_evening_mark: 'Soirée : {m} / 5', of_no_mark: 'Soirée : pas de note',
      of_topic_mark: '{title} : {m} / 5', of_at: 'à {time}', of_deleted: '(sujet supprimé)'
    }
  });

  var MARKS = [1, 2, 3, 4, 5];

  function stats(counts) {
    var n = 0, sum = 0;
    (counts || []).forEach(function (c, i) { n += c; sum += c * (i + 1); });
    return { n: n, avg: n ? Math.round(10 * sum / n) / 10 : 0 };
  }

  OS.org = OS.org || {};
  OS.org.more = OS.org.more || [];
  OS.org.more.push(function (ctx) {
    var live = ctx.live, base = ctx.base;
    var seenRoti, loading = false, again = false, entries = null, drawnKey = null;

    // fetchAll reads every feedback; a change that comes in meanwhile asks
    // once more when the read returns.
    function fetchAll() {
      if (loading) { again = true; return; }
      loading = true;
      OS.api('GET', base + '/feedback').then(function (r) {
        entries = r.feedback || [];
        OS.showError($('of-error'), null);
      }, function (err) { OS.showError($('of-error'), err); }).then(function () {
        loading = false;
        if (again) { again = false; fetchAll(); return; }
        draw(live.state());
      });
    }

    function render(st) {
      if (!st.event) return;
      if (st.roti !== seenRoti || entries === null) {
        var first = seenRoti === undefined;
        seenRoti = st.roti;
        if (first || st.roti) fetchAll();
      }
      draw(st);
    }

    function draw(st) {
      var r = st.roti || { evening: [0, 0, 0, 0, 0], topics: {}, count: 0 };
      var key = JSON.stringify([r, entries, I.lang(), st.topics.map(function (tp) { return [tp.id, tp.title]; })]);
      if (key === drawnKey) return;
      drawnKey = key;
      var ev = stats(r.evening);
      $('of-summary').textContent = !r.count ? t('of_none') :
        ev.n ? t('of_summary', { n: r.count, avg: I.num(ev.avg) }) : t('of_summary_noavg', { n: r.count });
      $('of-summary').setAttribute('data-count', r.count);
      $('of-evening-box').hidden = !r.count;
      drawEvening(r.evening || [0, 0, 0, 0, 0], ev);
      drawTopics(st, r.topics || {});
      drawComments(st);
    }

    function drawEvening(counts, ev) {
      var max = Math.max.apply(null, counts.concat([1]));
      OS.fill($('of-evening'), MARKS.map(function (m) {
        var c = counts[m - 1] || 0;
        var bar = h('meter', { min: '0', max: String(max), value: String(c), 'aria-hidden': 'true' });
        bar.style.width = '12rem';
        bar.style.maxWidth = '50%';
        bar.style.height = '1.2rem';
        return h('li', { 'data-roti': m, 'data-count': c },
          h('span', { className: 'mark' }, t('of_mark', { m: m })), ' ', bar, ' ',
          h('strong', { className: 'count-n' }, I.num(c)));
      }), ev.n ? h('li', { className: 'avg', 'data-avg': ev.avg }, h('strong', null, t('of_avg_line', { avg: I.num(ev.avg), n: ev.n }))) : null);
      Array.prototype.forEach.call($('of-evening').children, function (li) { li.style.padding = '.15rem 0'; });
    }

    // drawTopics is one row per topic that got a mark: the count of each
    // mark, the average, how many marked it. Most marked first.
    function drawTopics(st, topics) {
      var ids = Object.keys(topics).sort(function (a, b) { return stats(topics[b]).n - stats(topics[a]).n || (a < b ? -1 : 1); });
      $('of-topics-box').hidden = !ids.length;
      if (!ids.length) { OS.clear($('of-topics')); return; }
      OS.fill($('of-topics'),
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('of_topic')),
          MARKS.map(function (m) { return h('th', { scope: 'col' }, t('of_mark', { m: m })); }),
          h('th', { scope: 'col' }, t('of_avg')), h('th', { scope: 'col' }, t('of_count')))),
        h('tbody', null, ids.map(function (tid) {
          var c = topics[tid], s = stats(c), tp = live.topic(tid);
          return h('tr', { 'data-topic-id': tid },
            h('th', { scope: 'row', className: 'title' }, tp ? tp.title : t('of_deleted')),
            MARKS.map(function (m) { return h('td', { 'data-roti': m }, I.num(c[m - 1] || 0)); }),
            h('td', { className: 'avg', 'data-avg': s.avg }, I.num(s.avg)),
            h('td', { className: 'n' }, I.num(s.n)));
        })));
      var table = $('of-topics');
      table.style.minWidth = '0';
      table.style.width = 'auto';
      table.style.maxWidth = '100%';
      Array.prototype.forEach.call(table.querySelectorAll('td,th'), function (c) { c.style.height = 'auto'; c.style.minWidth = '0'; });
      Array.prototype.forEach.call(table.querySelectorAll('thead th:first-child, tbody th'), function (c) { c.style.minWidth = '12rem'; });
    }

    // drawComments lists every feedback, latest first: who, their marks,
    // what worked and what blocked, as they wrote it.
    function drawComments(st) {
      var list = entries || [];
      $('of-no-comments').hidden = entries === null || list.length > 0;
      OS.fill($('of-comments'), list.map(function (f) {
        var marks = [f.evening ? t('of_evening_mark', { m: f.evening }) : t('of_no_mark')];
        Object.keys(f.topics || {}).forEach(function (tid) {
          var tp = live.topic(tid);
          marks.push(t('of_topic_mark', { title: tp ? I.quote(tp.title) : t('of_deleted'), m: f.topics[tid] }));
        });
        var li = h('li', { className: 'comment', 'data-attendee-id': f.attendee },
          h('p', null, h('strong', { className: 'name' }, f.name || t('of_anon')),
            f.updated_at ? [' ', h('span', { className: 'muted when' }, t('of_at', { time: I.fmtTime(Date.parse(f.updated_at)) }))] : null),
          h('p', { className: 'marks muted' }, marks.join(' · ')),
          f.worked ? h('p', { className: 'worked' }, h('strong', null, t('of_worked')), ' ', h('span', { className: 'text' }, f.worked)) : null,
          f.blocked ? h('p', { className: 'blocked' }, h('strong', null, t('of_blocked')), ' ', h('span', { className: 'text' }, f.blocked)) : null);
        li.style.borderTop = '1px solid #e3e0da';
        li.style.padding = '.5rem 0';
        Array.prototype.forEach.call(li.querySelectorAll('p'), function (p) { p.style.margin = '.15rem 0'; });
        Array.prototype.forEach.call(li.querySelectorAll('.text'), function (s) { s.style.whiteSpace = 'pre-wrap'; s.style.overflowWrap = 'anywhere'; });
        return li;
      }));
    }

    return { render: render };
  });
})();
