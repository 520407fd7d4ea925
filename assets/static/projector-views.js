/* openspace projector views: the "who are you?" split, the pitch queue and
 * the topics proposed so far (marketplace), the live tally (voting), the
 * day's numbers and the evening's ROTI histogram, live (wrap-up). Lists
 * keep only what fits on the screen.
 *
 * var v = OS.projViews({live, clock}); v.profiles(st), v.pitch(st),
 * v.tally(st), v.wrapup(st).
 */
(function () {
  'use strict';
  var OS = window.OS, I = OS.i18n, t = OS.t, h = OS.h, $ = OS.byId, P = I.plural;
  var MAX_LIST = 40, PITCH_WARN_MS = 10000;

  function pct(n, total) { return total ? Math.round(100 * n / total) : 0; }

  // fit drops items of list (from its start, or its end) until the list
  // no longer overflows its box; it returns how many it dropped.
  function fit(list, fromStart) {
    var dropped = 0;
    while (list.children.length > 1 && list.scrollHeight > list.clientHeight + 1) {
      list.removeChild(fromStart ? list.firstElementChild : list.lastElementChild);
      dropped++;
    }
    return dropped;
  }

  function meter(key, attr) {
    var li = h('li', null);
    li.setAttribute(attr, key);
    li._label = h('span', { className: 'label-t' });
    li._value = h('span', { className: 'value' });
    li._fill = h('span', { className: 'fill' });
    li.appendChild(li._label);
    li.appendChild(li._value);
    li.appendChild(h('span', { className: 'track', 'aria-hidden': 'true' }, li._fill));
    return li;
  }

  function topicItem(tp) {
    var li = h('li', { 'data-topic-id': tp.id });
    li._title = h('span', { className: 'item-title' });
    li._host = h('span', { className: 'item-host' });
    li.appendChild(li._title);
    li.appendChild(li._host);
    return li;
  }

  function fillTopic(li, tp) {
    li._title.textContent = tp.title;
    li._host.textContent = tp.host ? t('by_host', { host: tp.host }) : '';
    li._host.hidden = !tp.host;
  }

  I.add({
    en: {
      p_roti_h: 'The evening: ROTI from 1 to 5',
      p_roti_avg: P({ one: 'Average {avg} / 5 · 1 rating', other: 'Average {avg} / 5 · {n} ratings' }),
      p_roti_none: 'No rating yet: scan the code and give yours!'
    },
    fr: {
      p_roti_h: 'La soirée : ROTI de 1 à 5',
      p_roti_avg: P({ one: 'Moyenne {avg} / 5 · {n} avis', other: 'Moyenne {avg} / 5 · {n} avis' }),
      p_roti_none: 'Pas encore d’avis : scannez le code et donnez le vôtre !'
    }
  });

  OS.projViews = function (o) {
    var live = o.live, clock = o.clock;

    // Choices are user text: counted in a map without a prototype, and
    // keyed for OS.keyed with a prefix, so that "constructor", "toString"
    // or "__proto__" are choices like any other, not Object's properties.
    function profiles(st) {
      var ev = st.event, att = st.attendance, total = att.count || 0, profiles = Object.create(null);
      Object.keys(att.profiles || {}).forEach(function (k) { profiles[k] = att.profiles[k]; });
      var keys = [];
      if (ev.question) {
        keys = ev.question.choices.slice();
        Object.keys(profiles).forEach(function (k) { if (k && keys.indexOf(k) < 0) keys.push(k); });
        if (profiles['']) keys.push('');
      }
      $('profile-prompt').textContent = ev.question ? ev.question.prompt : '';
      $('profile-prompt').hidden = !ev.question;
      OS.keyed($('profile-split'), keys, function (k) { return 'answer:' + k; }, function (k) { return meter(k, 'data-answer'); }, function (li, k) {
        var n = profiles[k] || 0, p = pct(n, total);
        li._label.textContent = k || t('no_answer');
        OS.fill(li._value, h('span', { className: 'count-n' }, I.num(n)), ' · ', h('span', { className: 'pct' }, t('p_pct', { p: I.num(p) })));
        li._fill.style.width = p + '%';
      });
    }

    // pitch: the topic being pitched, big, with its countdown, and the
    // queue; with no pitch running, the topics proposed so far, newest
    // last, and a call to propose more.
    function pitch(st) {
      var p = st.event.pitch || {}, cur = p.current ? live.topic(p.current) : null;
      $('pitch-current').hidden = !cur;
      $('proposed-box').hidden = !!cur;
      if (cur) {
        $('pitch-title').textContent = cur.title;
        $('pitch-title').setAttribute('data-topic-id', cur.id);
        $('pitch-host').textContent = cur.host ? t('by_host', { host: cur.host }) : '';
        clock.bind($('pitch-countdown'), OS.projSessions.ms(p.ends_at), PITCH_WARN_MS);
        var queue = (p.queue || []).map(function (id) { return live.topic(id); }).filter(Boolean);
        $('pitch-next-h').hidden = !queue.length;
        OS.keyed($('pitch-queue'), queue.slice(0, MAX_LIST), function (tp) { return tp.id; }, topicItem, fillTopic);
        fit($('pitch-queue'), false);
        return;
      }
      clock.bind($('pitch-countdown'), null);
      var topics = st.topics.slice().sort(function (a, b) {
        var ta = Date.parse(a.created_at) || 0, tb = Date.parse(b.created_at) || 0;
        return ta - tb || (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : 0);
      });
      var shown = topics.slice(-MAX_LIST);
      $('proposed-empty').hidden = topics.length > 0;
      OS.keyed($('proposed'), shown, function (tp) { return tp.id; }, topicItem, fillTopic);
      var more = topics.length - shown.length + fit($('proposed'), true);
      $('proposed-more').textContent = more ? t('p_earlier', { n: more }) : '';
      $('proposed-more').hidden = !more;
    }

    function tally(st) {
      var topics = st.topics, max = topics.length ? Math.max(1, topics[0].votes) : 1;
      $('no-topics').hidden = topics.length > 0;
      OS.keyed($('tally'), topics.slice(0, MAX_LIST), function (tp) { return tp.id; }, function (tp) {
        var li = meter(tp.id, 'data-topic-id');
        li._value.className = 'votes';
        return li;
      }, function (li, tp) {
        li._label.textContent = tp.title;
        li._value.textContent = t('votes', { n: tp.votes });
        li.setAttribute('data-votes', tp.votes);
        li._fill.style.width = pct(tp.votes, max) + '%';
      });
      var more = Math.max(0, topics.length - MAX_LIST) + fit($('tally'), false);
      $('tally-more').textContent = more ? t('p_more', { n: more }) : '';
      $('tally-more').hidden = !more;
    }

    function wrapup(st) {
      var votes = 0;
      st.topics.forEach(function (tp) { votes += tp.votes || 0; });
      var stats = [['attendees', st.attendance.count || 0], ['topics', st.topics.length], ['votes', votes]];
      OS.keyed($('wrapup-stats'), stats, function (s) { return s[0]; }, function (s) {
        var li = h('li', { 'data-stat': s[0] });
        li._n = h('span', { className: 'stat-n' });
        li._l = h('span', { className: 'stat-l' });
        li.appendChild(li._n);
        li.appendChild(li._l);
        return li;
      }, function (li, s) {
        li._n.textContent = I.num(s[1]);
        li._l.textContent = t('p_stat_' + s[0], { n: s[1] });
        li.setAttribute('data-value', s[1]);
      });
      roti(st);
    }

    // roti draws the evening's ROTI histogram (st.roti, counts only), live:
    // one column per mark, its height the share of the most given mark.
    function roti(st) {
      var box = $('roti-box');
      if (!box) {
        box = h('div', { id: 'roti-box', className: 'roti-box' },
          h('h3', { id: 'roti-h', className: 'kicker' }),
          h('ol', { id: 'roti-hist', className: 'roti-hist', 'aria-labelledby': 'roti-h' }),
          h('p', { id: 'roti-sum', className: 'roti-sum', 'aria-live': 'polite' }));
        $('wrapup-section').appendChild(box);
      }
      var r = st.roti || { evening: [0, 0, 0, 0, 0], count: 0 }, counts = r.evening || [0, 0, 0, 0, 0];
      var given = 0, sum = 0, max = 1;
      counts.forEach(function (c, i) { given += c; sum += c * (i + 1); max = Math.max(max, c); });
      $('roti-h').textContent = t('p_roti_h');
      OS.keyed($('roti-hist'), [1, 2, 3, 4, 5], function (m) { return m; }, function (m) {
        var li = h('li', { 'data-roti': m });
        li._n = h('span', { className: 'roti-n' });
        li._bar = h('span', { className: 'roti-bar', 'aria-hidden': 'true' });
        li.appendChild(li._n);
        li.appendChild(h('span', { className: 'roti-track', 'aria-hidden': 'true' }, li._bar));
        li.appendChild(h('span', { className: 'roti-k' }, String(m)));
        return li;
      }, function (li, m) {
        var c = counts[m - 1] || 0;
        li.setAttribute('data-count', c);
        li._n.textContent = I.num(c);
        li._bar.style.height = (c ? Math.max(4, pct(c, max)) : 0) + '%';
      });
      $('roti-sum').textContent = given ? t('p_roti_avg', { avg: I.num(Math.round(10 * sum / given) / 10), n: given }) : t('p_roti_none');
      $('roti-sum').setAttribute('data-given', given);
    }

    return { profiles: profiles, pitch: pitch, tally: tally, wrapup: wrapup };
  };
})();
