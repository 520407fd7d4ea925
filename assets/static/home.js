/* openspace home: join with a code, create an event. */
(function () {
  'use strict';
  var OS = window.OS, I = OS.i18n, $ = OS.byId;
  I.add({
    en: {
      home_title: 'Run your open space', home_intro: 'Attendees join from their phones, propose topics and vote with dots; you place the topics on a session × room grid and publish it.',
      join_h: 'Join an event', join_code_label: 'Event code', join_go: 'Join',
      create_h: 'Create an event', create_go: 'Create the event',
      result_h: 'Your event is ready', result_secret: 'Keep this secret link: it is shown only once. It opens the organizer console.',
      result_code: 'Join code', result_join_url: 'Join link',
      open_console: 'Open the console', open_projector: 'Open the projector', open_attendee: 'Open the attendee page'
    },
    fr: {
      home_title: 'Animez votre open space', home_intro: 'Les participants rejoignent depuis leur téléphone, proposent des sujets et votent avec des gommettes ; vous placez les sujets sur une grille session × salle et la publiez.',
      join_h: 'Rejoindre un événement', join_code_label: 'Code de l’événement', join_go: 'Rejoindre',
      create_h: 'Créer un événement', create_go: 'Créer l’événement',
      result_h: 'Votre événement est prêt', result_secret: 'Gardez ce lien secret : il n’est affiché qu’une seule fois. Il ouvre la console organisateur.',
      result_code: 'Code d’accès', result_join_url: 'Lien d’accès',
      open_console: 'Ouvrir la console', open_projector: 'Ouvrir le projecteur', open_attendee: 'Ouvrir la page participant'
    }
  });

  var form = OS.setupForm('create');
  form.defaults();

  $('code-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var code = $('code-input').value.replace(/\s+/g, '');
    var btn = $('code-submit');
    if (!code) { $('code-input').focus(); return; }
    btn.disabled = true;
    OS.showError($('code-error'), null);
    OS.api('GET', '/api/join/' + OS.enc(code)).then(function (r) {
      window.location.href = '/e/' + OS.enc(r.event_id);
    }, function (err) {
      OS.showError($('code-error'), err);
      btn.disabled = false;
    });
  });

  function link(id, rel) {
    var a = $(id);
    a.href = OS.absURL(rel);
    return a;
  }

  $('create-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var btn = $('create-submit');
    btn.disabled = true;
    OS.showError($('create-error'), null);
    OS.api('POST', '/api/events', form.read()).then(function (r) {
      var orgURL = OS.absURL(r.organizer_url);
      var org = link('organizer-link', r.organizer_url);
      org.textContent = orgURL;
      $('join-code').textContent = r.event.join_code;
      link('join-url', r.join_url).textContent = OS.absURL(r.join_url);
      link('open-console', r.organizer_url);
      link('open-projector', r.projector_url);
      link('open-attendee', r.attendee_url);
      $('create-section').hidden = true;
      var box = $('create-result');
      box.hidden = false;
      box.focus();
      box.scrollIntoView();
    }, function (err) {
      OS.showError($('create-error'), err);
      btn.disabled = false;
    });
  });

  OS.copyButton($('copy-organizer-link'), function () { return $('organizer-link').href; });
})();
