/* openspace console, calendar and print: links to the published plan as an
 * .ics file (GET /calendar.ics) and to the printable schedule (/print/{id}),
 * with a note when they would show nothing (no plan yet, no date, sessions
 * without a start time). Its section comes first in the steps its
 * data-steps names. */
(function () {
  'use strict';
  var OS = window.OS, I = OS.i18n, t = OS.t, $ = OS.byId;
  I.add({
    en: {
      o_cal_h: 'Calendar and print',
      o_cal_help: 'The published plan as a calendar file people can add, and a schedule to print: one page with every room, then one page per room for its door.',
      o_cal_ics: 'Calendar (.ics)', o_cal_print: 'Printable schedule',
      o_cal_unpublished: 'Nothing is published yet: both show the plan once you publish it.',
      o_cal_no_date: 'The event has no date, so the calendar stays empty: add one in the set-up.',
      o_cal_no_start: function (v) {
        return v.n === 1 ? 'One session has no start time: it is left out of the calendar.'
          : I.num(v.n) + ' sessions have no start time: they are left out of the calendar.';
      }
    },
    fr: {
      o_cal_h: 'Agenda et impression',
      o_cal_help: 'Le programme publié en fichier d’agenda que chacun peut ajouter, et un programme à imprimer : une page avec toutes les salles, puis une page par salle pour sa porte.',
      o_cal_ics: 'Agenda (.ics)', o_cal_print: 'Programme à imprimer',
      o_cal_unpublished: 'Rien n’est encore publié : les deux montreront le programme dès sa publication.',
      o_cal_no_date: 'L’événement n’a pas de date : l’agenda reste vide. Ajoutez-la dans la configuration.',
      o_cal_no_start: function (v) {
        return v.n === 1 ? 'Une session n’a pas d’heure de début : elle n’apparaît pas dans l’agenda.'
          : I.num(v.n) + ' sessions n’ont pas d’heure de début : elles n’apparaissent pas dans l’agenda.';
      }
    }
  });

  OS.org = OS.org || {};
  OS.org.more = OS.org.more || [];
  OS.org.more.push(function (ctx) {
    function render(st) {
      var ev = st.event;
      if (!ev) return;
      $('calendar-ics').href = ctx.base + '/calendar.ics';
      $('print-open').href = '/print/' + OS.enc(ev.id);
      var noStart = (ev.sessions || []).filter(function (s) { return !s.start; }).length;
      var note = !st.plan ? t('o_cal_unpublished') : !ev.date ? t('o_cal_no_date') :
        noStart ? t('o_cal_no_start', { n: noStart }) : '';
      var el = $('calendar-note');
      if (el.textContent !== note) el.textContent = note;
      el.hidden = !note;
    }
    return { render: render };
  });
})();
