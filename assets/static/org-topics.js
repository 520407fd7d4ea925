/* openspace console, topics: the list with its moderation (edit, remove,
 * merge into another) and the organizer's own "add a topic". Each topic
 * says who hosts it and when they can ("only in 1ère session"); both forms
 * set that. The requests' replies are not applied: the stream brings the
 * topics, with their new order, in the next patch. */
(function () {
  'use strict';
  var OS = window.OS, I = OS.i18n, t = OS.t, h = OS.h, $ = OS.byId;
  I.add({
    en: {
      o_topics: 'Topics', o_no_topics: 'No topic yet.', o_edit: 'Edit', o_remove: 'Remove',
      o_remove_q: function (v) { return 'Remove ' + I.quote(v.title) + '? Its dots go back to the voters.'; }, o_remove_yes: 'Yes, remove',
      o_merge_into: 'Merge into…', o_merge_label: function (v) { return 'Merge ' + I.quote(v.title) + ' into another topic'; }, o_merge: 'Merge…',
      o_merge_q: function (v) {
        return 'Merge ' + I.quote(v.title) + ' into ' + I.quote(v.into) + '? ' + I.quote(v.title) + ' disappears and its votes move to ' +
          I.quote(v.into) + '. Anyone who voted for both keeps one dot on ' + I.quote(v.into) + ' and gets the other back.';
      },
      o_merge_yes: 'Yes, merge',
      o_tally: function (v) {
        return I.plural({ one: '{n} dot placed', other: '{n} dots placed' })({ n: v.used }) + ' ' +
          I.plural({ one: 'out of {n}', other: 'out of {n}' })({ n: v.max }) + ' · ' + I.plural({ one: '{n} topic', other: '{n} topics' })({ n: v.topics });
      },
      o_add_topic: 'Add a topic', o_t_title: 'Title', o_t_desc: 'Description', o_t_host: 'Host',
      o_t_needs: 'Needs (equipment, comma-separated)', o_add_go: 'Add the topic',
      o_t_sessions: 'The host can only be there during…', o_t_sessions_hint: '(none ticked: any session)'
    },
    fr: {
      o_topics: 'Sujets', o_no_topics: 'Aucun sujet pour l’instant.', o_edit: 'Modifier', o_remove: 'Supprimer',
      o_remove_q: function (v) { return 'Supprimer ' + I.quote(v.title) + ' ? Ses points reviennent aux votants.'; }, o_remove_yes: 'Oui, supprimer',
      o_merge_into: 'Fusionner dans…', o_merge_label: function (v) { return 'Fusionner ' + I.quote(v.title) + ' dans un autre sujet'; }, o_merge: 'Fusionner…',
      o_merge_q: function (v) {
        return 'Fusionner ' + I.quote(v.title) + ' dans ' + I.quote(v.into) + ' ? ' + I.quote(v.title) + ' disparaît et ses votes passent à ' +
          I.quote(v.into) + '. Qui avait voté pour les deux garde un point sur ' + I.quote(v.into) + ' et récupère l’autre.';
      },
      o_merge_yes: 'Oui, fusionner',
      o_tally: function (v) {
        return I.plural({ one: '{n} point placé', other: '{n} points placés' })({ n: v.used }) + ' ' +
          I.plural({ one: 'sur {n}', other: 'sur {n}' })({ n: v.max }) + ' · ' + I.plural({ one: '{n} sujet', other: '{n} sujets' })({ n: v.topics });
      },
      o_add_topic: 'Ajouter un sujet', o_t_title: 'Titre', o_t_desc: 'Description', o_t_host: 'Animateur',
      o_t_needs: 'Besoins (équipement, séparé par des virgules)', o_add_go: 'Ajouter le sujet',
      o_t_sessions: 'L’animateur n’est disponible que pendant…', o_t_sessions_hint: '(rien de coché : n’importe quel créneau)'
    }
  });

  OS.org = OS.org || {};
  // OS.org.topics({live, base}) binds #org-topics and #add-topic-form;
  // render(state) redraws the list.
  OS.org.topics = function (ctx) {
    var live = ctx.live;
    var editing = {}, confirming = {}; // topic ID -> its edit form / its remove confirmation is open
    var merging = {}; // topic ID -> the topic it is about to be merged into, until confirmed or cancelled

    function topicInput(form) {
      var v = function (n) { return form.querySelector('[name=' + n + ']').value.trim(); };
      var sessions = Array.prototype.map.call(form.querySelectorAll('input[name=host_sessions]:checked'), function (c) { return c.value; });
      return { title: v('title'), description: v('description'), host: v('host'), needs: OS.list(v('needs')), host_sessions: sessions };
    }

    // sessionBoxes fills a form's fieldset with one checkbox per session,
    // ticking those in checked; the ticks stand until the sessions change.
    // Hidden with one session: there is nothing to choose.
    function sessionBoxes(box, prefix, checked, ev) {
      var sig = JSON.stringify([ev.sessions.map(function (x) { return [x.id, x.title]; })]);
      box.hidden = ev.sessions.length < 2;
      if (box._sig === sig && !checked) return;
      var keep = checked || Array.prototype.map.call(box.querySelectorAll('input:checked'), function (c) { return c.value; });
      box._sig = sig;
      Array.prototype.slice.call(box.querySelectorAll('.choice-line')).forEach(function (el) { box.removeChild(el); });
      ev.sessions.forEach(function (x, i) {
        box.appendChild(h('label', { className: 'choice-line', htmlFor: prefix + i },
          h('input', { type: 'checkbox', id: prefix + i, name: 'host_sessions', value: x.id, checked: keep.indexOf(x.id) >= 0 }), x.title));
      });
    }

    function createTopic(tp) {
      var tid = tp.id, n = tid.replace(/[^\w-]/g, '_');
      var li = h('li', { className: 'org-topic', 'data-topic-id': tid });
      li._title = h('span', { className: 'title' });
      li._votes = h('span', { className: 'votes' });
      li._meta = h('div', { className: 'muted' });
      li._host = h('span', { className: 'host' });
      li._avail = h('span', { className: 'host-sessions' });
      li._needs = h('span', { className: 'needs' });
      li._edit = h('button', { type: 'button', className: 'secondary small edit-btn', 'aria-expanded': 'false', onclick: function () {
        editing[tid] = !editing[tid];
        if (editing[tid]) fillEdit(li, live.topic(tid));
        redraw();
        if (editing[tid]) li._form.querySelector('input').focus();
      } });
      li._remove = h('button', { type: 'button', className: 'danger small remove-btn', onclick: function () {
        confirming[tid] = true;
        redraw();
        li._confirm.querySelector('.confirm-remove-btn').focus();
      } });
      li._select = h('select', { className: 'merge-select', id: 'merge-' + n });
      li._mergeLabel = h('label', { className: 'sr-only', htmlFor: 'merge-' + n });
      li._merge = h('button', { type: 'button', className: 'secondary small merge-btn', onclick: function () {
        var target = li._select.value;
        if (!target) { li._select.focus(); return; }
        merging[tid] = target;
        redraw();
        li._mergeBox.querySelector('.confirm-merge-btn').focus();
      } });
      li._mergeText = h('span', null);
      li._mergeBox = h('div', { className: 'note confirm merge-confirm', hidden: true }, li._mergeText, ' ',
        h('button', { type: 'button', className: 'solid small confirm-merge-btn', onclick: function () {
          var target = merging[tid];
          if (!target) return;
          act(li, 'POST', ctx.base + '/topics/' + OS.enc(target) + '/merge', { source: tid }, function () { delete merging[tid]; });
        } }, ''),
        ' ',
        h('button', { type: 'button', className: 'secondary small cancel-merge-btn', onclick: function () {
          delete merging[tid];
          redraw();
          li._merge.focus();
        } }, ''));
      li._confirmText = h('span', null);
      li._confirm = h('div', { className: 'note confirm', hidden: true }, li._confirmText, ' ',
        h('button', { type: 'button', className: 'danger solid small confirm-remove-btn', onclick: function () {
          act(li, 'DELETE', ctx.base + '/topics/' + OS.enc(tid));
        } }, ''),
        ' ',
        h('button', { type: 'button', className: 'secondary small cancel-remove-btn', onclick: function () {
          confirming[tid] = false;
          redraw();
          li._remove.focus();
        } }, ''));
      li._err = h('p', { className: 'error', role: 'alert', hidden: true });
      var f = function (name, key, input) {
        var fid = 'edit-' + n + '-' + name;
        input.id = fid;
        input.name = name;
        return [h('label', { htmlFor: fid, 'data-i18n': key }, t(key)), input];
      };
      li._form = h('form', { className: 'edit-form', hidden: true },
        f('title', 'o_t_title', h('input', { required: true, maxlength: 120 })),
        f('description', 'o_t_desc', h('textarea', { maxlength: 2000 })),
        f('host', 'o_t_host', h('input', { maxlength: 60 })),
        f('needs', 'o_t_needs', h('input', null)),
        li._sessions = h('fieldset', { className: 'host-sessions', hidden: true },
          h('legend', null, h('span', { 'data-i18n': 'o_t_sessions' }, t('o_t_sessions')), ' ',
            h('span', { className: 'hint', 'data-i18n': 'o_t_sessions_hint' }, t('o_t_sessions_hint')))),
        h('div', { className: 'actions' },
          h('button', { type: 'submit', className: 'save-btn', 'data-i18n': 'save' }, t('save')),
          h('button', { type: 'button', className: 'secondary cancel-edit-btn', 'data-i18n': 'cancel', onclick: function () {
            editing[tid] = false;
            redraw();
            li._edit.focus();
          } }, t('cancel'))));
      li._form.addEventListener('submit', function (e) {
        e.preventDefault();
        act(li, 'PATCH', ctx.base + '/topics/' + OS.enc(tid), topicInput(li._form), function () { editing[tid] = false; });
      });
      li.appendChild(h('div', { className: 'line' }, li._title, li._votes));
      li.appendChild(li._meta);
      li.appendChild(h('div', { className: 'line' }, li._edit, li._remove, li._mergeLabel, li._select, li._merge));
      li.appendChild(li._confirm);
      li.appendChild(li._mergeBox);
      li.appendChild(li._err);
      li.appendChild(li._form);
      return li;
    }

    function fillEdit(li, tp) {
      if (!tp) return;
      var set = function (n, v) { li._form.querySelector('[name=' + n + ']').value = v; };
      set('title', tp.title);
      set('description', tp.description || '');
      set('host', tp.host || '');
      set('needs', (tp.needs || []).join(', '));
      sessionBoxes(li._sessions, 'edit-' + tp.id.replace(/[^\w-]/g, '_') + '-s', OS.hostSessions(live.state().event, tp).map(function (x) { return x.id; }), live.state().event);
    }

    // act runs one topic request and shows its error inside the topic.
    function act(li, method, url, body, done) {
      OS.showError(li._err, null);
      Array.prototype.forEach.call(li.querySelectorAll('button'), function (b) { b.disabled = true; });
      OS.api(method, url, body).then(function () {
        if (done) done();
      }, function (err) {
        OS.showError(li._err, err);
      }).then(function () {
        Array.prototype.forEach.call(li.querySelectorAll('button'), function (b) { b.disabled = false; });
        redraw();
      });
    }

    function updateTopic(li, tp, topics) {
      var tid = tp.id;
      li._title.textContent = tp.title;
      li._votes.textContent = t('votes', { n: tp.votes });
      // "par Ada · seulement en 1ère session · besoin : screen"
      var ev = live.state().event;
      li._host.textContent = tp.host ? t('by_host', { host: tp.host }) : '';
      li._avail.textContent = OS.onlyIn(ev, tp);
      li._needs.textContent = tp.needs && tp.needs.length ? t('o_needs', { list: tp.needs.join(', ') }) : '';
      var parts = [li._host, li._avail, li._needs].filter(function (el) { return el.textContent; });
      OS.fill(li._meta, parts.map(function (el, i) { return i ? [' · ', el] : el; }));
      if (editing[tid]) sessionBoxes(li._sessions, 'edit-' + tid.replace(/[^\w-]/g, '_') + '-s', null, ev);
      li._edit.textContent = t('o_edit');
      li._edit.setAttribute('aria-expanded', String(!!editing[tid]));
      li._form.hidden = !editing[tid];
      li._remove.textContent = t('o_remove');
      li._confirm.hidden = !confirming[tid];
      li._confirmText.textContent = t('o_remove_q', { title: tp.title });
      li._confirm.querySelector('.confirm-remove-btn').textContent = t('o_remove_yes');
      li._confirm.querySelector('.cancel-remove-btn').textContent = t('cancel');
      li._mergeLabel.textContent = t('o_merge_label', { title: tp.title });
      li._merge.textContent = t('o_merge');
      var into = merging[tid] ? live.topic(merging[tid]) : null;
      if (merging[tid] && !into) delete merging[tid]; // the target went away
      li._mergeBox.hidden = !into;
      li._mergeText.textContent = into ? t('o_merge_q', { title: tp.title, into: into.title }) : '';
      li._mergeBox.querySelector('.confirm-merge-btn').textContent = t('o_merge_yes');
      li._mergeBox.querySelector('.cancel-merge-btn').textContent = t('cancel');
      var others = topics.filter(function (o) { return o.id !== tid; });
      var sig = JSON.stringify([I.lang(), others.map(function (o) { return [o.id, o.title]; })]);
      if (li._selectSig !== sig) {
        li._selectSig = sig;
        var keep = li._select.value;
        OS.fill(li._select, h('option', { value: '' }, t('o_merge_into')), others.map(function (o) {
          return h('option', { value: o.id, selected: o.id === keep }, o.title);
        }));
      }
      li._select.disabled = li._merge.disabled = others.length === 0;
    }

    function redraw() { render(live.state()); }

    function render(st) {
      var ids = {};
      st.topics.forEach(function (tp) { ids[tp.id] = true; });
      Object.keys(editing).forEach(function (k) { if (!ids[k]) delete editing[k]; });
      Object.keys(confirming).forEach(function (k) { if (!ids[k]) delete confirming[k]; });
      Object.keys(merging).forEach(function (k) { if (!ids[k]) delete merging[k]; });
      var used = 0;
      st.topics.forEach(function (tp) { used += tp.votes || 0; });
      var ev = st.event;
      $('org-tally').textContent = ev ? t('o_tally', { used: used, max: (st.attendance.count || 0) * (ev.dot_budget || 0), topics: st.topics.length }) : '';
      $('no-topics').hidden = st.topics.length > 0;
      if (ev) sessionBoxes($('add-topic-sessions'), 'add-topic-s', null, ev);
      OS.keyed($('org-topics'), st.topics, function (tp) { return tp.id; }, createTopic, function (li, tp) { updateTopic(li, tp, st.topics); });
    }

    $('add-topic-form').addEventListener('submit', function (e) {
      e.preventDefault();
      var form = $('add-topic-form'), btn = $('add-topic-submit');
      btn.disabled = true;
      OS.showError($('add-topic-error'), null);
      OS.api('POST', ctx.base + '/topics', topicInput(form)).then(function () {
        form.reset(); // the session boxes too
        $('add-topic-title').focus();
      }, function (err) { OS.showError($('add-topic-error'), err); }).then(function () { btn.disabled = false; });
    });

    return { render: render };
  };
})();
