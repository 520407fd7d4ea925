/* openspace attendee page, "forget me": the person erases their name, their
 * answer and their feedback from the event (DELETE /me), after a
 * confirmation. Their dots stay, anonymous, so the counts do not change;
 * the phone is a stranger to the event afterwards and shows the join form,
 * with a note that it is done. */
(function () {
  'use strict';
  var OS = window.OS, I = OS.i18n, t = OS.t, h = OS.h, $ = OS.byId;
  I.add({
    en: {
      a_privacy_h: 'Your data',
      a_privacy_text: 'This event keeps the name and the answer you gave, your votes, the rooms you checked into and your feedback, until the organizer deletes it. You can erase yourself from it.',
      a_forget: 'Forget me…',
      a_forget_q: 'Your name, your answer, your feedback and your check-ins will be erased from this event, and this phone will no longer be recognised. Your votes stay, anonymously, so the counts do not change. The topics you proposed stay too.',
      a_forget_yes: 'Erase me from this event',
      a_forgotten: 'Done: this event no longer knows you. You can join again, as if for the first time.'
    },
    fr: {
      a_privacy_h: 'Vos données',
      a_privacy_text: 'Cet événement garde le nom et la réponse que vous avez donnés, vos votes, les salles où vous avez pointé et votre avis, jusqu’à ce que l’organisateur le supprime. Vous pouvez vous en effacer.',
      a_forget: 'M’oublier…',
      a_forget_q: 'Votre nom, votre réponse, votre avis et vos pointages seront effacés de cet événement, et ce téléphone ne sera plus reconnu. Vos votes restent, anonymes, pour que les totaux ne changent pas. Les sujets que vous avez proposés restent aussi.',
      a_forget_yes: 'M’effacer de cet événement',
      a_forgotten: 'C’est fait : cet événement ne vous connaît plus. Vous pouvez le rejoindre à nouveau, comme si c’était la première fois.'
    }
  });

  var id = OS.eventId(), flag = 'os_forgotten_' + id;

  function store(f) { try { return f(window.sessionStorage); } catch (e) { return null; } }

  // After "forget me" the page reloads as a stranger: say it is done.
  if (store(function (s) { return s.getItem(flag); })) {
    store(function (s) { s.removeItem(flag); });
    var note = h('p', { id: 'forgotten-note', className: 'ok', role: 'status' }, t('a_forgotten'));
    var join = $('join-view');
    join.insertBefore(note, $('join-h').nextSibling);
    I.onChange(function () { note.textContent = t('a_forgotten'); });
  }

  $('forget-me').addEventListener('click', function () {
    $('forget-confirm-box').hidden = false;
    $('forget-me').setAttribute('aria-expanded', 'true');
    $('forget-confirm').focus();
  });
  $('forget-cancel').addEventListener('click', function () {
    $('forget-confirm-box').hidden = true;
    $('forget-me').setAttribute('aria-expanded', 'false');
    $('forget-me').focus();
  });
  $('forget-confirm').addEventListener('click', function () {
    var btn = $('forget-confirm');
    btn.disabled = true;
    OS.showError($('forget-error'), null);
    OS.api('DELETE', '/api/events/' + OS.enc(id) + '/me').then(function () {
      OS.offline.forget(id); // what the phone kept of this event goes too
      store(function (s) { s.setItem(flag, '1'); });
      if (OS.queue) OS.queue.clear(); // what waited to be sent goes too
      window.location.reload();
    }, function (err) {
      OS.showError($('forget-error'), err);
      btn.disabled = false;
    });
  });
  $('privacy-section').hidden = false; // hidden until this part can act on it
  $('forget-me').setAttribute('aria-controls', 'forget-confirm-box');
  $('forget-me').setAttribute('aria-expanded', 'false');

})();
