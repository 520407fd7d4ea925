/* openspace organizer console: links, phases, set-up, topics (edit, remove,
 * merge, add), the draft grid (click or drag to place, move, swap, clear,
 * lock), the scheduler ("Propose a plan" and the report of the current draft:
 * score, unscheduled topics, what each person loses, expected headcounts) and
 * publishing. Every edit goes to the API; the screen re-renders from the live
 * organizer stream (role=organizer), which also carries the report. */
(function () {
  'use strict';
  var OS = window.OS, I = OS.i18n, t = OS.t, h = OS.h, $ = OS.byId;
  I.add({
    en: {
      o_auth_h: 'Organizers only', o_auth: 'Open your organizer link (the secret link you got when creating the event) to use this console.',
      o_links: 'Links', o_projector: 'Projector page', o_attendee: 'Attendee page', o_join_code: 'Join code:',
      o_recap: 'Recap (Markdown)', o_rotate: 'New organizer link…',
      o_rotate_q: 'The current organizer link will stop working.', o_rotate_yes: 'Make a new link',
      o_new_link: 'Your new organizer link. Keep it secret: it is shown only once.',
      o_phases: 'Phases', o_proposals_open: 'Proposals open', o_voting_open: 'Voting open', o_attendees: 'Attendees:',
      o_grid: 'Schedule grid (draft)',
      o_grid_help: 'Select a topic, then a cell; or drag a topic onto a cell. Moving onto a filled cell swaps the two topics.',
      o_unplaced: 'Unplaced topics', o_none_unplaced: 'Every topic is placed.',
      o_selected: 'Selected: {title}. Choose a cell (Escape to cancel).', o_place: 'Place here', o_swap: 'Swap here', o_replace: 'Replace',
      o_place_label: 'Place {title} in {session}, {room}',
      o_clear: 'Clear', o_lock: 'Lock', o_unlock: 'Unlock', o_locked: 'Locked',
      o_started: 'Started', o_start_label: 'Mark {title} as started: re-planning keeps its cells',
      o_lacks: 'This room lacks: {list}',
      o_publish: 'Publish', o_not_published: 'Not published yet: attendees do not see a schedule.',
      o_differs: 'The draft differs from the published plan: publish to update every screen.',
      o_published: 'Published: every screen shows this grid.',
      o_topics: 'Topics', o_no_topics: 'No topic yet.', o_edit: 'Edit', o_remove: 'Remove',
      o_remove_q: 'Remove “{title}”? Its dots go back to the voters.', o_remove_yes: 'Yes, remove',
      o_merge_into: 'Merge into…', o_merge_label: 'Merge “{title}” into another topic', o_merge: 'Merge',
      o_add_topic: 'Add a topic', o_t_title: 'Title', o_t_desc: 'Description', o_t_host: 'Host',
      o_t_needs: 'Needs (equipment, comma-separated)', o_add_go: 'Add the topic',
      o_setup: 'Set-up', o_saved: 'Saved.', o_reset: 'Undo my changes', o_needs: 'needs: {list}',
      o_propose: 'Propose a plan', o_proposing: 'Computing the plan…',
      o_propose_help: 'Places the topics so that the most people can attend what they voted for. Locked cells stay where they are; once a plan is published, as few topics as possible move. You can still edit the grid by hand, re-run, then publish.',
      o_score: '{n} of {max} wishes honoured',
      o_unscheduled: 'Not scheduled:', o_all_scheduled: 'Every topic is in the grid.',
      o_losses: 'What people lose', o_losses_n: I.plural({ s: '1 person' }, '{n} people'), o_no_losses: 'Nobody loses a wish.',
      o_anon: 'Anonymous', o_lost: I.plural({ s: 'misses 1 wish' }, 'misses {n} wishes'), o_more: '+ {n} more',
      o_r_clash: 'same session as another of their choices', o_r_full: 'room full', o_r_unscheduled: 'not scheduled',
      o_expected: '{n} expected, {cap} seats, {v} voted for it'
    },
    fr: {
      o_auth_h: 'Réservé aux organisateurs', o_auth: 'Ouvrez votre lien organisateur (le lien secret reçu à la création de l’événement) pour utiliser cette console.',
      o_links: 'Liens', o_projector: 'Page projecteur', o_attendee: 'Page participant', o_join_code: 'Code d’accès :',
      o_recap: 'Compte-rendu (Markdown)', o_rotate: 'Nouveau lien organisateur…',
      o_rotate_q: 'Le lien organisateur actuel ne marchera plus.', o_rotate_yes: 'Créer un nouveau lien',
      o_new_link: 'Votre nouveau lien organisateur. Gardez-le secret : il n’est affiché qu’une fois.',
      o_phases: 'Phases', o_proposals_open: 'Propositions ouvertes', o_voting_open: 'Votes ouverts', o_attendees: 'Participants :',
      o_grid: 'Grille du programme (brouillon)',
      o_grid_help: 'Choisissez un sujet, puis une case ; ou glissez un sujet sur une case. Déplacer sur une case occupée échange les deux sujets.',
      o_unplaced: 'Sujets non placés', o_none_unplaced: 'Tous les sujets sont placés.',
      o_selected: 'Sélection : {title}. Choisissez une case (Échap pour annuler).', o_place: 'Placer ici', o_swap: 'Échanger ici', o_replace: 'Remplacer',
      o_place_label: 'Placer {title} dans {session}, {room}',
      o_clear: 'Vider', o_lock: 'Verrouiller', o_unlock: 'Déverrouiller', o_locked: 'Verrouillé',
      o_started: 'Commencée', o_start_label: 'Marquer {title} comme commencée : un nouveau calcul garde ses cases',
      o_lacks: 'Il manque dans cette salle : {list}',
      o_publish: 'Publier', o_not_published: 'Pas encore publié : les participants ne voient pas de programme.',
      o_differs: 'Le brouillon diffère du programme publié : publiez pour mettre à jour tous les écrans.',
      o_published: 'Publié : tous les écrans affichent cette grille.',
      o_topics: 'Sujets', o_no_topics: 'Aucun sujet pour l’instant.', o_edit: 'Modifier', o_remove: 'Supprimer',
      o_remove_q: 'Supprimer « {title} » ? Ses points reviennent aux votants.', o_remove_yes: 'Oui, supprimer',
      o_merge_into: 'Fusionner dans…', o_merge_label: 'Fusionner « {title} » dans un autre sujet', o_merge: 'Fusionner',
      o_add_topic: 'Ajouter un sujet', o_t_title: 'Titre', o_t_desc: 'Description', o_t_host: 'Animateur',
      o_t_needs: 'Besoins (équipement, séparé par des virgules)', o_add_go: 'Ajouter le sujet',
      o_setup: 'Configuration', o_saved: 'Enregistré.', o_reset: 'Annuler mes modifications', o_needs: 'besoin : {list}',
      o_propose: 'Proposer un programme', o_proposing: 'Calcul du programme…',
      o_propose_help: 'Place les sujets pour que le plus de monde possible assiste à ce qu’il a choisi. Les cases verrouillées restent en place ; après une publication, le moins de sujets possible bougent. Vous pouvez ensuite modifier la grille à la main, relancer, puis publier.',
      o_score: function (v) { return v.n + (v.n > 1 ? ' vœux honorés sur ' : ' vœu honoré sur ') + v.max; },
      o_unscheduled: 'Non programmés :', o_all_scheduled: 'Tous les sujets sont dans la grille.',
      o_losses: 'Ce que chacun perd', o_losses_n: I.plural({ s: '{n} personne', fr: true }, '{n} personnes'), o_no_losses: 'Personne ne perd de vœu.',
      o_anon: 'Anonyme', o_lost: I.plural({ s: 'perd {n} vœu', fr: true }, 'perd {n} vœux'), o_more: '+ {n} autres',
      o_r_clash: 'même créneau qu’un autre de ses choix', o_r_full: 'salle pleine', o_r_unscheduled: 'non programmé',
      o_expected: '{n} attendus, {cap} places, {v} l’ont choisi'
    }
  });

  var id = OS.eventId(), base = '/api/events/' + OS.enc(id);
  var live = OS.live({ eventId: id, role: 'organizer' });
  var st = live.state(), selected = null, dragId = null;
  var reportKey = null, proposing = false;
  var MAX_LOSSES = 200;
  var editing = {}, confirming = {}, busy = {};
  var setupForm = OS.setupForm('setup'), setupDirty = false, setupKey = null, gridKey = null;

  /* ---------- loading ---------- */

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

  live.on(render);

  function topicById(tid) { return live.topic(tid); }

  function render() {
    st = live.state();
    if (!st.event) return;
    var ev = st.event;
    $('event-title').textContent = ev.title;
    document.title = ev.title + ' · openspace';
    $('event-meta').textContent = [I.fmtDate(ev.date), ev.venue].filter(Boolean).join(' · ');
    renderLinks(ev);
    renderPhases(ev);
    renderSetup(ev);
    renderTopics();
    renderReport();
    renderGrid(ev);
  }

  /* ---------- links and organizer key ---------- */

  function renderLinks(ev) {
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

  /* ---------- set-up ---------- */

  function setupSig(ev) {
    return JSON.stringify([ev.title, ev.date, ev.venue, ev.language, ev.dot_budget, ev.sessions, ev.rooms, ev.question || null]);
  }

  function renderSetup(ev) {
    var sig = setupSig(ev);
    if (setupDirty || sig === setupKey) return;
    setupKey = sig;
    setupForm.fill(ev);
  }

  ['input', 'change'].forEach(function (type) {
    $('setup-form').addEventListener(type, function () { setupDirty = true; $('setup-saved').hidden = true; });
  });
  $('setup-form').addEventListener('click', function (e) {
    if (e.target.closest && e.target.closest('.remove-row, #setup-add-session, #setup-add-room')) setupDirty = true;
  });
  $('setup-reset').addEventListener('click', function () {
    setupDirty = false;
    setupKey = null;
    OS.showError($('setup-error'), null);
    render();
  });
  $('setup-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var btn = $('setup-submit');
    btn.disabled = true;
    OS.showError($('setup-error'), null);
    live.write('PUT', base + '/setup', setupForm.read(), function (ev) { return { event: ev }; }).then(function () {
      setupDirty = false;
      setupKey = null;
      $('setup-saved').hidden = false;
      render();
    }, function (err) { OS.showError($('setup-error'), err); }).then(function () { btn.disabled = false; });
  });

  /* ---------- topics ---------- */

  function topicInput(form) {
    var v = function (n) { return form.querySelector('[name=' + n + ']').value.trim(); };
    return { title: v('title'), description: v('description'), host: v('host'), needs: OS.list(v('needs')) };
  }

  function createTopic(tp) {
    var tid = tp.id, n = tid.replace(/[^\w-]/g, '_');
    var li = h('li', { className: 'org-topic', 'data-topic-id': tid });
    li._title = h('span', { className: 'title' });
    li._votes = h('span', { className: 'votes' });
    li._meta = h('div', { className: 'muted' });
    li._edit = h('button', { type: 'button', className: 'secondary small edit-btn', 'aria-expanded': 'false', onclick: function () {
      editing[tid] = !editing[tid];
      if (editing[tid]) fillEdit(li, topicById(tid));
      renderTopics();
      if (editing[tid]) li._form.querySelector('input').focus();
    } });
    li._remove = h('button', { type: 'button', className: 'danger small remove-btn', onclick: function () {
      confirming[tid] = true;
      renderTopics();
      li._confirm.querySelector('.confirm-remove-btn').focus();
    } });
    li._select = h('select', { className: 'merge-select', id: 'merge-' + n });
    li._mergeLabel = h('label', { className: 'sr-only', htmlFor: 'merge-' + n });
    li._merge = h('button', { type: 'button', className: 'secondary small merge-btn', onclick: function () {
      var target = li._select.value;
      if (!target) { li._select.focus(); return; }
      act(li, 'POST', base + '/topics/' + OS.enc(target) + '/merge', { source: tid });
    } });
    li._confirmText = h('span', null);
    li._confirm = h('div', { className: 'note confirm', hidden: true }, li._confirmText, ' ',
      h('button', { type: 'button', className: 'danger solid small confirm-remove-btn', onclick: function () {
        if (selected === tid) selected = null;
        act(li, 'DELETE', base + '/topics/' + OS.enc(tid));
      } }, ''),
      ' ',
      h('button', { type: 'button', className: 'secondary small cancel-remove-btn', onclick: function () {
        confirming[tid] = false;
        renderTopics();
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
      h('div', { className: 'actions' },
        h('button', { type: 'submit', className: 'save-btn', 'data-i18n': 'save' }, t('save')),
        h('button', { type: 'button', className: 'secondary cancel-edit-btn', 'data-i18n': 'cancel', onclick: function () {
          editing[tid] = false;
          renderTopics();
          li._edit.focus();
        } }, t('cancel'))));
    li._form.addEventListener('submit', function (e) {
      e.preventDefault();
      act(li, 'PATCH', base + '/topics/' + OS.enc(tid), topicInput(li._form), function () { editing[tid] = false; });
    });
    li.appendChild(h('div', { className: 'line' }, li._title, li._votes));
    li.appendChild(li._meta);
    li.appendChild(h('div', { className: 'line' }, li._edit, li._remove, li._mergeLabel, li._select, li._merge));
    li.appendChild(li._confirm);
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
      renderTopics();
    });
  }

  function updateTopic(li, tp) {
    var tid = tp.id;
    li._title.textContent = tp.title;
    li._votes.textContent = t('votes', { n: tp.votes });
    li._meta.textContent = [tp.host ? t('by_host', { host: tp.host }) : '', tp.needs && tp.needs.length ? t('o_needs', { list: tp.needs.join(', ') }) : ''].filter(Boolean).join(' · ');
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
    var others = st.topics.filter(function (o) { return o.id !== tid; });
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

  function renderTopics() {
    if (!st) return;
    var ids = {};
    st.topics.forEach(function (tp) { ids[tp.id] = true; });
    Object.keys(editing).forEach(function (k) { if (!ids[k]) delete editing[k]; });
    Object.keys(confirming).forEach(function (k) { if (!ids[k]) delete confirming[k]; });
    $('no-topics').hidden = st.topics.length > 0;
    OS.keyed($('org-topics'), st.topics, function (tp) { return tp.id; }, createTopic, updateTopic);
  }

  $('add-topic-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var form = $('add-topic-form'), btn = $('add-topic-submit');
    btn.disabled = true;
    OS.showError($('add-topic-error'), null);
    OS.api('POST', base + '/topics', topicInput(form)).then(function () {
      form.reset();
      $('add-topic-title').focus();
    }, function (err) { OS.showError($('add-topic-error'), err); }).then(function () { btn.disabled = false; });
  });

  /* ---------- draft grid ---------- */

  function draftCells() { return (st.draft && st.draft.cells) || []; }

  function cellKeys(plan) {
    return ((plan && plan.cells) || []).map(function (c) { return c.session + '|' + c.room + '|' + c.topic; }).sort().join('\n');
  }

  function lacks(tp, room) {
    return (tp.needs || []).filter(function (n) { return (room.equipment || []).indexOf(n) < 0; });
  }

  function sendOp(op) {
    OS.showError($('grid-error'), null);
    $('publish-status').hidden = true;
    return live.write('POST', base + '/draft/ops', op, function (plan) { return { draft: plan }; }).then(function () {
      if (op.op === 'place') selected = null;
      render();
    }, function (err) {
      OS.showError($('grid-error'), err);
    });
  }

  // markStarted tells the server a session is under way: "Propose a plan"
  // then keeps its published cells.
  function markStarted(sid, started) {
    OS.showError($('grid-error'), null);
    return live.write('PATCH', base + '/sessions/' + encodeURIComponent(sid), { started: started }, function (ev) { return { event: ev }; }).then(null, function (err) {
      OS.showError($('grid-error'), err);
      gridKey = null; // put the checkbox back as the state has it
      render();
    });
  }

  function place(tid, s, r) {
    if (!tid) return;
    sendOp({ op: 'place', topic: tid, session: s, room: r });
  }

  function select(tid) {
    selected = selected === tid ? null : tid;
    gridKey = null;
    renderGrid(st.event);
  }

  function chip(tp, where) {
    return h('button', {
      type: 'button', className: 'chip', draggable: true, 'data-topic-id': tp.id,
      'aria-pressed': String(selected === tp.id), 'data-focus': 'chip:' + tp.id,
      onclick: function (e) { e.stopPropagation(); select(tp.id); },
      ondragstart: function (e) {
        dragId = tp.id;
        try { e.dataTransfer.setData('text/plain', tp.id); e.dataTransfer.effectAllowed = 'move'; } catch (x) { /* old browsers */ }
      },
      ondragend: function () { dragId = null; clearDragover(); }
    }, tp.title, ' ', h('span', { className: 'n' }, '(' + tp.votes + ')'),
    where === 'tray' && tp.needs && tp.needs.length ? h('span', { className: 'sub' }, t('o_needs', { list: tp.needs.join(', ') })) : null);
  }

  function clearDragover() {
    Array.prototype.forEach.call(document.querySelectorAll('.dragover'), function (el) { el.classList.remove('dragover'); });
  }

  function dropTarget(el, onDrop) {
    el.addEventListener('dragover', function (e) { e.preventDefault(); el.classList.add('dragover'); });
    el.addEventListener('dragleave', function () { el.classList.remove('dragover'); });
    el.addEventListener('drop', function (e) {
      e.preventDefault();
      clearDragover();
      var tid = dragId;
      try { tid = e.dataTransfer.getData('text/plain') || tid; } catch (x) { /* use dragId */ }
      dragId = null;
      if (tid) onDrop(tid);
    });
  }

  function renderGrid(ev) {
    var cells = draftCells();
    var report = st.report;
    var key = JSON.stringify([selected, cells, ev.sessions, ev.rooms, st.topics, report && report.cells, I.lang()]);
    renderPublishNote();
    if (key === gridKey) return;
    gridKey = key;
    var focusKey = document.activeElement && document.activeElement.getAttribute ? document.activeElement.getAttribute('data-focus') : null;

    var at = {}, placed = {}, expect = {};
    cells.forEach(function (c) { at[c.session + '\n' + c.room] = c; placed[c.topic] = c; });
    ((report && report.cells) || []).forEach(function (x) { expect[x.session + '\n' + x.room + '\n' + x.topic] = x; });
    if (selected && !topicById(selected)) selected = null;
    var sel = selected ? topicById(selected) : null;

    var unplaced = st.topics.filter(function (tp) { return !placed[tp.id]; });
    OS.fill($('unplaced'), unplaced.length ? unplaced.map(function (tp) { return chip(tp, 'tray'); }) :
      h('span', { className: 'muted' }, t('o_none_unplaced')));
    $('selection-status').textContent = sel ? t('o_selected', { title: sel.title }) : '';

    OS.fill($('draft-grid'),
      OS.roomHead(ev.rooms),
      h('tbody', null, ev.sessions.map(function (s) {
        return h('tr', null,
          h('th', { scope: 'row', 'data-session-id': s.id }, s.title, s.start ? h('span', { className: 'sub' }, s.start) : null,
            h('label', { className: 'sub started-toggle' },
              h('input', { type: 'checkbox', className: 'started-box', checked: !!s.started, 'data-focus': 'started:' + s.id,
                'aria-label': t('o_start_label', { title: s.title }),
                onchange: function (e) { markStarted(s.id, e.target.checked); } }),
              ' ', t('o_started'))),
          ev.rooms.map(function (r) {
            var c = at[s.id + '\n' + r.id];
            return cell(s, r, c, sel, placed, c && expect[s.id + '\n' + r.id + '\n' + c.topic]);
          }));
      })));

    if (focusKey) {
      var again = document.querySelector('[data-focus="' + focusKey.replace(/["\\]/g, '\\$&') + '"]');
      if (again) again.focus();
    }
  }

  function cell(s, r, c, sel, placed, x) {
    var tp = c ? topicById(c.topic) : null;
    var td = h('td', { 'data-session-id': s.id, 'data-room-id': r.id });
    var pos = s.id + ':' + r.id;
    if (c && c.locked) td.classList.add('locked');
    if (sel) {
      var missing = lacks(sel, r);
      if (missing.length) { td.classList.add('nofit'); td.title = t('o_lacks', { list: missing.join(', ') }); }
      else td.classList.add('target');
    }
    if (tp) {
      td.appendChild(chip(tp, 'cell'));
      if (x) td.appendChild(expected(x));
      if (c.locked) td.appendChild(h('span', { className: 'sub locked-note' }, t('o_locked')));
      td.appendChild(h('div', { className: 'cell-actions' },
        h('button', { type: 'button', className: 'secondary small lock-btn', 'aria-pressed': String(!!c.locked), 'data-focus': 'lock:' + pos,
          onclick: function (e) { e.stopPropagation(); sendOp({ op: c.locked ? 'unlock' : 'lock', session: s.id, room: r.id }); } },
        t(c.locked ? 'o_unlock' : 'o_lock')),
        h('button', { type: 'button', className: 'danger small clear-btn', disabled: !!c.locked, 'data-focus': 'clear:' + pos,
          onclick: function (e) { e.stopPropagation(); sendOp({ op: 'clear', session: s.id, room: r.id }); } },
        t('o_clear'))));
    }
    if (sel && (!tp || tp.id !== sel.id)) {
      td.appendChild(h('button', { type: 'button', className: 'small place-btn', 'data-focus': 'place:' + pos,
        'aria-label': t('o_place_label', { title: sel.title, session: s.title, room: r.name }),
        onclick: function (e) { e.stopPropagation(); place(selected, s.id, r.id); } },
      t(!tp ? 'o_place' : placed[sel.id] ? 'o_swap' : 'o_replace')));
    }
    td.addEventListener('click', function () { if (selected) place(selected, s.id, r.id); });
    dropTarget(td, function (tid) { place(tid, s.id, r.id); });
    return td;
  }

  // expected shows "12 / 14": the headcount the report expects in the cell
  // and the room's capacity; red-ish when the room is full and some of its
  // voters are left out.
  function expected(x) {
    var long = t('o_expected', { n: x.expected, cap: x.capacity, v: x.voters });
    return h('span', {
      className: 'expected' + (x.expected >= x.capacity && x.voters > x.capacity ? ' over' : ''),
      'data-expected': x.expected, 'data-capacity': x.capacity, 'data-voters': x.voters, title: long
    }, h('span', { 'aria-hidden': 'true' }, x.expected + ' / ' + x.capacity), h('span', { className: 'sr-only' }, long));
  }

  /* ---------- the scheduler ---------- */

  function topicTitle(tid) {
    var tp = topicById(tid);
    return tp ? tp.title : '?';
  }

  function reasonText(r) {
    var k = 'o_r_' + r, s = t(k);
    return s === k ? r : s;
  }

  // renderReport shows the report of the draft that the organizer stream
  // carries (state.report): it is never fetched, the stream sends it again
  // whenever the votes, the topics, the set-up or the draft change it.
  function renderReport() {
    var report = st.report;
    $('plan-report').hidden = !report;
    var btn = $('propose-plan');
    btn.disabled = proposing;
    btn.setAttribute('aria-busy', String(proposing));
    btn.textContent = t(proposing ? 'o_proposing' : 'o_propose');
    var key = JSON.stringify([report, report && st.topics.map(function (tp) { return tp.title; }), I.lang()]);
    if (!report || key === reportKey) return;
    reportKey = key;
    var sc = report.score || {}, un = sc.unscheduled || [], losses = report.losses || [];
    var score = $('plan-score');
    score.textContent = t('o_score', { n: sc.attended, max: sc.upper_bound });
    score.setAttribute('data-attended', sc.attended);
    score.setAttribute('data-upper-bound', sc.upper_bound);
    var unEl = $('plan-unscheduled');
    unEl.setAttribute('data-count', un.length);
    OS.fill(unEl, un.length ? [h('span', { className: 'label' }, t('o_unscheduled')), ' ', un.map(function (tid, i) {
      return [i ? ', ' : '', h('span', { className: 'unscheduled-topic', 'data-topic-id': tid }, topicTitle(tid))];
    })] : t('o_all_scheduled'));
    OS.fill($('plan-losses-sum'), t('o_losses'), ' ', h('span', { className: 'losses-n' },
      losses.length ? '(' + t('o_losses_n', { n: losses.length }) + ')' : '— ' + t('o_no_losses')));
    OS.fill($('plan-losses'), losses.slice(0, MAX_LOSSES).map(function (l) {
      return h('li', { 'data-attendee-id': l.attendee },
        h('strong', { className: 'name' }, l.name || t('o_anon')), ' ', h('span', { className: 'lost' }, t('o_lost', { n: l.lost })),
        h('ul', { className: 'missed' }, (l.missed || []).map(function (m) {
          return h('li', { 'data-topic-id': m.topic, 'data-reason': m.reason },
            h('span', { className: 'title' }, topicTitle(m.topic)), ' — ', h('span', { className: 'reason' }, reasonText(m.reason)));
        })));
    }));
    var more = $('plan-losses-more');
    more.hidden = losses.length <= MAX_LOSSES;
    more.textContent = t('o_more', { n: losses.length - MAX_LOSSES });
  }

  $('propose-plan').addEventListener('click', function () {
    if (proposing) return;
    proposing = true;
    OS.showError($('grid-error'), null);
    $('publish-status').hidden = true;
    renderReport();
    // The reply's report is left to the stream, which brings the one of
    // the new draft with its patch.
    live.write('POST', base + '/draft/propose', {}, function (r) { return { draft: r.draft }; }).then(function () {
      selected = null;
    }, function (err) {
      OS.showError($('grid-error'), err);
    }).then(function () {
      proposing = false;
      render();
    });
  });

  function renderPublishNote() {
    var note = $('draft-differs');
    if (!st.plan) { note.textContent = t('o_not_published'); note.hidden = false; return; }
    var differs = cellKeys(st.plan) !== cellKeys(st.draft);
    note.textContent = differs ? t('o_differs') : '';
    note.hidden = !differs;
  }

  // Dropping a placed topic on the tray takes it off the grid.
  dropTarget($('unplaced'), function (tid) {
    var c = null;
    draftCells().forEach(function (x) { if (x.topic === tid) c = x; });
    if (c) sendOp({ op: 'clear', session: c.session, room: c.room });
  });

  document.addEventListener('keydown', function (e) {
    if ((e.key === 'Escape' || e.key === 'Esc') && selected) { selected = null; gridKey = null; renderGrid(st.event); }
  });

  $('publish-btn').addEventListener('click', function () {
    var btn = $('publish-btn');
    btn.disabled = true;
    OS.showError($('grid-error'), null);
    live.write('POST', base + '/publish', undefined, function (plan) { return { plan: plan }; }).then(function () {
      $('publish-status').textContent = t('o_published');
      $('publish-status').hidden = false;
      render();
    }, function (err) { OS.showError($('grid-error'), err); }).then(function () { btn.disabled = false; });
  });

  I.onChange(function () { gridKey = null; render(); });
  $('retry-btn').addEventListener('click', load);
  load();
})();
