/* openspace projector: join QR code and code, live head count and profile
 * split, live topic tally, the published grid with each room's expected
 * headcount. Sized for 1920x1080. */
(function () {
  'use strict';
  var OS = window.OS, I = OS.i18n, t = OS.t, h = OS.h, $ = OS.byId;
  I.add({
    en: {
      p_qr_alt: 'QR code to join', p_code: 'Code', p_here: 'here', p_tally: 'Topics and votes',
      p_no_topics: 'No topic yet: scan the code and propose one!', p_grid: 'Schedule',
      p_more: '+ {n} more topics', p_prop_open: 'Proposals open', p_prop_closed: 'Proposals closed', p_vote_open: 'Voting open', p_vote_closed: 'Voting closed',
      p_show_tally: 'Show votes', p_show_grid: 'Show schedule',
      p_expected: '{n} / {cap} seats', p_expected_l: '{n} people expected, {cap} seats',
      p_loopback: 'Phones cannot open this address: it is this computer’s own. Open the projector at {url} so that the code works.',
      p_loopback_none: 'Phones cannot open this address: it is this computer’s own. Start openspace with {public}, or on the venue’s network ({addr}).'
    },
    fr: {
      p_qr_alt: 'QR code pour rejoindre', p_code: 'Code', p_here: 'présents', p_tally: 'Sujets et votes',
      p_no_topics: 'Aucun sujet pour l’instant : scannez le code et proposez-en un !', p_grid: 'Programme',
      p_more: '+ {n} autres sujets', p_prop_open: 'Propositions ouvertes', p_prop_closed: 'Propositions fermées', p_vote_open: 'Votes ouverts', p_vote_closed: 'Votes fermés',
      p_show_tally: 'Voir les votes', p_show_grid: 'Voir le programme',
      p_expected: '{n} / {cap} places', p_expected_l: '{n} personnes attendues, {cap} places',
      p_loopback: 'Les téléphones ne peuvent pas ouvrir cette adresse : c’est celle de cet ordinateur. Ouvrez le projecteur à l’adresse {url} pour que le code fonctionne.',
      p_loopback_none: 'Les téléphones ne peuvent pas ouvrir cette adresse : c’est celle de cet ordinateur. Lancez openspace avec {public}, ou sur le réseau du lieu ({addr}).'
    }
  });

  var MAX_TALLY = 10;
  var id = OS.eventId(), st = null, gridKey = null, mode = null; // mode: null = auto, 'tally', 'grid'

  $('qr').src = '/api/events/' + OS.enc(id) + '/qr.svg';

  // The join link starts with what the server encodes in the QR code
  // (OS.absURL). When that is this computer's own address (the organizer opened
  // localhost), no phone can use it: say so, and offer the address of this
  // machine on the venue's network.
  var reachable = (document.body.getAttribute('data-reachable') || '').split(' ').filter(Boolean);

  function isLoopback(base) {
    var host;
    try { host = new URL(base).hostname; } catch (e) { return false; }
    return host === 'localhost' || /^127\./.test(host) || host === '[::1]' || host === '::1';
  }

  function renderLoopbackWarning() {
    var warn = $('loopback-warning');
    warn.hidden = !isLoopback(OS.absURL(''));
    if (warn.hidden) return;
    if (!reachable.length) {
      fillSentence(warn, 'p_loopback_none', {
        public: h('code', null, '-public-url'), addr: h('code', null, '-addr :8080')
      });
      return;
    }
    fillSentence(warn, 'p_loopback', { url: h('a', { href: reachable[0] + window.location.pathname }, reachable[0]) });
  }

  // fillSentence writes a translated sentence whose {name} placeholders are
  // elements (a link, a flag that must not break at its hyphen).
  function fillSentence(el, key, nodes) {
    var marks = {};
    Object.keys(nodes).forEach(function (k) { marks[k] = '\u0001' + k + '\u0001'; });
    OS.fill(el, t(key, marks).split('\u0001').map(function (part, i) { return i % 2 ? nodes[part] : part; }));
  }

  function pct(n, total) { return total ? Math.round(100 * n / total) : 0; }

  function barItem(key, attr) {
    var li = h('li', null);
    li.setAttribute(attr, key);
    li._label = h('span', { className: 'label-t' });
    li._value = h('span', { className: 'value' });
    li._fill = h('div', { className: 'fill' });
    li.appendChild(li._label);
    li.appendChild(li._value);
    li.appendChild(h('div', { className: 'track' }, li._fill));
    return li;
  }

  function renderProfiles(att, ev) {
    var profiles = att.profiles || {}, total = att.count || 0;
    var keys = ev.question ? ev.question.choices.slice() : [];
    Object.keys(profiles).forEach(function (k) { if (k && keys.indexOf(k) < 0) keys.push(k); });
    if (profiles[''] && ev.question) keys.push('');
    if (!ev.question) keys = [];
    OS.keyed($('profile-split'), keys, function (k) { return k; }, function (k) { return barItem(k, 'data-answer'); }, function (li, k) {
      var n = profiles[k] || 0, p = pct(n, total);
      li._label.textContent = k || t('no_answer');
      li._value.textContent = '';
      li._value.appendChild(h('span', { className: 'count-n' }, String(n)));
      li._value.appendChild(document.createTextNode(' · '));
      li._value.appendChild(h('span', { className: 'pct' }, p + '%'));
      li._fill.style.width = p + '%';
    });
  }

  function renderTally() {
    var topics = st.topics, shown = topics.slice(0, MAX_TALLY);
    var max = topics.length ? Math.max(1, topics[0].votes) : 1;
    $('no-topics').hidden = topics.length > 0;
    OS.keyed($('tally'), shown, function (tp) { return tp.id; }, function (tp) {
      var li = barItem(tp.id, 'data-topic-id');
      li._value.className = 'votes';
      return li;
    }, function (li, tp) {
      li._label.textContent = tp.title;
      li._value.textContent = t('votes', { n: tp.votes });
      li.setAttribute('data-votes', tp.votes);
      li._fill.style.width = pct(tp.votes, max) + '%';
    });
    $('tally-more').textContent = topics.length > MAX_TALLY ? t('p_more', { n: topics.length - MAX_TALLY }) : '';
  }

  function renderGrid(ev) {
    var plan = st.plan;
    var titles = {};
    st.topics.forEach(function (tp) { titles[tp.id] = tp; });
    var cells = {}, list = (plan && plan.cells) || [];
    list.forEach(function (c) { cells[c.session + '\n' + c.room] = c; });
    // A plan published before headcounts existed has no expected at all: show none then.
    var counted = list.some(function (c) { return typeof c.expected === 'number'; });
    var key = JSON.stringify([cells, ev.sessions, ev.rooms, plan && (plan.cells || []).map(function (c) { var tp = titles[c.topic]; return tp ? [tp.title, tp.host] : null; }), I.lang()]);
    if (key === gridKey) return;
    gridKey = key;
    OS.fill($('grid'),
      OS.roomHead(ev.rooms),
      h('tbody', null, ev.sessions.map(function (s) {
        return h('tr', null,
          h('th', { scope: 'row', 'data-session-id': s.id }, s.title, s.start ? h('span', { className: 'sub' }, s.start) : null),
          ev.rooms.map(function (r) {
            var c = cells[s.id + '\n' + r.id], tp = c && titles[c.topic], v = { n: (c && c.expected) || 0, cap: r.capacity };
            return h('td', { 'data-session-id': s.id, 'data-room-id': r.id },
              tp ? h('strong', { 'data-topic-id': tp.id }, tp.title) : '',
              tp && tp.host ? h('span', { className: 'sub' }, tp.host) : null,
              tp && counted ? h('span', { className: 'expected', 'data-expected': v.n, title: t('p_expected_l', v) },
                h('span', { 'aria-hidden': 'true' }, t('p_expected', v)), h('span', { className: 'sr-only' }, t('p_expected_l', v))) : null);
          }));
      })));
  }

  function render() {
    st = live.state();
    if (!st.event) return;
    var ev = st.event;
    $('event-title').textContent = ev.title;
    document.title = ev.title + ' · openspace';
    $('join-code').textContent = ev.join_code;
    $('join-url').textContent = OS.absURL('/j/' + ev.join_code);
    renderLoopbackWarning();
    $('attendee-count').textContent = String(st.attendance.count || 0);
    renderProfiles(st.attendance, ev);
    [['badge-proposals', 'p_prop_', ev.proposals_open], ['badge-voting', 'p_vote_', ev.voting_open]].forEach(function (b) {
      var el = $(b[0]);
      el.textContent = t(b[1] + (b[2] ? 'open' : 'closed'));
      el.className = 'badge' + (b[2] ? '' : ' off');
    });
    renderTally();
    var published = !!st.plan;
    var showGrid = published && mode !== 'tally';
    $('grid-section').hidden = !showGrid;
    $('tally-section').hidden = showGrid;
    var tog = $('view-toggle');
    tog.hidden = !published;
    tog.textContent = t(showGrid ? 'p_show_tally' : 'p_show_grid');
    if (published) renderGrid(ev);
  }

  $('view-toggle').addEventListener('click', function () {
    mode = $('grid-section').hidden ? 'grid' : 'tally';
    render();
  });

  I.onChange(function () { gridKey = null; render(); });

  var live = OS.live({ eventId: id });
  live.on(render);
  live.start();
  // A 404 for the event shows up as a socket that never opens: read the
  // state once over HTTP (it also fills the screen until the first snapshot).
  live.load().then(null, function (err) {
    OS.showError($('page-error'), err);
    if (err.code === 'not_found') live.stop();
  });
})();
