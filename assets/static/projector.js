/* openspace projector: the stage display of the evening. It follows the
 * event's phase (the organizer drives it from the console; it has no
 * controls): welcome (the QR code big, the count, who is here), marketplace
 * (the pitch queue, or the topics proposed so far), voting (the tally),
 * plan (the published grid), sessions (the grid, the running session's
 * countdown and headcounts, or what comes next), wrap-up (the day's
 * numbers), closed. With event.rotate it alternates every 15 s between the
 * phase's view and the tally or the grid. /p/{id}?room={rid} is the door
 * display of one room. Sized in rem, and the root font scales with the
 * viewport (projector.css): 1 rem is at least 40 px on 1920×1080. */
(function () {
  'use strict';
  var OS = window.OS, I = OS.i18n, t = OS.t, h = OS.h, $ = OS.byId, P = I.plural;
  I.add({
    en: {
      p_qr_alt: 'QR code to join', p_code: 'Code', p_scan_join: 'Scan to join',
      p_people_here: P({ one: 'person here', other: 'people here' }),
      p_pct: '{p}%',
      p_fs_hint: 'Click anywhere for full screen',
      p_pitch_now: 'Pitching now', p_pitch_next: 'Up next',
      p_proposed: 'Topics proposed so far', p_scan_propose: 'Scan the code to propose yours!',
      p_earlier: P({ one: '+ 1 earlier topic', other: '+ {n} earlier topics' }),
      p_tally: 'Topics and votes',
      p_vote_cta: 'Vote from your phone: scan the code!', p_vote_closed_cta: 'Voting is closed.',
      p_prop_open: 'Proposals open', p_prop_closed: 'Proposals closed', p_vote_open: 'Voting open', p_vote_closed: 'Voting closed',
      p_no_topics: 'No topic yet: scan the code and propose one!',
      p_more: P({ one: '+ 1 more topic', other: '+ {n} more topics' }),
      p_grid: 'Schedule', p_coming: 'The schedule is coming…',
      p_rooms_page: 'Rooms {a}–{b} of {n}', p_sessions_page: 'Sessions {a}–{b} of {n}',
      p_seats: P({ one: '{e} / 1 seat', other: '{e} / {n} seats' }),
      p_people_expected: P({ one: '1 person expected', other: '{n} people expected' }),
      p_expected_n: P({ one: '1 expected', other: '{n} expected' }),
      p_here_n: P({ one: '1 here', other: '{n} here' }),
      p_full: 'Full', p_now: 'Now',
      p_next_up: 'Next up: {what}',
      p_ends_at: 'ends at {time}', p_overtime: 'Time’s up: please wrap up',
      p_5min_sr: '{title}: 5 minutes left.', p_over_sr: '{title}: time’s up.',
      p_thanks: 'Thank you all!',
      p_stat_attendees: P({ one: 'attendee', other: 'attendees' }),
      p_stat_topics: P({ one: 'topic', other: 'topics' }),
      p_stat_votes: P({ one: 'vote', other: 'votes' }),
      p_feedback: 'How was it? Scan the code to tell us',
      p_joining_closed: 'Joining is closed.',
      p_closed: 'See you next time!', p_closed_sub: 'This event is over. Thank you for coming.',
      p_door_now: 'Now', p_door_next: 'Next here, at {time}', p_door_then: 'Then, at {time}',
      p_door_next_s: 'Next here: {title}', p_door_then_s: 'Then: {title}',
      p_door_free: 'Nothing in this room right now.', p_door_done: 'Nothing more in this room today.',
      p_no_room: 'This room is not part of the event.',
      p_loopback: 'Phones cannot open this address: it is this computer’s own. Open the projector at {url} so that the code works.',
      p_loopback_none: 'Phones cannot open this address: it is this computer’s own. Start openspace with {public}, or on the venue’s network ({addr}).'
    },
    fr: {
      p_qr_alt: 'QR code pour rejoindre', p_code: 'Code', p_scan_join: 'Scannez pour participer',
      p_people_here: P({ one: 'personne présente', other: 'personnes présentes' }),
      p_pct: '{p}\u00a0%',
      p_fs_hint: 'Cliquez n’importe où pour passer en plein écran',
      p_pitch_now: 'En ce moment', p_pitch_next: 'Ensuite',
      p_proposed: 'Les sujets proposés', p_scan_propose: 'Scannez le code pour proposer le vôtre !',
      p_earlier: P({ one: '+ 1 sujet plus ancien', other: '+ {n} sujets plus anciens' }),
      p_tally: 'Sujets et votes',
      p_vote_cta: 'Votez depuis votre téléphone : scannez le code !', p_vote_closed_cta: 'Les votes sont clos.',
      p_prop_open: 'Propositions ouvertes', p_prop_closed: 'Propositions fermées', p_vote_open: 'Votes ouverts', p_vote_closed: 'Votes fermés',
      p_no_topics: 'Aucun sujet pour l’instant : scannez le code et proposez-en un !',
      p_more: P({ one: '+ 1 autre sujet', other: '+ {n} autres sujets' }),
      p_grid: 'Programme', p_coming: 'Le programme arrive…',
      p_rooms_page: 'Salles {a} à {b} sur {n}', p_sessions_page: 'Sessions {a} à {b} sur {n}',
      p_seats: P({ one: '{e} / 1 place', other: '{e} / {n} places' }),
      p_people_expected: P({ one: '{n} personne attendue', other: '{n} personnes attendues' }),
      p_expected_n: P({ one: '{n} attendu', other: '{n} attendus' }),
      p_here_n: P({ one: '{n} présent', other: '{n} présents' }),
      p_full: 'Complet', p_now: 'En cours',
      p_next_up: 'À suivre : {what}',
      p_ends_at: 'fin à {time}', p_overtime: 'C’est l’heure : on conclut',
      p_5min_sr: '{title} : plus que 5 minutes.', p_over_sr: '{title} : c’est l’heure.',
      p_thanks: 'Merci à toutes et à tous !',
      p_stat_attendees: P({ one: 'participant', other: 'participants' }),
      p_stat_topics: P({ one: 'sujet', other: 'sujets' }),
      p_stat_votes: P({ one: 'vote', other: 'votes' }),
      p_feedback: 'Alors, c’était comment\u202f? Scannez le code pour nous le dire',
      p_joining_closed: 'Les inscriptions sont closes.',
      p_closed: 'À la prochaine !', p_closed_sub: 'L’événement est terminé. Merci d’être venus.',
      p_door_now: 'En ce moment', p_door_next: 'Prochain sujet ici, à {time}', p_door_then: 'Ensuite, à {time}',
      p_door_next_s: 'Prochain sujet ici : {title}', p_door_then_s: 'Ensuite : {title}',
      p_door_free: 'Rien dans cette salle pour l’instant.', p_door_done: 'Plus rien dans cette salle aujourd’hui.',
      p_no_room: 'Cette salle ne fait pas partie de l’événement.',
      p_loopback: 'Les téléphones ne peuvent pas ouvrir cette adresse : c’est celle de cet ordinateur. Ouvrez le projecteur à l’adresse {url} pour que le code fonctionne.',
      p_loopback_none: 'Les téléphones ne peuvent pas ouvrir cette adresse : c’est celle de cet ordinateur. Lancez openspace avec {public}, ou sur le réseau du lieu ({addr}).'
    }
  });

  var PAGE_MS = 10000, ROTATE_MS = 15000;
  var id = OS.eventId(), roomId = new URLSearchParams(window.location.search).get('room');
  var live = OS.live({ eventId: id });
  var clock = OS.projClock(live.now);
  var views = OS.projViews({ live: live, clock: clock }), grid = OS.projGrid({ live: live, clock: clock });
  var S = OS.projSessions, body = document.body;
  var page = 0, alt = false;
  if (roomId) document.documentElement.className = 'door';

  $('qr').src = '/api/events/' + OS.enc(id) + '/qr.svg';

  // The join link starts with what the server encodes in the QR code
  // (OS.absURL). When that is this computer's own address (the organizer opened
  // localhost), no phone can use it: say so, and offer the address of this
  // machine on the venue's network.
  var reachable = (body.getAttribute('data-reachable') || '').split(' ').filter(Boolean);

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

  // The screen speaks the event's language, not the browser's: the
  // organizer's laptop may be set to another one, the room reads this.
  // i18n.js can only switch with a saved choice (setLang), which would
  // change the organizer's other pages too; useLang is the non-saving hook.
  function useEventLanguage(ev) {
    var l = ev.language;
    if ((l === 'fr' || l === 'en') && l !== I.lang() && typeof I.useLang === 'function') I.useLang(l);
  }

  var PHASE_VIEW = { welcome: 'welcome', marketplace: 'pitch', voting: 'tally', plan: 'plan', sessions: 'sessions', wrapup: 'wrapup', closed: 'closed' };

  // view is what the screen shows now: the phase's own view, or, when the
  // organizer let it rotate, every other 15 s the grid (once published)
  // or the tally.
  function viewOf(st) {
    if (roomId) return 'door';
    var ev = st.event, phase = PHASE_VIEW[ev.phase] ? ev.phase : 'welcome', own = PHASE_VIEW[phase];
    if (!ev.rotate || !alt || phase === 'closed') return own;
    var other = st.plan && own !== 'plan' && own !== 'sessions' ? 'plan' : 'tally';
    if (other === own || (other === 'tally' && !st.topics.length)) return own;
    return other;
  }

  var SECTIONS = { pitch: 'pitch-section', tally: 'tally-section', plan: 'grid-section', sessions: 'grid-section',
    wrapup: 'wrapup-section', closed: 'closed-section', door: 'door-section' };

  function renderJoin(st, view) {
    var ev = st.event;
    $('join-code').textContent = ev.join_code;
    $('join-url').textContent = OS.absURL('/j/' + ev.join_code);
    renderLoopbackWarning();
    // Joining closed: no code to scan for newcomers (phones already in keep
    // their page, so the wrap-up still shows it for feedback).
    var closedToNew = !!ev.joining_closed && view !== 'wrapup';
    document.body.setAttribute('data-joining', closedToNew ? 'closed' : 'open');
    $('join-caption').textContent = t(closedToNew ? 'p_joining_closed' : view === 'wrapup' ? 'p_feedback' : 'p_scan_join');
    var n = st.attendance.count || 0;
    $('attendee-count').textContent = I.num(n);
    $('attendee-label').textContent = t('p_people_here', { n: n });
    views.profiles(st);
  }

  // renderClock is the header's countdown of the running session.
  function renderClock(st, view) {
    var run = view === 'sessions' ? S.running(st.event) : null;
    $('clock-box').hidden = !run;
    if (!run) { clock.bind($('session-countdown'), null); return; }
    var ends = S.ms(run.ends_at);
    $('clock-label').textContent = run.title;
    $('clock-box').setAttribute('data-session-id', run.id);
    clock.bind($('session-countdown'), ends);
    subline(run, ends);
  }

  function subline(run, ends) {
    var over = ends !== null && ends - live.now() <= 0;
    var text = ends === null ? '' : over ? t('p_overtime') : t('p_ends_at', { time: I.fmtTime(ends) });
    if ($('clock-sub').textContent !== text) $('clock-sub').textContent = text;
  }

  function render() {
    var st = live.state();
    if (!st.event) return;
    var ev = st.event;
    useEventLanguage(ev);
    var view = viewOf(st);
    body.setAttribute('data-view', view);
    body.setAttribute('data-phase', ev.phase || '');
    $('event-title').textContent = ev.title;
    $('event-meta').textContent = [I.fmtDate(ev.date), ev.venue].filter(Boolean).join(' · ');
    document.title = ev.title + ' · openspace';
    Object.keys(SECTIONS).forEach(function (k) { $(SECTIONS[k]).hidden = SECTIONS[k] !== SECTIONS[view]; });
    renderJoin(st, view);
    // What people can do now: said to screen readers (the views show it).
    [['badge-proposals', 'p_prop_', ev.proposals_open], ['badge-voting', 'p_vote_', ev.voting_open]].forEach(function (b) {
      $(b[0]).textContent = t(b[1] + (b[2] ? 'open' : 'closed'));
      $(b[0]).className = b[2] ? '' : 'off';
    });
    $('proposals-cta').hidden = !ev.proposals_open;
    $('voting-cta').textContent = t(ev.voting_open ? 'p_vote_cta' : 'p_vote_closed_cta');
    renderClock(st, view);
    if (view === 'pitch') views.pitch(st);
    else clock.bind($('pitch-countdown'), null);
    views.tally(st); // kept current when hidden too: rotation shows it at once
    if (view === 'wrapup') views.wrapup(st);
    if (view === 'door') grid.door(st, roomId);
    if (view === 'plan' || view === 'sessions') renderGrid(st, view);
  }

  function renderGrid(st, view) {
    var ev = st.event, run = S.running(ev), next = !run && S.next(ev);
    var published = !!st.plan;
    $('plan-coming').hidden = published;
    var showNext = published && view === 'sessions' && !run && next && grid.nextUp(st, next) > 0;
    $('next-up').hidden = !showNext;
    $('grid-wrap').hidden = !published || showNext;
    $('grid-page').hidden = true;
    if (published && !showNext) grid.grid(st, view, page);
  }

  // Announcements and chimes of the running session: once when 5 minutes
  // are left, once at the end; the chime only when the screen saw the
  // moment come (not when opened late), and only after a user gesture.
  var said = {}, before = {};
  clock.watch(function (now) {
    var st = live.state(), ev = st.event;
    if (!ev) return;
    var run = (ev.phase === 'sessions' || roomId) ? S.running(ev) : null, ends = run && S.ms(run.ends_at);
    body.setAttribute('data-clock', run && ends !== null ? clock.fmtLeft(ends - now).state : '');
    if (!run || ends === null) return;
    if (!$('clock-box').hidden) subline(run, ends);
    var key = run.id + '|' + run.ends_at, left = ends - now, prev = before[key];
    before[key] = left;
    if (left > 0 && left <= clock.WARN_MS && !said[key + 'w']) {
      said[key + 'w'] = true;
      announce(t('p_5min_sr', { title: run.title }));
      if (prev !== undefined && prev > clock.WARN_MS) clock.chime('warn');
    }
    if (left <= 0 && !said[key + 'o']) {
      said[key + 'o'] = true;
      announce(t('p_over_sr', { title: run.title }));
      if (prev !== undefined && prev > 0) clock.chime('over');
    }
  });

  function announce(text) { $('announce').textContent = text; }

  // Rooms (or sessions) that do not fit page every 10 s; with rotate on,
  // the view alternates every 15 s.
  setInterval(function () {
    page++;
    var v = body.getAttribute('data-view');
    if (v === 'plan' || v === 'sessions') render();
  }, PAGE_MS);
  setInterval(function () {
    var st = live.state();
    if (!st.event || !st.event.rotate) { alt = false; return; }
    alt = !alt;
    render();
  }, ROTATE_MS);
  var resizeTimer = null;
  window.addEventListener('resize', function () { clearTimeout(resizeTimer); resizeTimer = setTimeout(render, 150); });

  I.onChange(function () { grid.reset(); render(); });

  live.on(render);
  live.start();
  // A 404 for the event shows up as a socket that never opens: read the
  // state once over HTTP (it also fills the screen until the first snapshot).
  live.load().then(null, function (err) {
    OS.showError($('page-error'), err);
    if (err.code === 'not_found') live.stop();
  });
})();
