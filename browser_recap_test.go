package main

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"openspace/openspace"
)

// recapTexts is what the people of a played evening write, in one language.
type recapTexts struct {
	evening evening
	intro   string
	notes   map[int]struct {
		text      string
		takeaways []string
	} // by the topic's index in the evening's topics
	worked, blocked []string
}

// recapEvening is the seed's evening in French, or the same evening run in
// English.
func recapEvening(lang string) recapTexts {
	e := parisDevOps()
	type notes = struct {
		text      string
		takeaways []string
	}
	if lang == openspace.LangEN {
		e.setup.Title, e.setup.Language = "2nd Paris DevOps meetup", openspace.LangEN
		e.setup.Sessions[0].Title, e.setup.Sessions[1].Title = "Session 1", "Session 2"
		e.setup.Rooms[0].Name, e.setup.Rooms[1].Name, e.setup.Rooms[2].Name = "Main room", "Back room", "Kitchen"
		e.setup.Question = &openspace.Question{Prompt: "You are?", Choices: []string{"Dev", "Ops", "Other"}}
		titles := []string{"Puppet: lessons learned", "Capistrano / Fabric", "Continuous Delivery",
			"Confluence, Jira and friends", "SQL schema migrations", "Feature flags vs feature branches"}
		for i := range e.people {
			if e.people[i].answer == "Autre" {
				e.people[i].answer = "Other"
			}
		}
		old := map[string]string{}
		for i := range e.topics {
			old[e.topics[i].title] = titles[i]
			e.topics[i].title = titles[i]
		}
		for i := range e.votes {
			for j, t := range e.votes[i].topics {
				e.votes[i].topics[j] = old[t]
			}
		}
		e.grid = [][]string{titles[:3], titles[3:]}
		return recapTexts{evening: e,
			intro: "My first Paris DevOps meetup. Being a bit shy, I brought an ops along (yes, I am a dev): the best way to be *devops*, right?\n\nWe arrive a little late, and are welcomed with a beer.",
			notes: map[int]notes{
				0: {"A Puppet committer was there to answer questions.\n\n- Puppet will not cover **all** our needs\n- the talk drifted towards deploying applications", []string{"Start small: one module per service", "Test the manifests in CI"}},
				2: {"Or: finding out we all have the same problems, SQL migrations, several environments…", []string{"Feature flags rather than feature branches"}},
				3: {"Everyone uses Jira; few like it.", nil},
			},
			worked:  []string{"Meeting other devs and ops", "Hearing what others tried, what works and what does not", "Small groups: everyone talks"},
			blocked: []string{"No laptop to demo Puppet", "30 minutes is short"},
		}
	}
	e.setup.Date = "2026-11-26"
	return recapTexts{evening: e,
		intro: "C’est ma 1ère participation à un meetup du *Paris DevOps*. Comme je suis un peu timide, je suis venu accompagné : j’ai amené un ops avec moi (oui, je suis dev). C’est la meilleure solution pour être *devops*, non ?\n\nOn arrive un peu en retard, mais on est bien accueilli : avec une bière, comme il se doit.",
		notes: map[int]notes{
			0: {"Un committer Puppet était là pour répondre aux questions.\n\n- Puppet ne répondra pas à **tous** nos besoins\n- la discussion dérive vers le déploiement applicatif", []string{"Commencer petit : un module par service", "Tester les manifests en CI"}},
			2: {"Où l’on se rend compte qu’on a tous les mêmes problèmes : migrations de base SQL, gestion de plusieurs environnements…", []string{"Les feature flags plutôt que les feature branches"}},
			3: {"Tout le monde utilise Jira ; peu l’aiment.", nil},
		},
		worked:  []string{"La rencontre avec d’autres devs et ops", "Les retours d’expérience : ce qui marche, ce qui bloque", "Les petits groupes : tout le monde parle"},
		blocked: []string{"Pas de PC pour faire une démo de Puppet", "30 minutes, c’est court"},
	}
}

// playEvening runs the evening through the API: the published grid, both
// sessions with people checking into rooms, notes written in four topics,
// the wrap-up with feedback. The introduction is left to the caller.
func playEvening(tb testing.TB, base string, r recapTexts) *seeded {
	tb.Helper()
	e := r.evening
	e.grid, e.publish = nil, false
	ev := seedEvening(tb, base, e)
	org := func(method, path string, body any) { apiCall(tb, base, ev.organizer, method, ev.path(path), body, nil) }
	// The scheduler makes the grid, as on the evening.
	org("POST", "/draft/propose", map[string]int{"seed": 1})
	org("POST", "/publish", nil)
	sessions, rooms := ev.event.Sessions, ev.event.Rooms
	// 27 of the 30 check in; person i goes to room i%3 in both sessions.
	for s := range sessions {
		org("POST", "/sessions/"+sessions[s].ID+"/start", nil)
		for i, p := range e.people[:27] {
			room := rooms[i%3].ID
			if s == 1 && i%3 == 2 && i%2 == 0 { // a few walk to the big room (law of two feet)
				room = rooms[0].ID
			}
			apiCall(tb, base, ev.as(tb, p.name), "PUT", ev.path("/checkins/"+sessions[s].ID), map[string]string{"room": room}, nil)
		}
		org("POST", "/sessions/"+sessions[s].ID+"/end", nil)
	}
	for i, n := range r.notes {
		org("PUT", "/topics/"+ev.topic(tb, e.topics[i].title)+"/notes", map[string]any{"base_version": 0, "text": n.text, "takeaways": n.takeaways})
	}
	org("PATCH", "/phases", map[string]string{"phase": "wrapup"})
	marks := []int{5, 4, 4, 3, 5, 4, 2, 4, 5, 4, 3, 4}
	for i, p := range e.people[:len(marks)] {
		var form struct {
			Topics []string `json:"topics"`
		}
		apiCall(tb, base, ev.as(tb, p.name), "GET", ev.path("/feedback/me"), nil, &form)
		topics := map[string]int{}
		for j, tid := range form.Topics {
			topics[tid] = min(5, max(1, marks[(i+j+1)%len(marks)]))
		}
		in := map[string]any{"evening": marks[i], "topics": topics}
		if i < len(r.worked) {
			in["worked"] = r.worked[i]
		}
		if i >= 4 && i-4 < len(r.blocked) {
			in["blocked"] = r.blocked[i-4]
		}
		apiCall(tb, base, ev.as(tb, p.name), "PUT", ev.path("/feedback"), in, nil)
	}
	return ev
}

// recapOf reads the recap as the organizer downloads it.
func recapOf(tb testing.TB, ev *seeded, query string) string {
	tb.Helper()
	req, _ := http.NewRequest("GET", ev.base+ev.path("/recap.md"+query), nil)
	req.Header = ev.organizer.Clone()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		tb.Fatalf("recap.md: %d %s", resp.StatusCode, data)
	}
	return string(data)
}

// TestRecapExamples plays the evening in French and in English and, with
// OPENSPACE_EXAMPLES=1, writes their recaps under docs/examples/.
func TestRecapExamples(t *testing.T) {
	for _, lang := range []string{openspace.LangFR, openspace.LangEN} {
		base, _ := startApp(t)
		r := recapEvening(lang)
		ev := playEvening(t, base, r)
		apiCall(t, base, ev.organizer, "PUT", ev.path("/intro"), map[string]string{"intro": r.intro}, nil)
		md := recapOf(t, ev, "")
		for _, want := range map[string][]string{
			openspace.LangFR: {"Le 26 novembre 2026, à Paris, nous étions 30.", "### Puppet : retours d'expérience", "| La soirée | 12 |", "- Pas de PC pour faire une démo de Puppet"},
			openspace.LangEN: {"On November 26, 2026, in Paris, there were 30 of us.", "### Puppet: lessons learned", "| The evening | 12 |", "- No laptop to demo Puppet"},
		}[lang] {
			if !strings.Contains(md, want) {
				t.Errorf("the %s recap lacks %q:\n%s", lang, want, md)
			}
		}
		if os.Getenv("OPENSPACE_EXAMPLES") == "1" {
			if err := os.WriteFile(filepath.Join("docs", "examples", "recap-"+lang+".md"), []byte(md), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// TestRecapConsole: after the evening, the organizer takes the suggested
// opening, edits it, saves it, sees it in the preview, then downloads and
// copies the Markdown.
func TestRecapConsole(t *testing.T) {
	const step = 30 * time.Second
	sharedBrowser(t)
	base, _ := startApp(t)
	ev := playEvening(t, base, recapEvening(openspace.LangFR))
	var sug struct {
		Suggestion string `json:"suggestion"`
	}
	apiCall(t, base, ev.organizer, "GET", ev.path("/intro/suggestion"), nil, &sug)

	org := newPerson(t, "the organizer")
	speaks(t, org, "fr-FR,fr")
	within(t, org, step, "open the console",
		chromedp.EmulateViewport(1440, 900), chromedp.Navigate(base+ev.organizerURL),
		waitUntil("the recap is among the step's sections", `(() => { const ids = [...document.querySelector('#org-sections').children].map(e => e.id); return ids.indexOf('recap-section') >= 0 && ids.indexOf('recap-section') < ids.indexOf('more-sections'); })()`, `[...document.querySelector('#org-sections').children].map(e => e.id).join(',')`),
		visible("#recap-intro"), visible("#recap-suggest-box"),
		waitJS(`document.querySelector('#recap-suggestion').textContent === `+q(sug.Suggestion)),
		click("#recap-use-suggestion"),
		waitJS(`document.querySelector('#recap-intro').value === `+q(sug.Suggestion)+` && document.activeElement.id === 'recap-intro'`),
		waitJS(`document.querySelector('#recap-suggest-box').hidden`),
		chromedp.SendKeys(chromedp.CSS("#recap-intro"), " Merci à Philippe pour l’accueil !"),
		click("#recap-intro-save"),
		waitJS(`document.querySelector('#recap-intro-saved').textContent === 'Introduction enregistrée.'`),
	)
	intro := sug.Suggestion + " Merci à Philippe pour l’accueil !"
	var e openspace.Event
	// The organizer's state: the intro is a draft no public screen gets.
	apiCall(t, base, ev.organizer, "GET", ev.path("/organizer"), nil, &struct {
		Event *openspace.Event `json:"event"`
	}{&e})
	if e.Intro != intro {
		t.Fatalf("stored intro %q, want %q", e.Intro, intro)
	}

	// The preview shows the intro, as a blog does, with no script allowed.
	within(t, org, step, "the preview",
		waitJS(`document.querySelector('#recap-preview').getAttribute('sandbox') === ''`),
		waitJS(`/recap\.html\?format=jekyll&v=\d+$/.test(document.querySelector('#recap-preview').getAttribute('src'))`))
	// frameText reads the preview's text: in the iframe's own target when
	// Chromium isolates the sandboxed frame, else through its node.
	frameText := func() string {
		tctx, cancel := context.WithTimeout(org, 5*time.Second)
		defer cancel()
		if infos, err := chromedp.Targets(tctx); err == nil {
			for _, info := range infos {
				if info.Type == "iframe" && strings.Contains(info.URL, "/recap.html") {
					// Not cancelled: that would close the frame's target, and
					// the tab's with it; the tab's end releases it.
					fctx, _ := chromedp.NewContext(org, chromedp.WithTargetID(info.TargetID)) //nolint:govet
					s, err := chromedp.Run(fctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ''`))
					if err == nil {
						return s
					}
				}
			}
		}
		nodes, err := chromedp.Run(tctx, chromedp.Nodes(chromedp.CSS("#recap-preview")))
		if err != nil || len(nodes) == 0 {
			return ""
		}
		s, _ := chromedp.Run(tctx, chromedp.TextContent(chromedp.CSS("body"), chromedp.FromNode(nodes[0])))
		return s
	}
	deadline := time.Now().Add(step)
	for !strings.Contains(frameText(), "Merci à Philippe pour l’accueil !") {
		if time.Now().After(deadline) {
			t.Fatalf("the preview does not show the intro; it shows:\n%.2000s", frameText())
		}
		time.Sleep(200 * time.Millisecond)
	}
	if s := frameText(); !strings.Contains(s, "Compte-rendu : 2ème meetup Paris DevOps") || !strings.Contains(s, "Ce qui s’est dit") {
		t.Errorf("the preview lacks the title or the notes:\n%.2000s", s)
	}
	if dir := "/tmp/shots-recap"; os.MkdirAll(dir, 0o755) == nil {
		within(t, org, step, "scroll to the recap", chromedp.Evaluate[chromedp.Void](`document.querySelector('#recap-section').scrollIntoView()`), settled())
		png := value(t, org, "screenshot", chromedp.CaptureScreenshot())
		_ = os.WriteFile(filepath.Join(dir, "console-recap-1440.png"), png, 0o644)
	}

	// Download: a link to the .md, named after the evening.
	md := recapOf(t, ev, "")
	got := value(t, org, "download", chromedp.Evaluate[string](`(async () => {
		const a = document.querySelector('#recap-download');
		if (a.getAttribute('download') !== 'compte-rendu-2026-11-26.md') return 'named ' + a.getAttribute('download');
		const res = await fetch(a.href);
		return res.headers.get('Content-Disposition') + '\n' + await res.text();
	})()`, chromedp.EvalAwaitPromise))
	if want := "attachment; filename=\"recap.md\"\n" + md; got != want {
		t.Errorf("download gives:\n%.400s\nwant:\n%.400s", got, want)
	}
	// Hugo: the links and the copy follow the choice.
	within(t, org, step, "choose Hugo", click("#recap-format-hugo"),
		waitJS(`/format=hugo/.test(document.querySelector('#recap-download').href) && /format=hugo/.test(document.querySelector('#recap-preview').src)`))

	// Copy: the Markdown goes to the clipboard (the page's clipboard is
	// watched: a headless browser has no clipboard of its own to read).
	within(t, org, step, "copy",
		chromedp.Evaluate[chromedp.Void](`navigator.clipboard.writeText = (s) => { window.__copied = s; return Promise.resolve(); }`),
		click("#recap-copy"),
		waitJS(`document.querySelector('#recap-status').textContent === 'Markdown copié : collez-le dans votre blog.'`))
	copied := value(t, org, "read the clipboard", chromedp.Evaluate[string](`window.__copied`))
	if hugo := recapOf(t, ev, "?format=hugo"); copied != hugo {
		t.Errorf("copied:\n%.300s\nwant the Hugo recap:\n%.300s", copied, hugo)
	}
	if !strings.Contains(copied, intro) {
		t.Errorf("the copied Markdown lacks the intro")
	}
}
