/* openspace organizer console: the page. It reads the organizer state once
 * over HTTP (a 401 shows how to sign in), then follows the organizer stream
 * (role=organizer, through live.js) and redraws every part on each change.
 * The parts, one file each: org-setup.js (the set-up form), org-topics.js
 * (moderation), org-report.js (the draft's score and losses), org-grid.js
 * (the draft plan, the scheduler, publishing), org-steps.js (the step bar,
 * the next and previous steps, the phase switches), org-pitch.js (the pitch
 * queue), org-run.js (the running session, its timer and headcounts). This
 * file keeps the welcome section (links, QR code, who came) and the
 * organizer key. */
(function () {
  'use strict';
  var OS = window.OS, I = OS.i18n, t = OS.t, h = OS.h, $ = OS.byId;
  I.add({
    en: {
      o_auth_h: 'Organizers only', o_auth: 'Open your organizer link (the secret link you got when creating the event) to use this console.',
      o_links: 'Links', o_projector: 'Projector page', o_attendee: 'Attendee page', o_join_code: 'Join code:',
      o_recap: 'Recap (Markdown)', o_rotate: 'New organizer link…', o_key_sum: 'Organizer link',
      o_qr_alt: 'QR code to join the event', o_here: I.plural({ one: 'attendee', other: 'attendees' }),
      o_recap_h: 'Recap',
      o_rotate_q: 'The current organizer link will stop working.', o_rotate_yes: 'Make a new link',
      o_new_link: 'Your new organizer link. Keep it secret: it is shown only once.',
      o_needs: 'needs: {list}' // the topic list and the grid's tray
    },
    fr: {
      o_auth_h: 'Réservé aux organisateurs', o_auth: 'Ouvrez votre lien organisateur (le lien secret reçu à la création de l’événement) pour utiliser cette console.',
      o_links: 'Liens', o_projector: 'Page projecteur', o_attendee: 'Page participant', o_join_code: 'Code d’accès :',
      o_recap: 'Compte-rendu (Markdown)', o_rotate: 'Nouveau lien organisateur…', o_key_sum: 'Lien organisateur',
      o_qr_alt: 'QR code pour rejoindre l’événement', o_here: I.plural({ one: 'participant', other: 'participants' }),
      o_recap_h: 'Compte-rendu',
      o_rotate_q: 'Le lien organisateur actuel ne marchera plus.', o_rotate_yes: 'Créer un nouveau lien',
      o_new_link: 'Votre nouveau lien organisateur. Gardez-le secret : il n’est affiché qu’une fois.',
      o_needs: 'besoin : {list}'
    }
  });

  var id = OS.eventId(), base = '/api/events/' + OS.enc(id);
  var live = OS.live({ eventId: id, role: 'organizer' });
  var ctx = { live: live, base: base };
  var parts = [OS.org.steps(ctx), OS.org.setup(ctx), OS.org.topics(ctx), OS.org.report(ctx), OS.org.grid(ctx),
    OS.org.pitch(ctx), OS.org.run(ctx)];
  // Parts of the write-up (notes, feedback, recap, calendar, export…)
  // register themselves: OS.org.more.push(function (ctx) { return {render}; }).
  (OS.org.more || []).forEach(function (make) { parts.push(make(ctx)); });

  function load() {
    OS.showError($('page-error'), null);
    $('retry-box').hidden = true;
    // The stream opens once the organizer key is known to work: a 401
    // shows how to sign in instead of a socket that keeps failing.
    live.load().then(function () {
      $('page-status').hidden = true;
      $('org-main').hidden = false;
      live.start();
      render();
    }, function (err) {
      $('page-status').hidden = true;
      if (err.code === 'unauthorized') { $('auth-needed').hidden = false; return; }
      OS.showError($('page-error'), err);
      if (err.code !== 'not_found') $('retry-box').hidden = false;
    });
  }

  function render() {
    var st = live.state(), ev = st.event;
    if (!ev) return;
    $('event-title').textContent = ev.title;
    document.title = ev.title + ' · openspace';
    $('event-meta').textContent = [I.fmtDate(ev.date), ev.venue].filter(Boolean).join(' · ');
    renderLinks(st);
    parts.forEach(function (p) { p.render(st); });
  }

  /* ---------- links and organizer key ---------- */

  function renderLinks(st) {
    var ev = st.event;
    $('link-projector').href = '/p/' + OS.enc(id);
    $('link-attendee').href = '/e/' + OS.enc(id);
    $('link-recap').href = base + '/recap.md';
    var qr = $('org-qr'), src = base + '/qr.svg';
    if (qr.getAttribute('src') !== src) qr.setAttribute('src', src);
    $('org-join-code').textContent = ev.join_code;
    var ju = OS.absURL('/j/' + ev.join_code);
    $('org-join-url').href = ju;
    $('org-join-url').textContent = ju;
    var n = st.attendance.count || 0;
    $('org-attendee-count').textContent = I.num(n);
    $('org-attendee-label').textContent = t('o_here', { n: n });
    renderSplit(ev, st.attendance);
  }

  // renderSplit shows how the attendees answered the event's question.
  function renderSplit(ev, att) {
    // Answers are user text: read them from a map without a prototype.
    var profiles = Object.assign(Object.create(null), att.profiles || {});
    var keys = ev.question ? ev.question.choices.slice() : [];
    Object.keys(profiles).forEach(function (k) { if (k && keys.indexOf(k) < 0) keys.push(k); });
    if (profiles['']) keys.push('');
    var total = att.count || 0;
    OS.fill($('org-split'), keys.map(function (k) {
      var c = profiles[k] || 0;
      return h('li', { 'data-answer': k },
        h('span', { className: 'answer' }, k || t('no_answer')), ' ',
        h('strong', { className: 'count-n' }, I.num(c)),
        total ? h('span', { className: 'pct muted' }, ' (' + Math.round(100 * c / total) + '\u00a0%)') : null);
    }));
  }

  $('rotate-key').addEventListener('click', function () {
    $('rotate-confirm-box').hidden = false;
    $('rotate-confirm').focus();
  });
  $('rotate-cancel').addEventListener('click', function () {
    $('rotate-confirm-box').hidden = true;
    $('rotate-key').focus();
  });
  $('rotate-confirm').addEventListener('click', function () {
    var btn = $('rotate-confirm');
    btn.disabled = true;
    OS.showError($('links-error'), null);
    OS.api('POST', base + '/organizer-key').then(function (r) {
      var url = OS.absURL(r.organizer_url);
      var a = $('new-organizer-link');
      a.href = url;
      a.textContent = url;
      $('new-key-box').hidden = false;
      $('rotate-confirm-box').hidden = true;
    }, function (err) { OS.showError($('links-error'), err); }).then(function () { btn.disabled = false; });
  });
  OS.copyButton($('copy-new-link'), function () { return $('new-organizer-link').href; });

  live.on(render);
  I.onChange(render);
  $('retry-btn').addEventListener('click', load);
  load();
})();
