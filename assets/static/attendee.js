/* openspace attendee page (phone): the whole evening on one page, following
 * event.phase. This file: join, the phase, topics and dots, proposing. The
 * parts in attendee-pitch.js (my topics, the pitch queue) and attendee-now.js
 * (the now screen, check-ins, my schedule, wrap-up) register themselves in
 * OS.attendee.parts; it calls their render() after each change and their
 * tick() every second (countdowns). They load after the first screen is drawn
 * (later.js), and it draws again as each arrives.
 *
 * Offline (offline.js): the page starts from what the phone kept (the state
 * and /me), drawn at once with the offline banner; the state over HTTP
 * (live.load) and /me, both preloaded by the page's head, and then the
 * stream replace it. Votes and proposals go through the action queue
 * (queue.js): what waits there shows at once, marked as not counted yet. */
(function () {
  'use strict';
  var OS = window.OS, I = OS.i18n, t = OS.t, h = OS.h, $ = OS.byId;
  I.add({
    en: {
      a_join_h: 'Join this event', a_name: 'Your name', a_optional: '(optional)', a_join_go: 'Join',
      a_dots: function (v) { return v.n === 0 ? 'No dots left: remove one to vote elsewhere' : v.n === 1 ? '1 dot left' : I.num(v.n) + ' dots left'; },
      a_topics: 'Topics', a_topics_vote: 'Topics: vote with your dots',
      a_voting_closed: 'Voting is closed.', a_voting_later: 'Voting opens after the pitches.',
      a_no_topics: 'No topic yet: propose the first one!',
      a_vote: 'Vote', a_voted: '✓ Voted', a_vote_for: 'Vote for {title}', a_unvote_for: 'Take your dot back from {title}',
      a_propose: 'Propose a topic', a_proposals_closed: 'Proposals are closed.',
      a_p_title: 'Title', a_p_desc: 'Description', a_p_host: 'Who hosts it?', a_p_go: 'Propose',
      a_p_needs: 'Equipment needed', a_p_done: 'Thanks! Your topic is on the board.',
      a_p_sessions: 'I can only host it during…', a_p_sessions_help: 'Tick nothing if any session suits you.',
      a_needs: 'needs: {list}',
      a_vote_wait: 'not counted yet', a_unvote_wait: 'not taken back yet',
      a_p_wait: 'not sent yet', a_p_queued: 'No connection: your topic is kept on this phone and will be sent as soon as the connection is back.',
      ph_welcome: 'Welcome! Got something to talk about? Propose a topic.',
      ph_marketplace: 'Marketplace: propose your topics and pitch them.',
      ph_voting: 'Voting is open: put your dots on what you want to attend.',
      ph_plan: 'The plan is out: here is where you are going.',
      ph_plan_wait: 'Voting is over: the plan shows here as soon as it is ready.',
      ph_sessions: '', ph_wrapup: '', ph_closed: 'This event is over.'
    },
    fr: {
      a_join_h: 'Rejoindre l’événement', a_name: 'Votre nom', a_optional: '(facultatif)', a_join_go: 'Rejoindre',
      a_dots: function (v) { return v.n === 0 ? 'Plus aucun point : retirez-en un pour voter ailleurs' : v.n === 1 ? '1 point restant' : I.num(v.n) + ' points restants'; },
      a_topics: 'Sujets', a_topics_vote: 'Sujets : votez avec vos points',
      a_voting_closed: 'Les votes sont fermés.', a_voting_later: 'Les votes ouvrent après les présentations.',
      a_no_topics: 'Aucun sujet pour l’instant : proposez le premier !',
      a_vote: 'Voter', a_voted: '✓ Voté', a_vote_for: 'Voter pour {title}', a_unvote_for: 'Retirer votre point de {title}',
      a_propose: 'Proposer un sujet', a_proposals_closed: 'Les propositions sont fermées.',
      a_p_title: 'Titre', a_p_desc: 'Description', a_p_host: 'Qui l’anime ?', a_p_go: 'Proposer',
      a_p_needs: 'Matériel nécessaire', a_p_done: 'Merci ! Votre sujet est au tableau.',
      a_p_sessions: 'Je ne peux l’animer que pendant…', a_p_sessions_help: 'Ne cochez rien si tous les créneaux vous conviennent.',
      a_needs: 'besoin : {list}',
      a_vote_wait: 'pas encore compté', a_unvote_wait: 'pas encore retiré',
      a_p_wait: 'pas encore envoyé', a_p_queued: 'Pas de connexion\u202f: votre sujet est gardé sur ce téléphone et partira dès le retour de la connexion.',
      ph_welcome: 'Bienvenue ! Un sujet à aborder ? Proposez-le.',
      ph_marketplace: 'Place du marché : proposez vos sujets et présentez-les.',
      ph_voting: 'Les votes sont ouverts : mettez vos points sur ce que vous voulez suivre.',
      ph_plan: 'Le programme est prêt : voici où vous allez.',
      ph_plan_wait: 'Les votes sont terminés : le programme s’affiche ici dès qu’il est prêt.',
      ph_sessions: '', ph_wrapup: '', ph_closed: 'L’événement est terminé.'
    }
  });

  var PHASES = ['welcome', 'marketplace', 'voting', 'plan', 'sessions', 'wrapup', 'closed'];
  var id = OS.eventId(), base = '/api/events/' + OS.enc(id);
  var me = null, st = null, live = null, meTimer = null, pending = {}, qKey = null, needsKey = null, sessionsKey = null, budget = null, snaps = 0;
  var order = null, shownPhase = null;
  var shown = 'loading', saved = false, asOf = 0, meFresh = false; // offline: see start()
  var A = OS.attendee = OS.attendee || { parts: [] };

  // phase is event.phase; before the server knew phases, it is guessed
  // from the switches and the plan.
  function phase() {
    var ev = st && st.event;
    if (!ev) return '';
    if (PHASES.indexOf(ev.phase) >= 0) return ev.phase;
    return st.plan ? 'plan' : ev.voting_open ? 'voting' : 'marketplace';
  }
  function early() { return PHASES.indexOf(phase()) <= 2; }

  // The parts' view of the page.
  A.ctx = {
    base: base,
    me: function () { return me; },
    st: function () { return st; },
    live: function () { return live; },
    phase: phase,
    early: early,
    render: render,
    refreshMe: refreshMe,
    ballot: ballot,
    room: function (rid) { return ((st && st.event.rooms) || []).filter(function (r) { return r.id === rid; })[0] || null; },
    title: function (tid) { var tp = live && live.topic(tid); return tp ? tp.title : ''; },
    cell: function (sid, rid) { return ((st && st.plan && st.plan.cells) || []).filter(function (c) { return c.session === sid && c.room === rid; })[0] || null; }
  };

  function view(v) {
    shown = v;
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
      if (OS.queue) OS.queue.setOwner(me.attendee && me.attendee.id);
      meFresh = true;
      view('main');
      var host = $('propose-host');
      if (!host.value && me.attendee && me.attendee.name) host.value = me.attendee.name;
      render();
    }, meFailed);
  }

  // meFailed: a stranger (401) or no such event (404) keeps nothing on the
  // phone; offline, what the phone kept stays on screen.
  function meFailed(err) {
    if (err.code === 'unauthorized' || err.code === 'not_found') OS.offline.forget(id);
    if (err.code === 'unauthorized' && OS.queue) OS.queue.setOwner('');
    if (err.code === 'unauthorized') { me = null; view('join'); render(); } else if (err.code === 'network' && me) render(); else fatal(err);
  }

  // refreshMe re-reads /me (ballot, schedule, check-ins) after a change,
  // spread over a short random delay so that a room full of phones does
  // not ask at once.
  function refreshMe(spread) {
    if (!me) return;
    clearTimeout(meTimer);
    meTimer = setTimeout(function () {
      OS.api('GET', base + '/me').then(function (r) { me = r; meFresh = true; render(); }, function (err) {
        if (err.code === 'unauthorized' || err.code === 'not_found') meFailed(err); // else the next change retries
      });
    }, spread ? Math.random() * spread : 0);
  }

  function onLive(state, info) {
    st = state;
    var p = info.patch;
    var ev = st.event;
    if (info.type === 'snapshot') snaps++;
    if (info.type !== 'saved') { saved = false; asOf = Date.now(); }
    if (me && !meFresh && info.type === 'snapshot') refreshMe(0); // /me failed offline: the network is back
    if (me) {
      var budgetChanged = ev && budget !== null && ev.dot_budget !== budget;
      var removedMine = p && (p.removed_topics || []).some(function (x) { return me.ballot.topics.indexOf(x) >= 0; });
      if ((info.type === 'snapshot' && snaps > 1) || (p && p.plan) || budgetChanged || removedMine) refreshMe(1500);
    }
    if (ev) budget = ev.dot_budget;
    render();
  }

  function render() {
    var ev = st && st.event;
    if (ev) {
      $('event-title').textContent = ev.title;
      document.title = ev.title + ' · openspace';
      $('event-meta').textContent = [I.fmtDate(ev.date), ev.venue].filter(Boolean).join(' · ');
      renderQuestion(ev);
      renderNeeds(ev);
      renderSessions(ev);
    }
    // Offline: the banner, and the state kept on the phone; the parts the
    // first screen does not need come once it is drawn.
    OS.offline.banner(saved && ev ? asOf : null);
    if (ev && me) keeper.changed();
    if (ev && shown !== 'loading') OS.later(render);
    if (!me) return;
    var b = ballot();
    $('dots-left').textContent = t('a_dots', { n: b.remaining });
    $('dots-left').setAttribute('data-remaining', b.remaining);
    $('dots-pips').textContent = new Array(b.budget - b.remaining + 1).join('●') + new Array(b.remaining + 1).join('○');
    if (!ev) return;
    var ph = phase();
    document.body.setAttribute('data-phase', ph);
    // Voting closed in the voting phase: the plan is what comes.
    var note = (ph === 'plan' && !st.plan) || (ph === 'voting' && !ev.voting_open) ? 'ph_plan_wait' : 'ph_' + ph;
    if (note !== shownPhase) { shownPhase = note; $('phase-note').textContent = t(note); }
    $('phase-note').hidden = !$('phase-note').textContent;
    $('dots').hidden = !ev.voting_open;
    $('topics-section').hidden = !(early() || ev.voting_open);
    $('topics-h').textContent = t(ev.voting_open ? 'a_topics_vote' : 'a_topics');
    $('voting-closed').hidden = ev.voting_open;
    $('voting-closed').textContent = t(PHASES.indexOf(ph) < 2 ? 'a_voting_later' : 'a_voting_closed');
    $('propose-section').hidden = !(ev.proposals_open || PHASES.indexOf(ph) < 2);
    $('proposals-closed').hidden = ev.proposals_open;
    $('propose-form').hidden = !ev.proposals_open;
    var proposed = queuedProposals();
    $('no-topics').hidden = st.topics.length + proposed.length > 0;
    OS.keyed($('topics'), ordered(st.topics).concat(proposed), function (tp) { return tp.pendingKey ? 'q:' + tp.pendingKey : tp.id; }, createTopic, updateTopic);
    A.parts.forEach(function (p) { p.render(A.ctx); });
  }

  // ordered keeps the list still under the thumb: the order of its first
  // render (most votes first) stays while the page is in use; new topics
  // come at the end, removed ones go. Coming back to the page re-sorts it.
  function ordered(topics) {
    var byId = {};
    topics.forEach(function (tp) { byId[tp.id] = tp; });
    if (!order) order = topics.map(function (tp) { return tp.id; });
    order = order.filter(function (tid) { return byId[tid]; });
    topics.forEach(function (tp) { if (order.indexOf(tp.id) < 0) order.push(tp.id); });
    return order.map(function (tid) { return byId[tid]; });
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
    if (tp.pendingKey) return createQueuedProposal(tp);
    var li = h('li', { className: 'topic', 'data-topic-id': tp.id });
    li._title = h('h3', { className: 'title' });
    li._host = h('div', { className: 'host' });
    li._needs = h('div', { className: 'needs' });
    li._avail = h('div', { className: 'host-sessions' });
    li._desc = h('p', { className: 'desc' });
    li._votes = h('div', { className: 'votes' });
    li._wait = h('div', { className: 'wait-mark', hidden: true });
    li._btn = h('button', { type: 'button', className: 'vote-btn', onclick: function () { vote(tp.id); } });
    li.appendChild(h('div', { className: 'body' }, li._title, li._host, li._avail, li._needs, li._desc));
    li.appendChild(h('div', { className: 'side' }, li._votes, li._btn, li._wait));
    return li;
  }

  function updateTopic(li, tp) {
    if (tp.pendingKey) { updateQueuedProposal(li, tp); return; }
    var b = ballot(), wait = waitingVote(tp.id);
    var voted = b.topics.indexOf(tp.id) >= 0;
    var open = st.event.voting_open;
    li._title.textContent = tp.title;
    li._host.textContent = tp.host ? t('by_host', { host: tp.host }) : '';
    li._needs.textContent = tp.needs && tp.needs.length ? t('a_needs', { list: tp.needs.join(', ') }) : '';
    li._avail.textContent = OS.onlyIn(st.event, tp);
    li._avail.hidden = !li._avail.textContent;
    li._desc.textContent = tp.description || '';
    li._desc.hidden = !tp.description;
    li._votes.textContent = t('votes', { n: tp.votes });
    // Before the voting phase a row of "0 votes" says nothing.
    li._votes.hidden = !open && !tp.votes && PHASES.indexOf(phase()) < 2;
    li._btn.textContent = voted ? t('a_voted') : t('a_vote');
    li._btn.setAttribute('aria-pressed', String(voted));
    li._btn.setAttribute('aria-label', t(voted ? 'a_unvote_for' : 'a_vote_for', { title: I.quote(tp.title) }));
    li._btn.hidden = !open;
    li._btn.disabled = !!pending[tp.id] || !open || (!voted && b.remaining <= 0);
    li.classList.toggle('voted', voted);
    li.classList.toggle('waiting', !!wait);
    li._wait.hidden = !wait;
    li._wait.textContent = wait ? t(wait.kind === 'unvote' ? 'a_unvote_wait' : 'a_vote_wait') : '';
  }

  // vote puts a dot on the topic or takes it back, through the queue: the
  // topic shows the new state at once, marked as not counted until the
  // server has it. The button waits only for the first answer (no double
  // tap); without one, the action waits in the queue and the button is free.
  function vote(tid) {
    if (pending[tid] || !me) return;
    var voted = ballot().topics.indexOf(tid) >= 0;
    var tp = live && live.topic(tid);
    pending[tid] = true;
    OS.showError($('topics-error'), null);
    var done = OS.queue.enqueue({ method: voted ? 'DELETE' : 'PUT', path: base + '/topics/' + OS.enc(tid) + '/vote',
      kind: voted ? 'unvote' : 'vote', topic: tid, label: tp ? tp.title : '' });
    done.then(null, function (err) {
      if (!err.late) OS.showError($('topics-error'), err);
    });
    var free = function () { if (pending[tid]) { delete pending[tid]; render(); } };
    done.then(free, free);
    whenWaiting(done.key, free);
    render();
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

  // renderSessions offers "I can only host it during…" with one checkbox
  // per session; nothing ticked is any session. With one session there is
  // nothing to choose.
  function renderSessions(ev) {
    var key = JSON.stringify([ev.sessions.map(function (s) { return [s.id, s.title, s.start]; }), I.lang()]);
    if (key === sessionsKey) return;
    sessionsKey = key;
    var was = hostSessions();
    $('propose-sessions').hidden = ev.sessions.length < 2;
    OS.fill($('propose-sessions-list'), A.sessionChoices(ev, 'host-session-', was));
  }

  function hostSessions() {
    return Array.prototype.map.call(document.querySelectorAll('#propose-sessions input:checked'), function (c) { return c.value; });
  }

  // A.sessionChoices draws one checkbox per session ("1ère session · 19:30"),
  // ids prefix + index, ticked when its ID is in checked: the proposal form
  // and "when I can host" of my topics share it.
  A.sessionChoices = function (ev, prefix, checked) {
    return ev.sessions.map(function (s, i) {
      return h('label', { className: 'choice-line', htmlFor: prefix + i },
        h('input', { type: 'checkbox', id: prefix + i, value: s.id, checked: checked.indexOf(s.id) >= 0 }),
        s.title, s.start ? h('span', { className: 'hint' }, '\u00a0· ' + A.startTime(s.start)) : null);
    });
  };

  // A.startTime writes a session's HH:MM as the language does (20:05, 8:05 PM).
  A.startTime = function (hhmm) {
    var m = /^(\d\d):(\d\d)$/.exec(hhmm || '');
    return m ? I.fmtTime(new Date(2000, 0, 1, +m[1], +m[2])) : hhmm;
  };

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
    $('propose-queued').hidden = true;
    OS.showError($('propose-error'), null);
    var body = { title: title.value.trim(), description: desc.value.trim(), host: $('propose-host').value.trim(), needs: needs(), host_sessions: hostSessions() };
    var settled = false;
    // The form empties once the topic is safe: on the board, or kept in
    // the queue; a refusal at once leaves it as typed.
    var clear = function () {
      title.value = '';
      desc.value = '';
      Array.prototype.forEach.call(document.querySelectorAll('#propose-needs input, #propose-sessions input'), function (c) { c.checked = false; });
      btn.disabled = false;
    };
    var done = OS.queue.enqueue({ method: 'POST', path: base + '/topics', body: body, kind: 'propose', label: body.title });
    whenWaiting(done.key, function () {
      if (settled) return;
      settled = true;
      clear();
      $('propose-queued').hidden = false;
    });
    // Kept, then on the board: the note that it waits gives way to the thanks.
    done.then(function () {
      if (!settled) clear();
      settled = true;
      $('propose-queued').hidden = true;
      $('propose-done').hidden = false;
      setTimeout(function () { $('propose-done').hidden = true; }, 5000);
    }, function (err) {
      $('propose-queued').hidden = true;
      if (settled) return; // said by the queue's banner
      settled = true;
      btn.disabled = false;
      OS.showError($('propose-error'), err);
    });
  });

  /* ---------- the action queue: writes the server does not have yet ---------- */
  var watching = {}; // action key -> what to do once it waits in the queue

  // whenWaiting calls fn once the action waits in the queue, not being
  // sent: behind others, or sent without an answer. The person may then go
  // on (tap again, type another topic): it is kept.
  function whenWaiting(key, fn) {
    watching[key] = fn;
    checkWaiting();
  }

  function checkWaiting() {
    OS.queue.list().forEach(function (a) {
      var fn = watching[a.key];
      if (fn && a.state === 'waiting') { delete watching[a.key]; fn(); }
    });
  }

  // ballot is my ballot as the server last said, with the votes and unvotes
  // still in the queue applied in order: what the dots left count.
  function ballot() {
    var b = me.ballot, topics = b.topics.slice();
    OS.queue.list().forEach(function (a) {
      var i = topics.indexOf(a.topic);
      if (a.kind === 'vote' && i < 0) topics.push(a.topic);
      if (a.kind === 'unvote' && i >= 0) topics.splice(i, 1);
    });
    return { budget: b.budget, topics: topics, remaining: Math.max(0, b.budget - topics.length) };
  }

  // waitingVote is the last queued vote or unvote of a topic, if any.
  function waitingVote(tid) {
    return OS.queue.list().filter(function (a) { return a.topic === tid && (a.kind === 'vote' || a.kind === 'unvote'); }).pop() || null;
  }

  // queuedProposals are the proposals in the queue, drawn after the topics.
  function queuedProposals() {
    return OS.queue.list().filter(function (a) { return a.kind === 'propose' && a.body; }).map(function (a) {
      return { pendingKey: a.key, title: a.body.title, host: a.body.host, description: a.body.description, host_sessions: a.body.host_sessions };
    });
  }

  function createQueuedProposal(p) {
    var li = h('li', { className: 'topic waiting proposal-waiting', 'data-pending-key': p.pendingKey });
    li._title = h('h3', { className: 'title' });
    li._host = h('div', { className: 'host' });
    li._avail = h('div', { className: 'host-sessions' });
    li._wait = h('div', { className: 'wait-mark' });
    li.appendChild(h('div', { className: 'body' }, li._title, li._host, li._avail));
    li.appendChild(h('div', { className: 'side' }, li._wait));
    return li;
  }

  function updateQueuedProposal(li, p) {
    li._title.textContent = p.title;
    li._host.textContent = p.host ? t('by_host', { host: p.host }) : '';
    li._avail.textContent = OS.onlyIn(st.event, p);
    li._avail.hidden = !li._avail.textContent;
    li._wait.textContent = t('a_p_wait');
  }

  OS.queue.on(function (ev) {
    if (ev.type === 'done' && me && (ev.action.kind === 'vote' || ev.action.kind === 'unvote') && ev.reply && ev.reply.topics) {
      me.ballot = ev.reply;
      if (st && st.plan) refreshMe(0);
    }
    if (ev.type === 'refused' && me && (ev.action.kind === 'vote' || ev.action.kind === 'unvote')) refreshMe(0);
    if (ev.action) delete watching[ev.action.key];
    if (ev.type === 'change') checkWaiting();
    render();
  });
  // Back to the page: my ballot may have changed on another of my devices
  // (a personal link), and what waits may go now.
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'visible') refreshMe(0);
  });
  /* ---------- end of the action queue ---------- */

  $('retry-btn').addEventListener('click', loadMe);
  I.onChange(function () { shownPhase = null; render(); });
  // Coming back to the page: the list may be sorted again.
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'visible') { order = null; render(); }
  });
  setInterval(function () {
    if (!me || !st || document.visibilityState === 'hidden') return;
    A.parts.forEach(function (p) { if (p.tick) p.tick(A.ctx); });
  }, 1000);

  // start: what the phone kept, drawn at once; then the state over HTTP
  // and /me in parallel (the head preloads both), and the stream.
  var keeper = OS.offline.keeper(id, function () {
    return me && st && st.event ? { at: live.status() === 'live' ? Date.now() : asOf, state: live.state(), me: me } : null;
  });
  view('loading');
  live = OS.live({ eventId: id });
  live.on(onLive);
  var kept = OS.offline.load(id);
  if (kept && kept.me) {
    me = kept.me;
    saved = true;
    asOf = kept.at;
    view('main');
    live.restore(kept.state);
  }
  live.start();
  live.load().catch(function (err) {
    if (err.code === 'not_found') { OS.offline.forget(id); fatal(err); } // else the stream brings it
  });
  loadMe();
})();
