/* openspace projector views: the "who are you?" split, the pitch queue and
 * the topics proposed so far (marketplace), the live tally (voting), the
 * day's numbers (wrap-up). Lists keep only what fits on the screen.
 *
 * var v = OS.projViews({live, clock}); v.profiles(st), v.pitch(st),
 * v.tally(st), v.wrapup(st).
 */
(function () {
  'use strict';
  var OS = window.OS, I = OS.i18n, t = OS.t, h = OS.h, $ = OS.byId;
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

  OS.projViews = function (o) {
    var live = o.live, clock = o.clock;

    function profiles(st) {
      var ev = st.event, att = st.attendance, profiles = att.profiles || {}, total = att.count || 0;
      var keys = [];
      if (ev.question) {
        keys = ev.question.choices.slice();
        Object.keys(profiles).forEach(function (k) { if (k && keys.indexOf(k) < 0) keys.push(k); });
        if (profiles['']) keys.push('');
      }
      $('profile-prompt').textContent = ev.question ? ev.question.prompt : '';
      $('profile-prompt').hidden = !ev.question;
      OS.keyed($('profile-split'), keys, function (k) { return k; }, function (k) { return meter(k, 'data-answer'); }, function (li, k) {
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
    }

    return { profiles: profiles, pitch: pitch, tally: tally, wrapup: wrapup };
  };
})();
