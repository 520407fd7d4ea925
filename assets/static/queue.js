/* openspace queue: the attendee's writes, kept on the phone until the server
 * has them. Every vote, unvote, proposal, check-in, notes save and feedback
 * of the phone goes through it, online or not: the queue is simply the path
 * every write takes, so that a lost answer is replayed with the same
 * Idempotency-Key and the server does it once.
 *
 * OS.queue (for the event of the page, body[data-event-id]):
 * enqueue({method, path, body, kind, topic, label, coalesce}) stores the
 *   action in localStorage ("openspace.queue.{event}") with a fresh key and
 *   sends the queue in order, one action at a time. Returns a Promise of the
 *   server's reply; it rejects with the server's error when the action is
 *   refused (err.late is true when the action had to wait first), or at
 *   once when the queue is full (code 'queue_full'); its key property is
 *   the action's key. kind is one of vote,
 *   unvote, propose, availability (when a host can host), checkin,
 *   checkout, notes, feedback; topic an ID the
 *   page needs to draw it; label what the person would call it (a topic's
 *   title, a room's name), for the words of a refusal. coalesce: a later
 *   action of the same kind and path replaces one not yet sent (a notes
 *   save, a check-in, the feedback carry the whole new state).
 * size(), list(): how many wait and copies of them, oldest first; each
 *   with state 'sending' (a request is out) or 'waiting' (no answer yet:
 *   sent again later) and tries.
 * on(fn): fn({type, action, reply, error}) after each change: 'change'
 *   (the list changed), 'done' (the server did it: reply is its answer),
 *   'refused' (the server refused it: error is its apiError; the action is
 *   dropped, the others still go).
 * wake(): try again now (the page calls it when the live stream connects).
 * clear(): forgets every waiting action ("forget me": they hold the
 *   person's words, and the server would refuse them anyway).
 * describe(action, err): the sentence that tells what was not done and why,
 *   in the page's language.
 *
 * What is retried and what is dropped: no answer (network error, timeout,
 * an answer that is not the server's JSON: a captive portal's page), a 5xx,
 * 429 and 408 leave the action at the head of the queue, sent again with a
 * back-off (1 s doubling to 30 s, with jitter) and at once when the device
 * comes back online, the page becomes visible or the live stream connects.
 * Any other 4xx is the server's refusal: the action goes and the page says
 * so. At most MAX actions wait; beyond, enqueue refuses and says why. */
(function () {
  'use strict';
  var OS = window.OS = window.OS || {};
  var I = OS.i18n, t = OS.t;
  var MAX = 50, BASE = 1000, CAP = 30000;
  var FULL = {
    en: 'Too many actions are waiting for the connection (50): this one was not kept. Try again once they are sent.',
    fr: 'Trop d’actions attendent la connexion (50)\u202f: celle-ci n’a pas été gardée. Réessayez une fois qu’elles seront parties.'
  };
  I.add({
    en: {
      q_vote: 'Your vote for {label} was not counted',
      q_unvote: 'Your dot on {label} was not taken back',
      q_propose: 'Your proposal {label} was not sent',
      q_availability: 'Your sessions for hosting {label} were not saved',
      q_checkin: 'Your check-in to {label} was not recorded',
      q_checkout: 'Your check-out from {label} was not recorded',
      q_notes: 'Your notes on {label} were not saved',
      q_feedback: 'Your feedback was not saved',
      q_other: 'An action was not done'
    },
    fr: {
      q_vote: 'Votre vote pour {label} n’a pas été compté',
      q_unvote: 'Votre point sur {label} n’a pas été retiré',
      q_propose: 'Votre proposition {label} n’a pas été envoyée',
      q_availability: 'Vos créneaux pour animer {label} n’ont pas été enregistrés',
      q_checkin: 'Votre présence dans {label} n’a pas été enregistrée',
      q_checkout: 'Votre départ de {label} n’a pas été enregistré',
      q_notes: 'Vos notes sur {label} n’ont pas été enregistrées',
      q_feedback: 'Votre avis n’a pas été enregistré',
      q_other: 'Une action n’a pas été faite'
    }
  });

  // retryable says whether the action may still succeed later: no answer
  // from the server, or one that says "not now".
  function retryable(err) {
    if (!err || err.code === 'network') return true;
    return err.status >= 500 || err.status === 429 || err.status === 408;
  }

  // describe: "Your vote for “Puppet” was not counted: voting is closed."
  // The server's sentence follows a colon, its first letter lowered, unless
  // it has a colon of its own: then it follows as a sentence.
  function describe(a, err) {
    var what = t('q_' + a.kind, { label: a.label ? I.quote(a.label) : '' });
    if (what === 'q_' + a.kind) what = t('q_other');
    var why = OS.errorText(err);
    if (/:/.test(why)) return what + '. ' + why;
    var lower = why.length > 1 && why.charAt(1) === why.charAt(1).toLowerCase() ? why.charAt(0).toLowerCase() + why.slice(1) : why;
    return what + (I.lang() === 'fr' ? '\u202f: ' : ': ') + lower;
  }

  function create(eventId) {
    var owner = null; // unknown until /me answers (setOwner)
    var storeKey = 'openspace.queue.' + eventId;
    var actions = load();
    var listeners = [];
    var waiters = {}; // action key -> [{resolve, reject}]: only for actions enqueued by this page
    var inflight = null, timer = null, attempt = 0;

    function load() {
      try {
        var v = JSON.parse(window.localStorage.getItem(storeKey) || 'null');
        if (!v || !Array.isArray(v.actions)) return [];
        // An action that was out when the page went away may have been
        // done: it is sent again with its key, and the server answers as
        // the first time.
        return v.actions.filter(function (a) { return a && a.key && a.method && a.path; }).map(function (a) {
          a.state = 'waiting';
          a.late = true;
          return a;
        });
      } catch (e) { return []; }
    }

    function save() {
      try {
        if (actions.length) window.localStorage.setItem(storeKey, JSON.stringify({ v: 1, actions: actions }));
        else window.localStorage.removeItem(storeKey);
      } catch (e) { /* private mode or full storage: the page still holds them */ }
    }

    function emit(ev) {
      listeners.forEach(function (fn) {
        try { fn(ev); } catch (e) { if (window.console) console.error(e); }
      });
    }

    function changed() {
      save();
      emit({ type: 'change' });
    }

    function copy(a) { return JSON.parse(JSON.stringify(a)); }

    function remove(key) {
      actions = actions.filter(function (a) { return a.key !== key; });
    }

    function settle(key, ok, value) {
      var w = waiters[key] || [];
      delete waiters[key];
      w.forEach(function (x) { if (ok) x.resolve(value); else x.reject(value); });
    }

    function enqueue(spec) {
      if (actions.length >= MAX) {
        var err = new Error('queue_full');
        err.code = 'queue_full';
        err.messages = FULL;
        err.status = 0;
        emit({ type: 'full' });
        return Promise.reject(err);
      }
      var a = {
        owner: owner || '', // who made it, once the page knows (setOwner)
        key: OS.newKey(), method: spec.method, path: spec.path, kind: spec.kind || '', topic: spec.topic || '',
        label: spec.label || '', at: Date.now(), tries: 0, state: 'waiting', late: false
      };
      if (spec.body !== undefined) a.body = spec.body;
      var p = new Promise(function (resolve, reject) { waiters[a.key] = [{ resolve: resolve, reject: reject }]; });
      // Only the last action is replaced: one queued after it (notes for the
      // room checked into) may depend on it, and must keep its order.
      var last = actions[actions.length - 1];
      if (spec.coalesce && last && last.key !== inflight && last.kind === a.kind && last.path === a.path) {
        // The replaced action's page hears how the new one ends.
        waiters[a.key] = (waiters[last.key] || []).concat(waiters[a.key]);
        delete waiters[last.key];
        actions.pop();
      }
      actions.push(a);
      p.key = a.key;
      // One change event: sent at once when nothing else is out.
      if (inflight) changed(); else send();
      return p;
    }

    function send() {
      if (inflight || !actions.length) return;
      // Actions kept from an earlier page wait until /me says who this
      // browser is now: another person's must not go out under its cookie.
      if (owner === null && actions[0].owner) return;
      clearTimeout(timer);
      timer = null;
      var a = actions[0];
      inflight = a.key;
      a.tries++;
      a.state = 'sending';
      changed();
      OS.api(a.method, a.path, a.body, { key: a.key }).then(function (reply) {
        inflight = null;
        attempt = 0;
        remove(a.key);
        changed();
        emit({ type: 'done', action: copy(a), reply: reply });
        settle(a.key, true, reply);
        send();
      }, function (err) {
        inflight = null;
        if (retryable(err)) {
          a.state = 'waiting';
          a.late = true;
          changed();
          later();
          return;
        }
        attempt = 0;
        remove(a.key);
        err.late = !!a.late;
        changed();
        emit({ type: 'refused', action: copy(a), error: err });
        settle(a.key, false, err);
        send();
      });
    }

    // setOwner is told who the browser is (the attendee's ID from /me, ''
    // when it is nobody): waiting actions made by someone else (the browser
    // took another identity through a personal link, or was forgotten) are
    // dropped and said; the others are stamped and go.
    function setOwner(id) {
      owner = id || '';
      actions.slice().forEach(function (a) {
        if (a.key === inflight) return;
        if (!a.owner && owner) { a.owner = owner; return; }
        if (a.owner === owner) return;
        remove(a.key);
        var err = new Error('other_person');
        err.code = 'other_person';
        err.late = true;
        err.messages = {
          en: 'It was made on this browser as another person.',
          fr: 'Elle avait été faite sur ce navigateur sous une autre identité.'
        };
        emit({ type: 'refused', action: copy(a), error: err });
        settle(a.key, false, err);
      });
      changed();
      send();
    }

    // later sends again after a back-off with full jitter, unless the
    // device says it is offline: then 'online' will.
    function later() {
      if (timer) return;
      var delay = BASE / 2 + Math.random() * Math.min(CAP, BASE * Math.pow(2, attempt));
      if (attempt < 16) attempt++;
      timer = setTimeout(function () {
        timer = null;
        if (navigator.onLine === false) return;
        send();
      }, delay);
    }

    function wake() {
      if (inflight || !actions.length) return;
      clearTimeout(timer);
      timer = null;
      attempt = 0;
      send();
    }

    // A room's Wi-Fi comes back for everyone at once: spread the replays.
    window.addEventListener('online', function () { setTimeout(wake, Math.random() * 2000); });
    window.addEventListener('pageshow', wake);
    document.addEventListener('visibilitychange', function () { if (document.visibilityState === 'visible') wake(); });
    // Another tab of the same event changed the queue: follow it.
    window.addEventListener('storage', function (e) {
      if (e.key !== storeKey) return;
      var mine = inflight && actions.filter(function (a) { return a.key === inflight; })[0];
      actions = load();
      if (mine && !actions.some(function (a) { return a.key === mine.key; })) inflight = null;
      if (mine) actions.forEach(function (a) { if (a.key === mine.key) a.state = 'sending'; });
      emit({ type: 'change' });
    });

    // What the page left queued when it closed goes out now.
    if (actions.length) setTimeout(send, 0);

    return {
      enqueue: enqueue,
      size: function () { return actions.length; },
      list: function () { return actions.map(copy); },
      on: function (fn) { listeners.push(fn); },
      wake: wake,
      setOwner: setOwner,
      clear: function () {
        actions.forEach(function (a) { delete waiters[a.key]; });
        actions = [];
        changed();
      },
      describe: describe,
      max: MAX
    };
  }

  var id = OS.eventId ? OS.eventId() : '';
  if (id) OS.queue = create(id);
})();
