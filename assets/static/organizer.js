/* openspace organizer console: the page. It reads the organizer state once
 * over HTTP (a 401 shows how to sign in), then follows the organizer stream
 * (role=organizer, through live.js) and redraws every part on each change.
 * The parts, one file each: org-setup.js (the set-up form), org-topics.js
 * (moderation), org-report.js (the draft's score and losses), org-grid.js
 * (the draft plan, the scheduler, publishing). This file keeps the links,
 * the organizer key and the phases. */
(function () {
  'use strict';
  var OS = window.OS, I = OS.i18n, $ = OS.byId;
  I.add({
    en: {
      o_auth_h: 'Organizers only', o_auth: 'Open your organizer link (the secret link you got when creating the event) to use this console.',
      o_links: 'Links', o_projector: 'Projector page', o_attendee: 'Attendee page', o_join_code: 'Join code:',
      o_recap: 'Recap (Markdown)', o_rotate: 'New organizer link…',
      o_rotate_q: 'The current organizer link will stop working.', o_rotate_yes: 'Make a new link',
      o_new_link: 'Your new organizer link. Keep it secret: it is shown only once.',
      o_phases: 'Phases', o_proposals_open: 'Proposals open', o_voting_open: 'Voting open', o_attendees: 'Attendees:',
      o_needs: 'needs: {list}' // the topic list and the grid's tray
    },
    fr: {
      o_auth_h: 'Réservé aux organisateurs', o_auth: 'Ouvrez votre lien organisateur (le lien secret reçu à la création de l’événement) pour utiliser cette console.',
      o_links: 'Liens', o_projector: 'Page projecteur', o_attendee: 'Page participant', o_join_code: 'Code d’accès :',
      o_recap: 'Compte-rendu (Markdown)', o_rotate: 'Nouveau lien organisateur…',
      o_rotate_q: 'Le lien organisateur actuel ne marchera plus.', o_rotate_yes: 'Créer un nouveau lien',
      o_new_link: 'Votre nouveau lien organisateur. Gardez-le secret : il n’est affiché qu’une fois.',
      o_phases: 'Phases', o_proposals_open: 'Propositions ouvertes', o_voting_open: 'Votes ouverts', o_attendees: 'Participants :',
      o_needs: 'besoin : {list}'
    }
  });

  var id = OS.eventId(), base = '/api/events/' + OS.enc(id);
  var live = OS.live({ eventId: id, role: 'organizer' });
  var ctx = { live: live, base: base };
  var parts = [OS.org.setup(ctx), OS.org.topics(ctx), OS.org.report(ctx), OS.org.grid(ctx)];
  var busy = {}; // phase -> its PATCH is in flight: leave the checkbox as the organizer set it

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
    renderPhases(ev);
    parts.forEach(function (p) { p.render(st); });
  }

  /* ---------- links and organizer key ---------- */

  function renderLinks(st) {
    var ev = st.event;
    $('link-projector').href = '/p/' + OS.enc(id);
    $('link-attendee').href = '/e/' + OS.enc(id);
    $('link-recap').href = base + '/recap.md';
    $('org-join-code').textContent = ev.join_code;
    var ju = OS.absURL('/j/' + ev.join_code);
    $('org-join-url').href = ju;
    $('org-join-url').textContent = ju;
    $('org-attendee-count').textContent = String(st.attendance.count || 0);
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

  /* ---------- phases ---------- */

  function renderPhases(ev) {
    if (!busy.proposals) $('toggle-proposals').checked = ev.proposals_open;
    if (!busy.voting) $('toggle-voting').checked = ev.voting_open;
  }

  [['toggle-proposals', 'proposals', 'proposals_open'], ['toggle-voting', 'voting', 'voting_open']].forEach(function (p) {
    var box = $(p[0]);
    box.addEventListener('change', function () {
      var body = {};
      body[p[2]] = box.checked;
      busy[p[1]] = true;
      box.disabled = true;
      OS.showError($('phases-error'), null);
      live.write('PATCH', base + '/phases', body, function (ev) { return { event: ev }; }).then(null, function (err) {
        OS.showError($('phases-error'), err);
      }).then(function () {
        busy[p[1]] = false;
        box.disabled = false;
        render();
      });
    });
  });

  live.on(render);
  I.onChange(render);
  $('retry-btn').addEventListener('click', load);
  load();
})();
