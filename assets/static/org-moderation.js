/* openspace console, moderation (#moderation-section): the organizer's
 * remedies against a flood. The attendees, read with GET /attendees (again
 * whenever someone joins or leaves or a topic comes or goes), each with how
 * many topics and dots they put, most topics first, and "Remove" (DELETE
 * /attendees/{aid}: the person goes with their votes and topics); the topics
 * with a checkbox each and "Remove the selected topics" (POST
 * /topics/delete, all in one go). Both ask first, inline, without a browser
 * dialog. Closing joining is a switch of the steps card (org-steps.js). An
 * attendee with a personal link ("use on another device": link true) also
 * gets "Revoke links" (DELETE /attendees/{aid}/link): the link stops working
 * and the devices that came in through it are signed out. */
(function () {
  'use strict';
  var OS = window.OS, I = OS.i18n, t = OS.t, h = OS.h, $ = OS.byId, P = I.plural;
  // MAX_ROWS bounds the table: a flood of identities must not freeze the console.
  var MAX_ROWS = 200;
  I.add({
    en: {
      om_h: 'Moderation',
      om_help: 'If someone floods the evening: remove the person with everything they did, or many topics at once. To stop new people joining, turn off “Open to new attendees” at the top.',
      om_people_h: P({ one: '1 attendee', other: '{n} attendees' }),
      om_no_people: 'Nobody has joined yet.',
      om_name: 'Name', om_answer: 'Answer', om_topics: 'Topics', om_votes: 'Dots', om_joined: 'Joined', om_action: 'Action',
      om_anon: 'Anonymous', om_remove: 'Remove',
      om_remove_label: function (v) { return 'Remove ' + v.name; },
      om_remove_person_q: function (v) {
        return 'Remove ' + v.name + '? ' + P({ one: 'Their topic goes', other: 'Their {n} topics go' })({ n: v.topics }) +
          ' and ' + P({ one: 'their dot is taken back', other: 'their {n} dots are taken back' })({ n: v.votes }) + '; their phone will have to join again.';
      },
      om_remove_person_q0: function (v) { return 'Remove ' + v.name + '? Their phone will have to join again.'; },
      om_remove_yes: 'Yes, remove',
      om_more_rows: P({ one: 'and 1 more, with fewer topics.', other: 'and {n} more, with fewer topics.' }),
      om_topics_h: P({ one: '1 topic', other: '{n} topics' }),
      om_topics_legend: 'Topics to remove',
      om_no_topics: 'No topic yet.',
      om_by: function (v) { return 'by ' + v.host; },
      om_remove_sel: P({ one: 'Remove the selected topic', other: 'Remove the {n} selected topics' }),
      om_remove_none: 'Remove the selected topics',
      om_remove_topics_q: P({ one: 'Remove this topic? Its dots go back to the voters.', other: 'Remove these {n} topics? Their dots go back to the voters.' }),
      om_removed_person: function (v) { return v.name + ' has been removed.'; },
      om_removed_topics: P({ one: '1 topic removed.', other: '{n} topics removed.' }),
      om_links: 'Revoke links',
      om_links_label: function (v) { return 'Revoke links of ' + v.name; },
      om_links_q: function (v) { return 'Revoke the personal links of ' + v.name + '? They stop working and the devices that came in through them are signed out; the device ' + v.name + ' joined from stays signed in.'; },
      om_links_yes: 'Yes, revoke',
      om_links_done: function (v) { return 'The links of ' + v.name + ' are revoked.'; }
    },
    fr: {
      om_h: 'Modération',
      om_help: 'Si quelqu’un inonde la soirée : retirez la personne avec tout ce qu’elle a fait, ou plusieurs sujets d’un coup. Pour ne plus accepter de nouveaux participants, décochez « Ouvert aux nouveaux participants » en haut.',
      om_people_h: P({ one: '{n} participant', other: '{n} participants' }),
      om_no_people: 'Personne n’a encore rejoint.',
      om_name: 'Nom', om_answer: 'Réponse', om_topics: 'Sujets', om_votes: 'Points', om_joined: 'Arrivée', om_action: 'Action',
      om_anon: 'Anonyme', om_remove: 'Retirer',
      om_remove_label: function (v) { return 'Retirer ' + v.name; },
      om_remove_person_q: function (v) {
        return 'Retirer ' + v.name + ' ? ' + P({ one: 'Son sujet disparaît', other: 'Ses {n} sujets disparaissent' })({ n: v.topics }) +
          ' et ' + P({ one: 'son point est repris', other: 'ses {n} points sont repris' })({ n: v.votes }) + ' ; son téléphone devra rejoindre à nouveau.';
      },
      om_remove_person_q0: function (v) { return 'Retirer ' + v.name + ' ? Son téléphone devra rejoindre à nouveau.'; },
      om_remove_yes: 'Oui, retirer',
      om_more_rows: P({ one: 'et {n} autre, avec moins de sujets.', other: 'et {n} autres, avec moins de sujets.' }),
      om_topics_h: P({ one: '{n} sujet', other: '{n} sujets' }),
      om_topics_legend: 'Sujets à retirer',
      om_no_topics: 'Aucun sujet pour l’instant.',
      om_by: function (v) { return 'par ' + v.host; },
      om_remove_sel: P({ one: 'Retirer le sujet sélectionné', other: 'Retirer les {n} sujets sélectionnés' }),
      om_remove_none: 'Retirer les sujets sélectionnés',
      om_remove_topics_q: P({ one: 'Retirer ce sujet ? Ses points reviennent aux votants.', other: 'Retirer ces {n} sujets ? Leurs points reviennent aux votants.' }),
      om_removed_person: function (v) { return v.name + ' ne fait plus partie de l’événement.'; },
      om_removed_topics: P({ one: '{n} sujet retiré.', other: '{n} sujets retirés.' }),
      om_links: 'Révoquer les liens',
      om_links_label: function (v) { return 'Révoquer les liens de ' + v.name; },
      om_links_q: function (v) { return 'Révoquer les liens personnels de ' + v.name + '\u202f? Ils cessent de fonctionner et les appareils entrés par eux sont déconnectés\u202f; l’appareil avec lequel ' + v.name + ' a rejoint l’événement reste connecté.'; },
      om_links_yes: 'Oui, révoquer',
      om_links_done: function (v) { return 'Les liens de ' + v.name + ' sont révoqués.'; }
    }
  });

  OS.org = OS.org || {};
  OS.org.more = OS.org.more || [];
  OS.org.more.push(function (ctx) {
    var live = ctx.live, base = ctx.base;
    var people = null, loading = false, again = false, seenKey = null, drawnPeople = null, drawnTopics = null;
    var confirming = null; // attendee ID whose removal is being confirmed
    var revoking = null;   // attendee ID whose links' revocation is being confirmed
    var selected = {};     // topic ID -> checked
    var busy = false;

    function fetchPeople() {
      if (loading) { again = true; return; }
      loading = true;
      OS.api('GET', base + '/attendees').then(function (r) {
        people = r.attendees || [];
      }, function (err) { OS.showError($('om-error'), err); }).then(function () {
        loading = false;
        if (again) { again = false; fetchPeople(); return; }
        draw(live.state());
      });
    }

    function displayName(a) { return a.name ? I.quote(a.name) : t('om_anon'); }

    function render(st) {
      if (!st.event) return;
      // Read again when someone joins or leaves or a topic comes or goes,
      // not on every vote: the console follows votes on its stream, and a
      // room voting at once must not make it ask for the list each time
      // (the dots column catches up with the next join or topic).
      var key = JSON.stringify([st.attendance && st.attendance.count, st.topics.map(function (tp) { return tp.id; })]);
      if (key !== seenKey) { seenKey = key; fetchPeople(); }
      draw(st);
    }

    function draw(st) {
      drawPeople();
      drawTopics(st);
    }

    function drawPeople() {
      var list = people || [];
      var key = JSON.stringify([list, confirming, revoking, busy, I.lang()]);
      if (key === drawnPeople) return;
      drawnPeople = key;
      $('om-people-h').textContent = t('om_people_h', { n: list.length });
      $('om-no-people').hidden = people === null || list.length > 0;
      var sorted = list.slice().sort(function (a, b) {
        return (b.topics - a.topics) || (b.votes - a.votes) || (a.joined_at < b.joined_at ? -1 : a.joined_at > b.joined_at ? 1 : 0);
      });
      var table = $('om-people');
      var rows = sorted.slice(0, MAX_ROWS).map(function (a) {
        var name = displayName(a);
        var cell = h('td', { className: 'om-act' });
        if (confirming === a.id) {
          var q = (a.topics || a.votes) ? t('om_remove_person_q', { name: name, topics: a.topics, votes: a.votes }) : t('om_remove_person_q0', { name: name });
          cell.appendChild(h('span', { className: 'om-confirm', role: 'group', 'aria-label': t('om_remove_label', { name: name }) },
            h('span', { className: 'om-q' }, q), ' ',
            h('button', { type: 'button', className: 'danger solid small om-remove-yes', disabled: busy, onclick: function () { removePerson(a); } }, t('om_remove_yes')), ' ',
            h('button', { type: 'button', className: 'secondary small om-remove-no', disabled: busy, onclick: function () { confirming = null; drawPeople(); focusRow(a.id, '.om-remove'); } }, t('cancel'))));
        } else if (revoking === a.id) {
          cell.appendChild(h('span', { className: 'om-confirm', role: 'group', 'aria-label': t('om_links_label', { name: name }) },
            h('span', { className: 'om-links-q' }, t('om_links_q', { name: name })), ' ',
            h('button', { type: 'button', className: 'danger solid small om-links-yes', disabled: busy, onclick: function () { revokeLinks(a); } }, t('om_links_yes')), ' ',
            h('button', { type: 'button', className: 'secondary small om-links-no', disabled: busy, onclick: function () { revoking = null; drawPeople(); focusRow(a.id, '.om-links'); } }, t('cancel'))));
        } else {
          cell.appendChild(h('button', { type: 'button', className: 'danger small om-remove', 'aria-label': t('om_remove_label', { name: name }), disabled: busy,
            onclick: function () { confirming = a.id; revoking = null; drawPeople(); focusRow(a.id, '.om-remove-yes'); } }, t('om_remove')));
          if (a.link) {
            cell.appendChild(document.createTextNode(' '));
            cell.appendChild(h('button', { type: 'button', className: 'secondary small om-links', 'aria-label': t('om_links_label', { name: name }), disabled: busy,
              onclick: function () { revoking = a.id; confirming = null; drawPeople(); focusRow(a.id, '.om-links-yes'); } }, t('om_links')));
          }
        }
        return h('tr', { 'data-attendee-id': a.id },
          h('th', { scope: 'row', className: 'name' }, a.name || t('om_anon')),
          h('td', { className: 'answer' }, a.answer || '—'),
          h('td', { className: 'topics num', 'data-n': a.topics }, I.num(a.topics)),
          h('td', { className: 'votes num', 'data-n': a.votes }, I.num(a.votes)),
          h('td', { className: 'joined' }, I.fmtTime(Date.parse(a.joined_at))),
          cell);
      });
      table.replaceChildren();
      if (rows.length) {
        table.appendChild(h('thead', null, h('tr', null,
          h('th', { scope: 'col' }, t('om_name')), h('th', { scope: 'col' }, t('om_answer')),
          h('th', { scope: 'col', className: 'num' }, t('om_topics')), h('th', { scope: 'col', className: 'num' }, t('om_votes')),
          h('th', { scope: 'col' }, t('om_joined')), h('th', { scope: 'col' }, h('span', { className: 'sr-only' }, t('om_action'))))));
        table.appendChild(h('tbody', null, rows));
        if (sorted.length > MAX_ROWS) {
          table.appendChild(h('tfoot', null, h('tr', null, h('td', { colspan: 6, className: 'muted', id: 'om-more' }, t('om_more_rows', { n: sorted.length - MAX_ROWS })))));
        }
      }
    }

    function focusRow(id, sel) {
      var row = $('om-people').querySelector('tr[data-attendee-id="' + CSS.escape(id) + '"]');
      var el = row && row.querySelector(sel);
      if (el) el.focus();
    }

    function removePerson(a) {
      busy = true;
      drawPeople();
      OS.showError($('om-error'), null);
      OS.api('DELETE', base + '/attendees/' + OS.enc(a.id)).then(function () {
        $('om-status').textContent = t('om_removed_person', { name: displayName(a) });
        people = (people || []).filter(function (p) { return p.id !== a.id; });
        confirming = null;
      }, function (err) { OS.showError($('om-error'), err); }).then(function () {
        busy = false;
        drawPeople();
        fetchPeople();
      });
    }

    function revokeLinks(a) {
      busy = true;
      drawPeople();
      OS.showError($('om-error'), null);
      OS.api('DELETE', base + '/attendees/' + OS.enc(a.id) + '/link').then(function () {
        $('om-status').textContent = t('om_links_done', { name: displayName(a) });
        revoking = null;
      }, function (err) { OS.showError($('om-error'), err); }).then(function () {
        busy = false;
        drawPeople();
        fetchPeople();
      });
    }

    function selectedIDs(st) {
      return st.topics.filter(function (tp) { return selected[tp.id]; }).map(function (tp) { return tp.id; });
    }

    function drawTopics(st) {
      // Forget the selection of topics that went away.
      var known = {};
      st.topics.forEach(function (tp) { known[tp.id] = true; });
      Object.keys(selected).forEach(function (id) { if (!known[id]) delete selected[id]; });
      var ids = selectedIDs(st);
      var asking = !$('om-remove-topics-box').hidden;
      var key = JSON.stringify([st.topics.map(function (tp) { return [tp.id, tp.title, tp.host, tp.votes]; }), ids, busy, asking, I.lang()]);
      if (key === drawnTopics) return;
      drawnTopics = key;
      $('om-topics-h').textContent = t('om_topics_h', { n: st.topics.length });
      $('om-no-topics').hidden = st.topics.length > 0;
      $('om-topics-box').hidden = st.topics.length === 0;
      var ul = $('om-topics');
      var have = {};
      Array.prototype.forEach.call(ul.children, function (li) { have[li.getAttribute('data-topic-id')] = li; });
      var order = st.topics.slice().sort(function (a, b) { return a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : 0; });
      order.forEach(function (tp, i) {
        var li = have[tp.id];
        if (!li) {
          var box = h('input', { type: 'checkbox', id: 'om-t-' + tp.id.replace(/[^\w-]/g, '_'), className: 'om-pick' });
          box.addEventListener('change', function () {
            if (box.checked) selected[tp.id] = true; else delete selected[tp.id];
            hideConfirm();
            drawTopics(live.state());
          });
          li = h('li', { 'data-topic-id': tp.id }, h('label', { htmlFor: box.id }, box, ' ', h('span', { className: 'title' }), h('span', { className: 'host muted' }), h('span', { className: 'votes muted' })));
        }
        delete have[tp.id];
        li.querySelector('.om-pick').checked = !!selected[tp.id];
        li.querySelector('.om-pick').disabled = busy;
        li.querySelector('.title').textContent = tp.title;
        li.querySelector('.host').textContent = tp.host ? ' · ' + t('om_by', { host: tp.host }) : '';
        li.querySelector('.votes').textContent = ' · ' + t('votes', { n: tp.votes });
        if (ul.children[i] !== li) ul.insertBefore(li, ul.children[i] || null);
      });
      Object.keys(have).forEach(function (id) { have[id].remove(); });
      var btn = $('om-remove-topics');
      btn.textContent = ids.length ? t('om_remove_sel', { n: ids.length }) : t('om_remove_none');
      btn.disabled = !ids.length || busy;
      if (!ids.length) hideConfirm();
      $('om-remove-topics-q').textContent = t('om_remove_topics_q', { n: ids.length });
      $('om-remove-topics-yes').disabled = busy;
    }

    function hideConfirm() {
      $('om-remove-topics-box').hidden = true;
      $('om-remove-topics').setAttribute('aria-expanded', 'false');
    }

    $('om-remove-topics').addEventListener('click', function () {
      $('om-remove-topics-box').hidden = false;
      $('om-remove-topics').setAttribute('aria-expanded', 'true');
      drawnTopics = null;
      drawTopics(live.state());
      $('om-remove-topics-yes').focus();
    });
    $('om-remove-topics-no').addEventListener('click', function () {
      hideConfirm();
      drawnTopics = null;
      drawTopics(live.state());
      $('om-remove-topics').focus();
    });
    $('om-remove-topics-yes').addEventListener('click', function () {
      var ids = selectedIDs(live.state());
      if (!ids.length) return;
      busy = true;
      drawnTopics = null;
      drawTopics(live.state());
      OS.showError($('om-error'), null);
      OS.api('POST', base + '/topics/delete', { ids: ids }).then(function () {
        ids.forEach(function (id) { delete selected[id]; });
        hideConfirm();
        $('om-status').textContent = t('om_removed_topics', { n: ids.length });
      }, function (err) { OS.showError($('om-error'), err); }).then(function () {
        busy = false;
        drawnTopics = null;
        drawTopics(live.state());
        $('om-remove-topics').focus();
      });
    });

    return { render: render };
  });
})();
