/* openspace console, recap: the write-up of the evening. The organizer
 * writes the introduction (PUT /intro), can take the opening the server
 * suggests from the facts (GET /intro/suggestion), picks Jekyll or Hugo
 * front matter, sees the post as a blog shows it (recap.html in an iframe
 * sandboxed without scripts), downloads the .md or copies it. */
(function () {
  'use strict';
  var OS = window.OS, I = OS.i18n, t = OS.t, $ = OS.byId;
  I.add({
    en: {
      r_help: 'The recap is a blog post in Markdown, in the event’s language: who came, every topic and its votes, the grid with its headcounts, the notes and takeaways, the feedback. Write its opening, check the preview, then download it or copy it into your blog.',
      r_intro_l: 'Introduction', r_intro_help: 'The opening of the post, in your words (Markdown: *italics*, **bold**, lists). Empty, the post starts with the facts.',
      r_suggest_h: 'A suggested opening, from the facts:', r_use: 'Use this suggestion',
      r_save: 'Save the introduction', r_saved: 'Introduction saved.', r_saved_empty: 'Introduction removed.',
      r_unsaved: 'Not saved yet.',
      r_format: 'Front matter for', r_download: 'Download the .md', r_copy: 'Copy the Markdown',
      r_copied: 'Markdown copied: paste it into your blog.', r_copy_failed: 'The browser refused to copy: download the .md instead.',
      r_open: 'Open the Markdown', r_preview_h: 'Preview', r_refresh: 'Refresh the preview',
      r_preview_title: 'Preview of the recap, as a blog shows it', r_file: 'recap'
    },
    fr: {
      r_help: 'Le compte-rendu est un billet de blog en Markdown, dans la langue de l’événement : qui est venu, chaque sujet et ses votes, la grille et ses effectifs, les notes et ce qu’il faut en retenir, les retours. Écrivez son introduction, vérifiez l’aperçu, puis téléchargez-le ou copiez-le dans votre blog.',
      r_intro_l: 'Introduction', r_intro_help: 'Le début du billet, avec vos mots (Markdown : *italique*, **gras**, listes). Vide, le billet commence par les faits.',
      r_suggest_h: 'Une introduction suggérée, tirée des faits :', r_use: 'Reprendre cette suggestion',
      r_save: 'Enregistrer l’introduction', r_saved: 'Introduction enregistrée.', r_saved_empty: 'Introduction retirée.',
      r_unsaved: 'Pas encore enregistrée.',
      r_format: 'En-tête pour', r_download: 'Télécharger le .md', r_copy: 'Copier le Markdown',
      r_copied: 'Markdown copié : collez-le dans votre blog.', r_copy_failed: 'Le navigateur a refusé de copier : téléchargez plutôt le .md.',
      r_open: 'Ouvrir le Markdown', r_preview_h: 'Aperçu', r_refresh: 'Actualiser l’aperçu',
      r_preview_title: 'Aperçu du compte-rendu, tel qu’un blog l’affiche', r_file: 'compte-rendu'
    }
  });

  OS.org = OS.org || {};
  OS.org.more = OS.org.more || [];
  OS.org.more.push(function (ctx) {
    var base = ctx.base, live = ctx.live;
    var intro = $('recap-intro'), preview = $('recap-preview');
    var dirty = false, saved = '', suggestion = '', shown = false, lastPhase = '', previewStamp = 0;



    function format() { return $('recap-format-hugo').checked ? 'hugo' : 'jekyll'; }
    function mdURL() { return base + '/recap.md?format=' + format(); }

    function status(key) {
      var el = $('recap-status');
      el.textContent = key ? t(key) : '';
      el.hidden = !key;
    }

    // refreshPreview reloads the sandboxed page (no scripts, no same
    // origin: it can read nothing of the console).
    function refreshPreview() {
      previewStamp++;
      preview.setAttribute('src', base + '/recap.html?format=' + format() + '&v=' + previewStamp);
    }

    function links() {
      var ev = live.state().event || {};
      $('recap-download').href = mdURL() + '&download=1';
      $('recap-download').setAttribute('download', t('r_file') + (ev.date ? '-' + ev.date : '') + '.md');
      $('recap-open').href = base + '/recap.md' + (format() === 'hugo' ? '?format=hugo' : '');
    }

    function loadSuggestion() {
      OS.api('GET', base + '/intro/suggestion').then(function (r) {
        suggestion = (r && r.suggestion) || '';
        $('recap-suggestion').textContent = suggestion;
        intro.placeholder = suggestion;
        showSuggestion();
      }, function () { /* the suggestion is a help; the editor works without it */ });
    }

    function showSuggestion() {
      // Once taken (and maybe added to), the suggestion steps aside.
      $('recap-suggest-box').hidden = !suggestion || intro.value.trim().indexOf(suggestion.trim()) === 0;
    }

    intro.addEventListener('input', function () {
      dirty = intro.value !== saved;
      $('recap-intro-saved').hidden = !dirty;
      $('recap-intro-saved').textContent = dirty ? t('r_unsaved') : '';
      $('recap-intro-saved').className = dirty ? 'muted' : 'ok';
      showSuggestion();
    });

    $('recap-use-suggestion').addEventListener('click', function () {
      intro.value = suggestion;
      intro.dispatchEvent(new Event('input'));
      intro.focus();
    });

    $('recap-intro-form').addEventListener('submit', function (e) {
      e.preventDefault();
      var btn = $('recap-intro-save'), text = intro.value;
      btn.disabled = true;
      OS.showError($('recap-intro-error'), null);
      OS.api('PUT', base + '/intro', { intro: text }).then(function (ev) {
        saved = ev.intro || '';
        dirty = false;
        if (intro.value === text) intro.value = saved;
        var ok = $('recap-intro-saved');
        ok.className = 'ok';
        ok.textContent = t(saved ? 'r_saved' : 'r_saved_empty');
        ok.hidden = false;
        showSuggestion();
        refreshPreview();
      }, function (err) { OS.showError($('recap-intro-error'), err); }).then(function () { btn.disabled = false; });
    });

    Array.prototype.forEach.call(document.querySelectorAll('input[name="recap-format"]'), function (r) {
      r.addEventListener('change', function () { links(); refreshPreview(); });
    });
    $('recap-refresh').addEventListener('click', refreshPreview);

    $('recap-copy').addEventListener('click', function () {
      var btn = $('recap-copy');
      btn.disabled = true;
      status(null);
      OS.showError($('recap-error'), null);
      fetch(mdURL(), { credentials: 'same-origin' }).then(function (res) {
        if (res.ok) return res.text();
        // The server's words, from its JSON error.
        return res.json().then(function (b) {
          var e = (b && b.error) || {};
          throw { code: e.code || 'network', messages: e.messages || null };
        }, function () { throw { code: 'network' }; });
      }).then(function (md) {
        return OS.copyText(md).then(function () { status('r_copied'); }, function () { status('r_copy_failed'); });
      }).catch(function (err) {
        OS.showError($('recap-error'), err && err.code ? err : { code: 'network', messages: null });
      }).then(function () { btn.disabled = false; });
    });

    return {
      render: function (st) {
        var ev = st.event;
        if (!ev) return;
        // The stored intro shows unless the organizer is editing it.
        if (!dirty && document.activeElement !== intro) {
          saved = ev.intro || '';
          if (intro.value !== saved) intro.value = saved;
        }
        links();
        if (!shown || ev.phase !== lastPhase) {
          // First look, or a new step: read the facts and the post again.
          shown = true;
          loadSuggestion();
          refreshPreview();
        }
        lastPhase = ev.phase;
        showSuggestion();
      }
    };
  });
})();
