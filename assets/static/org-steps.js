/* openspace console, steps: the evening's phases (welcome → marketplace →
 * voting → plan → sessions → wrapup → closed). The step bar shows where the
 * evening is; one primary button moves to the next step, another goes back
 * one (which loses nothing); the proposals, voting and projector-rotation
 * switches stay as secondary controls. The sections the current step needs
 * come first on the page, the others follow, all reachable. */
(function () {
  'use strict';
  var OS = window.OS, I = OS.i18n, t = OS.t, h = OS.h, $ = OS.byId;
  var PHASES = ['welcome', 'marketplace', 'voting', 'plan', 'sessions', 'wrapup', 'closed'];
  I.add({
    en: {
      o_steps: 'Steps of the evening',
      o_ph_welcome: 'Welcome', o_ph_marketplace: 'Marketplace', o_ph_voting: 'Voting', o_ph_plan: 'Plan',
      o_ph_sessions: 'Sessions', o_ph_wrapup: 'Wrap-up', o_ph_closed: 'Closed',
      o_help_welcome: 'People arrive and join with the code or the QR code. Put the projector page on the big screen.',
      o_help_marketplace: 'Proposers pitch their topic, one after the other; anyone can still propose one.',
      o_help_voting: 'Everyone puts their dots on the topics they want to attend. Proposals are closed.',
      o_help_plan: 'Build the grid: propose a plan, adjust it by hand, then publish it.',
      o_help_sessions: 'Start each session, keep time and follow how many people are in each room.',
      o_help_wrapup: 'Thank everyone and share the recap.',
      o_help_closed: 'The evening is over. Everything stays readable.',
      o_next_welcome: 'Start the marketplace', o_next_marketplace: 'Open voting', o_next_voting: 'Close voting and plan',
      o_next_plan: 'Publish and go to the sessions', o_next_sessions: 'Wrap up the evening', o_next_wrapup: 'Close the event',
      o_back: function (v) { return 'Back to ' + I.quote(v.step); },
      o_back_note: 'Going back loses nothing: topics, votes, the plan and the session times stay as they are.',
      o_now_at: 'Now: {step}',
      o_proposals_open: 'Proposals open', o_voting_open: 'Voting open',
      o_rotate_views: 'Projector switches views by itself',
      o_joining_open: 'Open to new attendees',
      o_more_sections: 'Other sections'
    },
    fr: {
      o_steps: 'Étapes de la soirée',
      o_ph_welcome: 'Accueil', o_ph_marketplace: 'Marché aux sujets', o_ph_voting: 'Votes', o_ph_plan: 'Programme',
      o_ph_sessions: 'Sessions', o_ph_wrapup: 'Clôture', o_ph_closed: 'Terminé',
      o_help_welcome: 'Les participants arrivent et rejoignent avec le code ou le QR code. Affichez la page projecteur sur grand écran.',
      o_help_marketplace: 'Chacun présente son sujet à tour de rôle ; on peut encore en proposer.',
      o_help_voting: 'Chacun place ses points sur les sujets qu’il veut suivre. Les propositions sont closes.',
      o_help_plan: 'Construisez la grille : proposez un programme, ajustez-le à la main, puis publiez-le.',
      o_help_sessions: 'Lancez chaque session, tenez le temps et suivez le nombre de personnes dans chaque salle.',
      o_help_wrapup: 'Remerciez tout le monde et partagez le compte-rendu.',
      o_help_closed: 'La soirée est finie. Tout reste consultable.',
      o_next_welcome: 'Lancer le marché aux sujets', o_next_marketplace: 'Ouvrir les votes', o_next_voting: 'Clore les votes et préparer le programme',
      o_next_plan: 'Publier et passer aux sessions', o_next_sessions: 'Passer à la clôture', o_next_wrapup: 'Clore l’événement',
      o_back: function (v) { return 'Revenir à l’étape ' + I.quote(v.step); },
      o_back_note: 'Revenir en arrière ne fait rien perdre : les sujets, les votes, le programme et les horaires des sessions restent tels quels.',
      o_now_at: 'Étape en cours : {step}',
      o_proposals_open: 'Propositions ouvertes', o_voting_open: 'Votes ouverts',
      o_rotate_views: 'Le projecteur change de vue tout seul',
      o_joining_open: 'Ouvert aux nouveaux participants',
      o_more_sections: 'Autres sections'
    }
  });

  // Which sections each step needs, first first; the others follow in the
  // page's order.
  var NEEDS = {
    welcome: ['links-section'],
    marketplace: ['pitch-section', 'topics-section'],
    voting: ['topics-section', 'pitch-section'],
    plan: ['plan-section'],
    sessions: ['run-section', 'plan-section'],
    wrapup: ['recap-section', 'run-section'],
    closed: ['recap-section']
  };

  OS.org = OS.org || {};
  OS.org.PHASES = PHASES;
  // OS.org.steps({live, base}) binds the step card; render(state) redraws it.
  OS.org.steps = function (ctx) {
    var live = ctx.live, base = ctx.base;
    var busy = {};        // switch -> its PATCH is in flight: leave it as the organizer set it
    var moving = false;   // a step change is in flight
    var laidOut = null;   // the phase the sections were ordered for
    var more = h('h2', { id: 'more-sections', className: 'more-h' });

    function phaseOf(ev) { return PHASES.indexOf(ev.phase) >= 0 ? ev.phase : 'welcome'; }
    function name(p) { return t('o_ph_' + p); }

    function render(st) {
      var ev = st.event;
      if (!ev) return;
      var ph = phaseOf(ev), at = PHASES.indexOf(ph);
      var key = JSON.stringify([ph, I.lang()]);
      var bar = $('step-bar');
      if (bar.__key !== key) {
        bar.__key = key;
        OS.fill(bar, PHASES.map(function (p, i) {
          var state = i < at ? 'done' : i === at ? 'current' : 'todo';
          return h('li', { 'data-phase': p, 'data-state': state, 'aria-current': i === at ? 'step' : null },
            h('span', { className: 'num', 'aria-hidden': 'true' }, String(i + 1)), ' ',
            h('span', { className: 'label' }, name(p)));
        }));
      }
      $('step-h').textContent = t('o_now_at', { step: name(ph) });
      $('step-h').setAttribute('data-phase', ph);
      $('step-help').textContent = t('o_help_' + ph);
      var next = $('next-step'), prev = $('prev-step');
      next.hidden = at === PHASES.length - 1;
      next.textContent = next.hidden ? '' : t('o_next_' + ph);
      next.setAttribute('data-to', next.hidden ? '' : PHASES[at + 1]);
      next.disabled = moving;
      // While sessions remain to run, their own button is the obvious one.
      next.classList.toggle('secondary', ph === 'sessions' && sessionsLeft(ev));
      prev.hidden = at === 0;
      prev.textContent = prev.hidden ? '' : t('o_back', { step: name(PHASES[at - 1]) });
      prev.setAttribute('data-to', prev.hidden ? '' : PHASES[at - 1]);
      prev.disabled = moving;
      $('step-back-note').hidden = at === 0;
      $('step-back-note').textContent = t('o_back_note');
      if (!busy.proposals) $('toggle-proposals').checked = !!ev.proposals_open;
      if (!busy.voting) $('toggle-voting').checked = !!ev.voting_open;
      if (!busy.rotate) $('toggle-rotate').checked = !!ev.rotate;
      if (!busy.joining) $('toggle-joining').checked = !ev.joining_closed;
      more.textContent = t('o_more_sections');
      layout(ph);
    }

    function sessionsLeft(ev) {
      return (ev.sessions || []).some(function (s) { return !s.ended_at; });
    }

    // layout puts the sections the step needs first (NEEDS' order, then
    // every other section whose data-steps names the step, in page order),
    // then a heading, then the others in page order. Only on a step change,
    // so that focus is not lost to a live update.
    var sections = null; // every section of #org-sections, in page order
    function layout(ph) {
      if (laidOut === ph) return;
      laidOut = ph;
      var box = $('org-sections');
      if (!sections) sections = Array.prototype.filter.call(box.children, function (el) { return el.tagName === 'SECTION'; });
      var first = (NEEDS[ph] || []).map($).filter(Boolean);
      sections.forEach(function (el) {
        if (first.indexOf(el) < 0 && (el.getAttribute('data-steps') || '').split(' ').indexOf(ph) >= 0) first.push(el);
      });
      var focus = document.activeElement;
      first.forEach(function (el) { el.classList.add('in-step'); box.appendChild(el); });
      box.appendChild(more);
      sections.forEach(function (el) {
        if (first.indexOf(el) < 0) { el.classList.remove('in-step'); box.appendChild(el); }
      });
      if (focus && focus !== document.activeElement && document.contains(focus)) focus.focus();
    }

    function patch(body) {
      return live.write('PATCH', base + '/phases', body, function (ev) { return { event: ev }; });
    }

    function go(to, btn) {
      if (moving || !to) return;
      moving = true;
      OS.showError($('phases-error'), null);
      render(live.state());
      var from = phaseOf(live.state().event);
      var first = Promise.resolve();
      // "Publish and go to the sessions": the draft becomes the plan every
      // screen shows, then the step moves on. A draft already published is
      // not published again: that would seat everyone anew.
      if (from === 'plan' && to === 'sessions' && OS.org.unpublished(live.state())) {
        first = live.write('POST', base + '/publish', undefined, function (plan) { return { plan: plan }; });
      }
      first.then(function () { return patch({ phase: to }); }).then(null, function (err) {
        OS.showError($('phases-error'), err);
      }).then(function () {
        moving = false;
        render(live.state());
        if (btn.hidden) $('step-h').focus();
      });
    }

    $('step-h').tabIndex = -1;
    $('next-step').addEventListener('click', function () { go($('next-step').getAttribute('data-to'), $('next-step')); });
    $('prev-step').addEventListener('click', function () { go($('prev-step').getAttribute('data-to'), $('prev-step')); });

    [['toggle-proposals', 'proposals', 'proposals_open'], ['toggle-voting', 'voting', 'voting_open'], ['toggle-rotate', 'rotate', 'rotate'], ['toggle-joining', 'joining', 'joining_open']].forEach(function (p) {
      var box = $(p[0]);
      box.addEventListener('change', function () {
        var body = {};
        body[p[2]] = box.checked;
        busy[p[1]] = true;
        box.disabled = true;
        OS.showError($('phases-error'), null);
        patch(body).then(null, function (err) {
          OS.showError($('phases-error'), err);
        }).then(function () {
          busy[p[1]] = false;
          box.disabled = false;
          render(live.state());
        });
      });
    });

    return { render: render };
  };
})();
