/* openspace attendee page (phone): join, vote with dots, propose, my schedule
 * (where I am expected in each session, or where there is room left). */
(function () {
  'use strict';
  var OS = window.OS, I = OS.i18n, t = OS.t, h = OS.h, $ = OS.byId;
  I.add({
    en: {
      a_join_h: 'Join this event', a_name: 'Your name', a_optional: '(optional)', a_join_go: 'Join',
      a_dots: function (v) { return v.n === 0 ? 'No dots left: remove one to vote elsewhere' : v.n === 1 ? '1 dot left' : v.n + ' dots left'; },
      a_topics: 'Topics: vote with your dots', a_voting_closed: 'Voting is closed.',
      a_no_topics: 'No topic yet: propose the first one below!',
      a_vote: 'Vote', a_voted: '✓ Voted', a_vote_for: 'Vote for {title}',
      a_propose: 'Propose a topic', a_proposals_closed: 'Proposals are closed.',
      a_p_title: 'Title', a_p_desc: 'Description', a_p_host: 'Who hosts it?', a_p_go: 'Propose',
      a_p_needs: 'Equipment needed', a_p_done: 'Thanks! Your topic is on the board.',
      a_schedule: 'My schedule', a_nothing: 'Nothing you voted for runs in this session.',
      a_no_seat: 'No seat left in what you voted for.', a_full: 'Full:', a_also: 'You also voted for:',
      a_open: 'Where there is room:', a_all_full: 'Every room is full.',
      a_free: I.plural({ one: '1 seat left', other: '{n} seats left' }),
      a_empty: 'Nothing scheduled.', a_needs: 'needs: {list}'
    },
    fr: {
      a_join_h: 'Rejoindre l’événement', a_name: 'Votre nom', a_optional: '(facultatif)', a_join_go: 'Rejoindre',
      a_dots: function (v) { return v.n === 0 ? 'Plus aucun point : retirez-en un pour voter ailleurs' : v.n === 1 ? '1 point restant' : v.n + ' points restants'; },
      a_topics: 'Sujets : votez avec vos points', a_voting_closed: 'Les votes sont fermés.',
      a_no_topics: 'Aucun sujet pour l’instant : proposez le premier ci-dessous !',
      a_vote: 'Voter', a_voted: '✓ Voté', a_vote_for: 'Voter pour {title}',
      a_propose: 'Proposer un sujet', a_proposals_closed: 'Les propositions sont fermées.',
      a_p_title: 'Titre', a_p_desc: 'Description', a_p_host: 'Qui l’anime ?', a_p_go: 'Proposer',
      a_p_needs: 'Matériel nécessaire', a_p_done: 'Merci ! Votre sujet est au tableau.',
      a_schedule: 'Mon programme', a_nothing: 'Aucun de vos choix dans ce créneau.',
      a_no_seat: 'Plus de place dans vos choix.', a_full: 'Complet :', a_also: 'Vous aviez aussi choisi :',
      a_open: 'Où il reste de la place :', a_all_full: 'Toutes les salles sont pleines.',
      a_free: I.plural({ one: '{n} place libre', other: '{n} places libres' }),
      a_empty: 'Rien de prévu.', a_needs: 'besoin : {list}'
    }
  });

  var id = OS.eventId(), base = '/api/events/' + OS.enc(id);
  var me = null, st = null, live = null, meTimer = null, pending = {}, qKey = null, schedKey = null, needsKey = null, budget = null, snaps = 0;

  function view(v) {
    $('page-status').hidden = v !== 'loading';
    $('join-view').hidden = v !== 'join';
    $('main-view').hidden = v !== 'main';
  }

  function fatal(err) {
    view('none');
    OS.showError($('page-error'), err);
    if (err.code === 'not_found') { if (live) live.stop(); return; }
    $('retry-box').hidden = false;
  }

  function loadMe() {
    OS.showError($('page-error'), null);
    $('retry-box').hidden = true;
    return OS.api('GET', base + '/me').then(function (r) {
      me = r;
      view('main');
      var host = $('propose-host');
      if (!host.value && me.attendee && me.attendee.name) host.value = me.attendee.name;
      render();
    }, function (err) {
      if (err.code === 'unauthorized') { me = null; view('join'); render(); } else fatal(err);
    });
  }

  // refreshMe re-reads /me (ballot, schedule) after a change, spread over a
  // short random delay so that a room full of phones does not ask at once.
  function refreshMe(spread) {
    if (!me) return;
    clearTimeout(meTimer);
    meTimer = setTimeout(function () {
      OS.api('GET', base + '/me').then(function (r) { me = r; render(); }, function () { /* next change retries */ });
    }, spread ? Math.random() * spread : 0);
  }

  function onLive(state, info) {
    st = state;
    var p = info.patch;
    var ev = st.event;
    if (info.type === 'snapshot') snaps++;
    if (me) {
      var budgetChanged = ev && budget !== null && ev.dot_budget !== budget;
      var removedMine = p && (p.removed_topics || []).some(function (x) { return me.ballot.topics.indexOf(x) >= 0; });
      if ((info.type === 'snapshot' && snaps > 1) || (p && p.plan) || budgetChanged || removedMine) refreshMe(1500);
    }
    if (ev) budget = ev.dot_budget;
    render();
  }

  function roomName(rid) {
    var rooms = (st && st.event && st.event.rooms) || [];
    for (var i = 0; i < rooms.length; i++) if (rooms[i].id === rid) return rooms[i].name;
    return '';
  }

  function render() {
    var ev = st && st.event;
    if (ev) {
      $('event-title').textContent = ev.title;
      document.title = ev.title + ' · openspace';
      $('event-meta').textContent = [I.fmtDate(ev.date), ev.venue].filter(Boolean).join(' · ');
      renderQuestion(ev);
      renderNeeds(ev);
    }
    if (!me) return;
    var b = me.ballot;
    $('dots-left').textContent = t('a_dots', { n: b.remaining });
    $('dots-left').setAttribute('data-remaining', b.remaining);
    $('dots-pips').textContent = new Array(b.budget - b.remaining + 1).join('●') + new Array(b.remaining + 1).join('○');
    if (!ev) return;
    $('voting-closed').hidden = ev.voting_open;
    $('proposals-closed').hidden = ev.proposals_open;
    $('propose-form').hidden = !ev.proposals_open;
    $('no-topics').hidden = st.topics.length > 0;
    OS.keyed($('topics'), st.topics, function (tp) { return tp.id; }, createTopic, updateTopic);
    renderSchedule(ev);
  }

  function renderQuestion(ev) {
    var q = ev.question;
    var key = q ? JSON.stringify(q) : '';
    if (key === qKey) return;
    qKey = key;
    $('join-question').hidden = !q;
    if (!q) return;
    $('join-prompt').textContent = q.prompt;
    OS.fill($('join-choices'), q.choices.map(function (c, i) {
      return h('label', { className: 'choice-line', htmlFor: 'answer-' + i },
        h('input', { type: 'radio', name: 'answer', id: 'answer-' + i, value: c }), c);
    }));
  }

  function createTopic(tp) {
    var li = h('li', { className: 'topic', 'data-topic-id': tp.id });
    li._title = h('h3', { className: 'title' });
    li._host = h('div', { className: 'host' });
    li._needs = h('div', { className: 'needs' });
    li._desc = h('p', { className: 'desc' });
    li._votes = h('div', { className: 'votes' });
    li._btn = h('button', { type: 'button', className: 'vote-btn', onclick: function () { vote(tp.id); } });
    li.appendChild(h('div', { className: 'body' }, li._title, li._host, li._needs, li._desc));
    li.appendChild(h('div', { className: 'side' }, li._votes, li._btn));
    return li;
  }

  function updateTopic(li, tp) {
    var voted = me.ballot.topics.indexOf(tp.id) >= 0;
    var open = st.event.voting_open;
    li._title.textContent = tp.title;
    li._host.textContent = tp.host ? t('by_host', { host: tp.host }) : '';
    li._needs.textContent = tp.needs && tp.needs.length ? t('a_needs', { list: tp.needs.join(', ') }) : '';
    li._desc.textContent = tp.description || '';
    li._desc.hidden = !tp.description;
    li._votes.textContent = t('votes', { n: tp.votes });
    li._btn.textContent = voted ? t('a_voted') : t('a_vote');
    li._btn.setAttribute('aria-pressed', String(voted));
    li._btn.setAttribute('aria-label', t('a_vote_for', { title: tp.title }));
    li._btn.disabled = !!pending[tp.id] || !open || (!voted && me.ballot.remaining <= 0);
  }

  function vote(tid) {
    if (pending[tid] || !me) return;
    var voted = me.ballot.topics.indexOf(tid) >= 0;
    pending[tid] = true;
    OS.showError($('topics-error'), null);
    render();
    OS.api(voted ? 'DELETE' : 'PUT', base + '/topics/' + OS.enc(tid) + '/vote').then(function (ballot) {
      me.ballot = ballot;
      if (st && st.plan) refreshMe(0);
    }, function (err) {
      OS.showError($('topics-error'), err);
    }).then(function () {
      delete pending[tid];
      render();
    });
  }

  // renderNeeds offers the equipment words of the event's rooms as checkboxes.
  function renderNeeds(ev) {
    var words = [];
    ev.rooms.forEach(function (r) { (r.equipment || []).forEach(function (w) { if (words.indexOf(w) < 0) words.push(w); }); });
    var key = words.join('\n');
    if (key === needsKey) return;
    needsKey = key;
    var was = needs();
    $('propose-needs').hidden = !words.length;
    OS.fill($('propose-needs-list'), words.map(function (w, i) {
      return h('label', { className: 'choice-line', htmlFor: 'need-' + i },
        h('input', { type: 'checkbox', id: 'need-' + i, value: w, checked: was.indexOf(w) >= 0 }), w);
    }));
  }

  function needs() {
    return Array.prototype.map.call(document.querySelectorAll('#propose-needs input:checked'), function (c) { return c.value; });
  }

  // renderSchedule shows, per session, the topic and room where this
  // attendee is expected (status assigned), or why not (no_seat: what they
  // voted for is full; no_vote) and where seats are left.
  function renderSchedule(ev) {
    var box = $('my-schedule');
    var plan = st.plan;
    // An empty schedule means /me has not caught up with the plan yet.
    if (!plan || !me.schedule || !me.schedule.length) { box.hidden = true; schedKey = null; return; }
    var titles = {};
    st.topics.forEach(function (tp) { titles[tp.id] = tp.title; });
    var key = JSON.stringify([me.schedule, plan.cells, titles, ev.sessions, ev.rooms, I.lang()]);
    box.hidden = false;
    if (key === schedKey) return;
    schedKey = key;
    var bySession = {};
    me.schedule.forEach(function (e) { bySession[e.session] = e; });
    var text = function (c) { return [titles[c.topic] || '', ' — ', h('span', { className: 'room' }, roomName(c.room))]; };
    OS.fill($('schedule-list'), ev.sessions.map(function (s) {
      var e = bySession[s.id] || {}, a = e.assigned, open = e.open || [];
      var others = (e.choices || []).filter(function (c) { return !a || c.topic !== a.topic; });
      var runs = (plan.cells || []).some(function (c) { return c.session === s.id; });
      return h('div', { className: 'sched-entry', 'data-session-id': s.id, 'data-status': e.status || '' },
        h('h3', null, s.title, s.start ? ' · ' + s.start : ''),
        a ? h('ul', { className: 'plain mine' }, h('li', { className: 'choice assigned', 'data-topic-id': a.topic }, text(a))) :
          e.status === 'no_seat' ? h('p', { className: 'no-seat note' }, t('a_no_seat')) :
            h('p', { className: 'nothing muted' }, t(runs ? 'a_nothing' : 'a_empty')),
        others.length ? h('p', { className: 'also muted' }, t(a ? 'a_also' : 'a_full'), ' ', others.map(function (c, i) {
          return h('span', { 'data-topic-id': c.topic }, i ? ', ' : '', text(c));
        })) : null,
        a || !runs ? null : open.length ? [h('p', null, t('a_open')), h('ul', { className: 'plain open' }, open.map(function (c) {
          return h('li', { className: 'choice', 'data-topic-id': c.topic }, text(c), ' · ', h('span', { className: 'free' }, t('a_free', { n: c.free })));
        }))] : h('p', { className: 'muted' }, t('a_all_full')));
    }));
  }

  $('join-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var btn = $('join-submit');
    var picked = document.querySelector('input[name=answer]:checked');
    btn.disabled = true;
    OS.showError($('join-error'), null);
    OS.api('POST', base + '/join', { name: $('join-name').value.trim(), answer: picked ? picked.value : '' })
      .then(loadMe, function (err) { OS.showError($('join-error'), err); })
      .then(function () { btn.disabled = false; });
  });

  $('propose-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var btn = $('propose-submit'), title = $('propose-title'), desc = $('propose-desc');
    btn.disabled = true;
    $('propose-done').hidden = true;
    OS.showError($('propose-error'), null);
    OS.api('POST', base + '/topics', { title: title.value.trim(), description: desc.value.trim(), host: $('propose-host').value.trim(), needs: needs() })
      .then(function () {
        title.value = '';
        desc.value = '';
        Array.prototype.forEach.call(document.querySelectorAll('#propose-needs input'), function (c) { c.checked = false; });
        $('propose-done').hidden = false;
        setTimeout(function () { $('propose-done').hidden = true; }, 5000);
      }, function (err) { OS.showError($('propose-error'), err); })
      .then(function () { btn.disabled = false; });
  });

  $('retry-btn').addEventListener('click', loadMe);
  I.onChange(function () { schedKey = null; render(); });

  view('loading');
  live = OS.live({ eventId: id });
  live.on(onLive);
  live.start();
  loadMe();
})();
