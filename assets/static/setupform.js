/* openspace set-up form (home "create" and organizer "set-up"): session and
 * room rows, reading the form into an EventSetup and filling it from an Event.
 * Also the copy-to-clipboard button both pages use for secret links. */
(function () {
  'use strict';
  var OS = window.OS, I = OS.i18n, t = OS.t, h = OS.h, $ = OS.byId;
  I.add({
    en: {
      f_title: 'Event title', f_date: 'Date', f_venue: 'Venue',
      f_tz: 'Time zone', f_tz_hint: '(of the session times, e.g. Europe/Paris)', f_language: 'Event language (recap)',
      f_dots: 'Dots per attendee', f_sessions: 'Sessions', f_add_session: '+ Add a session',
      f_rooms: 'Rooms', f_add_room: '+ Add a room',
      f_question_legend: '“Who are you?” question (optional)', f_question: 'Question',
      f_question_ph: 'Who are you?', f_choices: 'Choices', f_comma: '(comma-separated)',
      f_choices_ph: 'Dev, Ops, Other',
      f_s_title: 'Session title', f_s_start: 'Start', f_s_duration: 'Duration (minutes)',
      f_r_name: 'Room name', f_r_name_ph: 'Main room', f_r_capacity: 'Capacity',
      f_r_equipment: 'Equipment (comma-separated)', f_r_equipment_ph: 'screen, whiteboard',
      f_r_location: 'How to find it (optional)', f_r_location_ph: '2nd floor, left of the lifts',
      f_pitch: 'Length of a pitch (seconds)',
      f_remove_session: 'Remove this session', f_remove_room: 'Remove this room', f_remove: 'Remove',
      f_session_n: 'Session {n}'
    },
    fr: {
      f_title: 'Titre de l’événement', f_date: 'Date', f_venue: 'Lieu',
      f_tz: 'Fuseau horaire', f_tz_hint: '(celui des horaires des sessions, par ex. Europe/Paris)', f_language: 'Langue de l’événement (compte-rendu)',
      f_dots: 'Points par participant', f_sessions: 'Sessions', f_add_session: '+ Ajouter une session',
      f_rooms: 'Salles', f_add_room: '+ Ajouter une salle',
      f_question_legend: 'Question « Vous êtes ? » (facultative)', f_question: 'Question',
      f_question_ph: 'Vous êtes ?', f_choices: 'Choix', f_comma: '(séparés par des virgules)',
      f_choices_ph: 'Dev, Ops, Autre',
      f_s_title: 'Titre de la session', f_s_start: 'Début', f_s_duration: 'Durée (minutes)',
      f_r_name: 'Nom de la salle', f_r_name_ph: 'Grande salle', f_r_capacity: 'Capacité',
      f_r_equipment: 'Équipement (séparé par des virgules)', f_r_equipment_ph: 'écran, tableau blanc',
      f_r_location: 'Comment la trouver (facultatif)', f_r_location_ph: '2e étage, à gauche de l’ascenseur',
      f_pitch: 'Durée d’un pitch (secondes)',
      f_remove_session: 'Retirer cette session', f_remove_room: 'Retirer cette salle', f_remove: 'Retirer',
      f_session_n: function (v) { return v.n === 1 ? '1ère session' : v.n + 'ème session'; }
    }
  });

  var seq = 0;

  // The browser's time zone ("Europe/Paris"), the default of a new event.
  function browserZone() {
    try { return Intl.DateTimeFormat().resolvedOptions().timeZone || ''; } catch (e) { return ''; }
  }

  // Zones offered while typing: every IANA zone the browser knows, else a
  // few common ones; the browser's own first.
  var COMMON_ZONES = ['Europe/Paris', 'Europe/Brussels', 'Europe/Zurich', 'Europe/Luxembourg', 'Europe/London',
    'Europe/Berlin', 'Europe/Madrid', 'Europe/Lisbon', 'America/Montreal', 'America/Toronto', 'America/New_York',
    'America/Chicago', 'America/Los_Angeles', 'Africa/Casablanca', 'Africa/Dakar', 'Africa/Abidjan',
    'Indian/Reunion', 'America/Martinique', 'Pacific/Noumea', 'Asia/Tokyo', 'Australia/Sydney', 'UTC'];
  function zoneList() {
    var all = COMMON_ZONES;
    try { if (Intl.supportedValuesOf) all = Intl.supportedValuesOf('timeZone'); } catch (e) { /* older browser */ }
    var mine = browserZone();
    return mine ? [mine].concat(all.filter(function (z) { return z !== mine; })) : all;
  }

  function field(id, key, input, cls) {
    return h('div', { className: cls || '' },
      h('label', { htmlFor: id, 'data-i18n': key }, t(key)), input);
  }

  function removeBtn(key, row) {
    return h('div', null, h('button', {
      type: 'button', className: 'danger small remove-row', 'data-i18n': 'f_remove',
      'data-i18n-label': key, 'aria-label': t(key),
      onclick: function () {
        var next = row.nextElementSibling || row.previousElementSibling;
        row.parentNode.removeChild(row);
        if (next) { var b = next.querySelector('input'); if (b) b.focus(); }
      }
    }, t('f_remove')));
  }

  var copyText = OS.copyText; // api.js

  // copyButton wires a button to copy the text returned by get().
  function copyButton(btn, get) {
    btn.addEventListener('click', function () {
      copyText(get()).then(function () {
        btn.textContent = t('copied');
        setTimeout(function () { btn.textContent = t('copy'); }, 2000);
      }, function () { /* the text stays selectable on the page */ });
    });
  }

  // OS.setupForm('create') binds the fields whose ids start with "create-".
  OS.setupForm = function (prefix) {
    var f = function (name) { return $(prefix + '-' + name); };
    var sessions = f('sessions'), rooms = f('rooms');
    var autoTitles = [];

    function sessionRow(s, auto) {
      var p = prefix + '-s' + (++seq);
      var row = h('div', { className: 'row session-row', 'data-id': s.id || null });
      var title = h('input', { id: p + '-title', name: 'session-title', value: s.title || '', required: true, maxlength: 120 });
      if (auto) { title.__auto = auto; autoTitles.push(title); }
      row.appendChild(field(p + '-title', 'f_s_title', title, 'wide'));
      row.appendChild(field(p + '-start', 'f_s_start', h('input', { id: p + '-start', name: 'session-start', type: 'time', value: s.start || '' })));
      row.appendChild(field(p + '-dur', 'f_s_duration', h('input', { id: p + '-dur', name: 'session-duration', type: 'number', min: 1, max: 1440, inputmode: 'numeric', value: s.duration || 30 })));
      row.appendChild(removeBtn('f_remove_session', row));
      sessions.appendChild(row);
      return row;
    }

    function roomRow(r) {
      var p = prefix + '-r' + (++seq);
      var row = h('div', { className: 'row room-row', 'data-id': r.id || null });
      row.appendChild(field(p + '-name', 'f_r_name', h('input', { id: p + '-name', name: 'room-name', value: r.name || '', required: true, maxlength: 120, 'data-i18n-placeholder': 'f_r_name_ph', placeholder: t('f_r_name_ph') }), 'wide'));
      row.appendChild(field(p + '-cap', 'f_r_capacity', h('input', { id: p + '-cap', name: 'room-capacity', type: 'number', min: 1, max: 10000, inputmode: 'numeric', value: r.capacity || 20 })));
      row.appendChild(field(p + '-eq', 'f_r_equipment', h('input', { id: p + '-eq', name: 'room-equipment', value: (r.equipment || []).join(', '), 'data-i18n-placeholder': 'f_r_equipment_ph', placeholder: t('f_r_equipment_ph') })));
      row.appendChild(field(p + '-loc', 'f_r_location', h('input', { id: p + '-loc', name: 'room-location', value: r.location || '', maxlength: 120, 'data-i18n-placeholder': 'f_r_location_ph', placeholder: t('f_r_location_ph') }), 'loc'));
      row.appendChild(removeBtn('f_remove_room', row));
      rooms.appendChild(row);
      return row;
    }

    function focusFirst(row) { var i = row.querySelector('input'); if (i) i.focus(); }

    var zones = f('time-zones');
    if (zones && !zones.firstChild) OS.fill(zones, zoneList().map(function (z) { return h('option', { value: z }); }));

    f('add-session').addEventListener('click', function () { focusFirst(sessionRow({ duration: 30 })); });
    f('add-room').addEventListener('click', function () { focusFirst(roomRow({})); });

    // Default session titles follow the UI language until the user edits them.
    I.onChange(function () {
      autoTitles.forEach(function (input) {
        if (input.value === input.__last) input.value = input.__last = t('f_session_n', { n: input.__auto });
      });
    });

    function num(v) { var n = parseInt(v, 10); return isNaN(n) ? 0 : n; }
    function val(row, name) { return row.querySelector('[name=' + name + ']').value.trim(); }

    function read() {
      var setup = {
        title: f('title').value.trim(),
        date: f('date').value.trim(),
        time_zone: f('time-zone').value.trim(),
        venue: f('venue').value.trim(),
        language: f('language').value,
        dot_budget: num(f('dots').value),
        pitch_seconds: num(f('pitch-seconds').value) || 30,
        sessions: Array.prototype.map.call(sessions.querySelectorAll('.session-row'), function (row) {
          var s = { title: val(row, 'session-title'), start: val(row, 'session-start').slice(0, 5), duration: num(val(row, 'session-duration')) };
          if (row.getAttribute('data-id')) s.id = row.getAttribute('data-id');
          return s;
        }),
        rooms: Array.prototype.map.call(rooms.querySelectorAll('.room-row'), function (row) {
          var r = { name: val(row, 'room-name'), capacity: num(val(row, 'room-capacity')), equipment: OS.list(val(row, 'room-equipment')) };
          var loc = val(row, 'room-location');
          if (loc) r.location = loc;
          if (row.getAttribute('data-id')) r.id = row.getAttribute('data-id');
          return r;
        })
      };
      var prompt = f('question').value.trim(), choices = OS.list(f('choices').value);
      if (prompt || choices.length) setup.question = { prompt: prompt || t('f_question_ph'), choices: choices };
      return setup;
    }

    function defaults() {
      OS.clear(sessions);
      OS.clear(rooms);
      autoTitles = [];
      f('language').value = I.lang();
      f('time-zone').value = browserZone();
      [1, 2].forEach(function (n) {
        var row = sessionRow({ title: t('f_session_n', { n: n }), duration: 30 }, n);
        var input = row.querySelector('[name=session-title]');
        input.__last = input.value;
      });
      roomRow({});
    }

    function fill(ev) {
      f('title').value = ev.title || '';
      f('date').value = ev.date || '';
      f('time-zone').value = ev.time_zone || '';
      f('venue').value = ev.venue || '';
      f('language').value = ev.language || 'fr';
      f('dots').value = ev.dot_budget || 3;
      f('pitch-seconds').value = ev.pitch_seconds || 30;
      OS.clear(sessions);
      OS.clear(rooms);
      autoTitles = [];
      (ev.sessions || []).forEach(function (s) { sessionRow(s); });
      (ev.rooms || []).forEach(function (r) { roomRow(r); });
      f('question').value = ev.question ? ev.question.prompt : '';
      f('choices').value = ev.question ? ev.question.choices.join(', ') : '';
    }

    return { read: read, fill: fill, defaults: defaults };
  };
  OS.copyButton = copyButton;
})();
