/* openspace console, export, import, copy and delete: the event as a JSON
 * download (GET /export.json), a new event from a downloaded file (POST
 * /api/events/import), "new event from this one" for the next meetup of a
 * series (POST /copy: the set-up, no people), both showing the new
 * organizer link once, and deleting the event after typing its join code
 * (DELETE /api/events/{id} {confirm}). */
(function () {
  'use strict';
  var OS = window.OS, I = OS.i18n, t = OS.t, h = OS.h, $ = OS.byId;
  I.add({
    en: {
      o_admin_h: 'Export, copy, delete',
      o_copy_h: 'The next meetup', o_copy_go: 'New event from this one',
      o_copy_help: 'Same title, venue, sessions, rooms, question and settings; no attendees, topics or notes. Set the date in its console.',
      o_export_h: 'Export', o_export_go: 'Download the event (JSON)',
      o_export_help: 'Everything about the event: set-up, attendees, topics, votes, plan, notes and feedback. Keep the file safe: it holds people’s names.',
      o_import_h: 'Import', o_import_l: 'Create an event from an exported file',
      o_import_help: 'The file becomes a new event with its own join code and organizer link; the attendees come without their phones.',
      o_import_busy: 'Importing…', o_import_not_json: 'This file is not JSON: choose a file downloaded with “Download the event”.',
      o_new_event_copy: 'The new event “{title}” is ready.', o_new_event_import: 'The imported event “{title}” is ready.',
      o_new_event_keep: 'Its organizer link, shown only once: keep it secret.',
      o_new_event_open: 'Open its console',
      o_delete_sum: 'Delete this event…',
      o_delete_help: 'The event is deleted for good, with its attendees, topics, votes, plan, notes and feedback. Phones and the projector lose it. Download it first if you want to keep a copy.',
      o_delete_l: 'To confirm, type the join code {code}', o_delete_go: 'Delete for good',
      o_deleted: 'The event and everything in it are deleted.', o_deleted_home: 'Back to the home page'
    },
    fr: {
      o_admin_h: 'Exporter, dupliquer, supprimer',
      o_copy_h: 'Le prochain meetup', o_copy_go: 'Nouvel événement à partir de celui-ci',
      o_copy_help: 'Mêmes titre, lieu, sessions, salles, question et réglages ; ni participants, ni sujets, ni notes. Indiquez la date dans sa console.',
      o_export_h: 'Exporter', o_export_go: 'Télécharger l’événement (JSON)',
      o_export_help: 'Tout l’événement : configuration, participants, sujets, votes, programme, notes et avis. Gardez le fichier en lieu sûr : il contient des noms.',
      o_import_h: 'Importer', o_import_l: 'Créer un événement à partir d’un fichier exporté',
      o_import_help: 'Le fichier devient un nouvel événement, avec son propre code d’accès et son lien organisateur ; les participants y sont sans leur téléphone.',
      o_import_busy: 'Import en cours…', o_import_not_json: 'Ce fichier n’est pas du JSON : choisissez un fichier obtenu avec « Télécharger l’événement ».',
      o_new_event_copy: 'Le nouvel événement « {title} » est prêt.', o_new_event_import: 'L’événement importé « {title} » est prêt.',
      o_new_event_keep: 'Son lien organisateur, affiché une seule fois : gardez-le secret.',
      o_new_event_open: 'Ouvrir sa console',
      o_delete_sum: 'Supprimer cet événement…',
      o_delete_help: 'L’événement est supprimé définitivement, avec ses participants, sujets, votes, programme, notes et avis. Les téléphones et le projecteur le perdent. Téléchargez-le d’abord pour en garder une copie.',
      o_delete_l: 'Pour confirmer, tapez le code d’accès {code}', o_delete_go: 'Supprimer définitivement',
      o_deleted: 'L’événement et tout son contenu sont supprimés.', o_deleted_home: 'Retour à l’accueil'
    }
  });

  OS.org = OS.org || {};
  OS.org.more = OS.org.more || [];
  OS.org.more.push(function (ctx) {
    var live = ctx.live, base = ctx.base, code = '', busy = false, made = null;

    $('export-link').href = base + '/export.json';

    function setBusy(b) {
      busy = b;
      $('copy-event').disabled = b;
      $('import-file').disabled = b;
    }

    // showNew shows the organizer link of an event just made ({event, organizer_url}).
    function showNew(r, kind) {
      made = { title: r.event.title, kind: kind };
      var url = OS.absURL(r.organizer_url);
      $('new-event-link').href = url;
      $('new-event-link').textContent = url;
      $('open-new-event').href = '/o/' + OS.enc(r.event.id);
      $('new-event-box').hidden = false;
      wordNew();
      $('new-event-h').focus();
    }
    function wordNew() {
      if (made) $('new-event-h').textContent = t(made.kind === 'copy' ? 'o_new_event_copy' : 'o_new_event_import', { title: I.quote(made.title) });
    }
    $('new-event-h').setAttribute('tabindex', '-1');

    $('copy-event').addEventListener('click', function () {
      if (busy) return;
      setBusy(true);
      OS.showError($('admin-error'), null);
      OS.api('POST', base + '/copy').then(function (r) { showNew(r, 'copy'); },
        function (err) { OS.showError($('admin-error'), err); }).then(function () { setBusy(false); });
    });

    $('import-file').addEventListener('change', function () {
      var input = $('import-file'), file = input.files && input.files[0];
      if (!file || busy) return;
      OS.showError($('admin-error'), null);
      setBusy(true);
      file.text().then(function (text) {
        var body;
        try { body = JSON.parse(text); } catch (e) {
          $('admin-error').textContent = t('o_import_not_json');
          $('admin-error').hidden = false;
          return null;
        }
        return OS.api('POST', '/api/events/import', body).then(function (r) { showNew(r, 'import'); },
          function (err) { OS.showError($('admin-error'), err); });
      }).then(function () { setBusy(false); input.value = ''; });
    });

    OS.copyButton($('copy-new-event-link'), function () { return $('new-event-link').href; });

    // The delete button works only once the join code is typed (any case).
    function typed() { return $('delete-confirm').value.trim().toUpperCase(); }
    function check() { $('delete-event').disabled = busy || !code || typed() !== code; }
    $('delete-confirm').addEventListener('input', check);

    $('delete-form').addEventListener('submit', function (e) {
      e.preventDefault();
      if (busy || typed() !== code) return;
      setBusy(true);
      check();
      OS.showError($('delete-error'), null);
      OS.api('DELETE', base, { confirm: typed() }).then(function () {
        live.stop();
        var said = h('p', null, t('o_deleted')), home = h('a', { href: '/' }, t('o_deleted_home'));
        var note = h('section', { id: 'deleted-note', className: 'card', role: 'status' }, said, h('p', null, home));
        I.onChange(function () { said.textContent = t('o_deleted'); home.textContent = t('o_deleted_home'); });
        var main = $('org-main');
        main.parentNode.insertBefore(note, main);
        main.hidden = true;
        note.setAttribute('tabindex', '-1');
        note.focus();
      }, function (err) { OS.showError($('delete-error'), err); }).then(function () { setBusy(false); check(); });
    });

    function render(st) {
      var ev = st.event;
      if (!ev) return;
      code = ev.join_code;
      $('delete-help').textContent = t('o_delete_help');
      $('delete-label').textContent = t('o_delete_l', { code: code });
      wordNew();
      check();
    }
    return { render: render };
  });
})();
