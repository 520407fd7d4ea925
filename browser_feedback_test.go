package main

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"openspace/openspace"
)

// TestBrowserFeedback: in the wrap-up, phones give their ROTI and their
// comments; the projector's histogram moves as they do, the console lists
// who wrote what; a phone changes its mark and the histogram follows; once
// the event is closed, the form is read-only and the server accepts
// nothing. With OPENSPACE_FEEDBACK_SHOTS set to a folder, it writes
// screenshots of the phone (EN, FR), the projector and the console.
func TestBrowserFeedback(t *testing.T) {
	t.Parallel()
	sharedBrowser(t) // skips without Chromium (fails in CI)
	base, _ := startApp(t)
	const step = 20 * time.Second
	shots := os.Getenv("OPENSPACE_FEEDBACK_SHOTS")

	ev := seedEvening(t, base, evening{
		setup: openspace.EventSetup{
			Title: "2ème meetup Paris DevOps", Date: "2026-11-26", Venue: "Paris", Language: "fr",
			Sessions: []openspace.Session{{Title: "1ère session", Start: "19:30", Duration: 30}, {Title: "2ème session", Start: "20:05", Duration: 30}},
			Rooms:    []openspace.Room{{Name: "Grande salle", Capacity: 10}, {Name: "Cuisine", Capacity: 10}},
		},
		people: []person{{name: "Ada"}, {name: "Bob"}, {name: "Chloé"}},
		topics: []proposal{{by: "Ada", title: "Puppet"}, {by: "Bob", title: "Jira"},
			{by: "Chloé", title: "Terraform"}, {by: "Bob", title: "Kanban"}}, // proposers host: Ada Puppet, Bob one topic per session
		votes: []ballot{{by: "Ada", topics: []string{"Puppet", "Terraform"}}, {by: "Bob", topics: []string{"Jira", "Kanban"}},
			{by: "Chloé", topics: []string{"Puppet", "Kanban"}}},
		grid:    [][]string{{"Puppet", "Jira"}, {"Terraform", "Kanban"}},
		publish: true,
	})
	s1, s2 := ev.event.Sessions[0].ID, ev.event.Sessions[1].ID
	ev.phase(t, "sessions")
	for _, sid := range []string{s1, s2} {
		apiCall(t, base, ev.organizer, "POST", ev.path("/sessions/"+sid+"/start"), nil, nil)
	}
	apiCall(t, base, ev.organizer, "POST", ev.path("/sessions/"+s2+"/end"), nil, nil)
	ev.phase(t, "wrapup")

	snap := func(tab context.Context, name string, full bool) {
		t.Helper()
		if shots == "" {
			return
		}
		if err := os.MkdirAll(shots, 0o755); err != nil {
			t.Fatal(err)
		}
		within(t, tab, step, "settle for "+name, settled())
		var png []byte
		if full {
			png = value(t, tab, "screenshot "+name, chromedp.FullScreenshot(100))
		} else {
			png = value(t, tab, "screenshot "+name, chromedp.CaptureScreenshot())
		}
		if err := os.WriteFile(filepath.Join(shots, name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	count := func(mark, n string) chromedp.Action[chromedp.Void] {
		return waitUntil("the projector shows "+n+" for ROTI "+mark,
			`document.querySelector('#roti-hist li[data-roti="`+mark+`"]').dataset.count === `+q(n),
			`[...document.querySelectorAll('#roti-hist li')].map(li => li.dataset.roti + ':' + li.dataset.count).join(' ')`)
	}

	// The projector in the wrap-up: the histogram waits for the first mark.
	projector := newPerson(t, "the projector")
	within(t, projector, step, "open the projector",
		chromedp.EmulateViewport(1920, 1080),
		chromedp.Navigate(base+"/p/"+ev.id),
		showsView("wrapup"),
		visible("#roti-hist"),
		waitJS(`document.querySelector('#roti-sum').dataset.given === '0'`),
		waitJS(`document.querySelector('#roti-sum').textContent.startsWith('Pas encore d’avis')`),
		markLoaded,
	)

	// The console, at the wrap-up step: no feedback yet.
	org := newPerson(t, "the organizer")
	within(t, org, step, "open the console",
		chromedp.EmulateViewport(1440, 900),
		chromedp.Navigate(base+ev.organizerURL),
		visible("#org-main"),
		click("#lang-en"),
		visible("#feedback-section"),
		waitJS(`document.querySelector('#feedback-section').classList.contains('in-step')`),
		waitJS(`document.querySelector('#org-sections').firstElementChild.id === 'recap-section'`),
		waitJS(`document.querySelector('#of-summary').textContent.startsWith('No feedback yet')`),
		markLoaded,
	)

	phone := func(name string) context.Context {
		tab := newPerson(t, name)
		within(t, tab, step, name+" opens the page",
			chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch),
			chromedp.Navigate(base+"/e/"+ev.id),
			visible("#join-form"),
			chromedp.Evaluate[chromedp.Void](`document.cookie = `+q("os_att_"+ev.id+"="+ev.people[name].token+"; path=/")),
			chromedp.Navigate(base+"/e/"+ev.id),
			visible("#main-view"),
			pageLoaded(),
			click("#lang-en"),
			visible("#feedback"),
		)
		return tab
	}
	mark := func(group, m string) chromedp.Action[chromedp.Void] {
		return click(group + ` button[data-roti="` + m + `"]`)
	}
	saved := waitUntil("the form says it is saved", `document.querySelector('#fb-status').dataset.state === 'saved'`,
		`document.querySelector('#fb-status').textContent`)

	// Ada attended Puppet (her seat) and Terraform: she marks the evening
	// and Puppet, and says what worked.
	ada := phone("Ada")
	within(t, ada, step, "Ada gives her feedback",
		waitJS(`[...document.querySelectorAll('#fb-topics li .title')].map(p => p.textContent).join('|') === 'Puppet|Terraform'`),
		waitJS(`document.querySelector('#fb-evening button[data-roti="1"]').getAttribute('aria-label') === '1 — not worth my time'`),
		waitJS(`document.querySelector('#fb-evening').getAttribute('role') === 'radiogroup'`),
		// thumb-sized: every button at least 44×44, and nothing scrolls sideways
		waitJS(`[...document.querySelectorAll('#feedback button')].every(b => { const r = b.getBoundingClientRect(); return r.width >= 44 && r.height >= 44; })`),
		waitJS(`document.documentElement.scrollWidth <= innerWidth`),
		mark("#fb-evening", "5"),
		waitJS(`document.querySelector('#fb-evening button[data-roti="5"]').getAttribute('aria-checked') === 'true'`),
		waitJS(`document.querySelector('#fb-status').dataset.state === 'dirty'`),
		mark("#fb-topics li:first-child", "4"),
		fill("#fb-worked", "Des échanges francs\net des pizzas"),
		click("#fb-save"),
		saved,
	)
	within(t, projector, step, "the projector counts Ada's mark",
		count("5", "1"), count("4", "0"),
		waitJS(`document.querySelector('#roti-sum').textContent === 'Moyenne 5 / 5 · 1 avis'`),
		pageNotReloaded(),
	)

	bob := phone("Bob")
	within(t, bob, step, "Bob gives his",
		waitJS(`[...document.querySelectorAll('#fb-topics li .title')].map(p => p.textContent).join('|') === 'Jira|Kanban'`),
		mark("#fb-evening", "3"),
		fill("#fb-blocked", "Trop court"),
		click("#fb-save"),
		saved,
	)
	within(t, projector, step, "the projector counts Bob's mark",
		count("3", "1"), count("5", "1"),
		waitJS(`document.querySelector('#roti-sum').textContent === 'Moyenne 4 / 5 · 2 avis'`),
	)
	comment := func(name string) string {
		return `[...document.querySelectorAll('#of-comments li.comment')].find(li => li.querySelector('.name').textContent === ` + q(name) + `)`
	}
	within(t, org, step, "the console lists who wrote what",
		waitJS(`document.querySelector('#of-summary').textContent === '2 people gave feedback · the evening: 4 / 5'`),
		waitJS(inside(comment("Ada"), ".worked .text")+`.textContent === "Des échanges francs\net des pizzas"`),
		waitJS(inside(comment("Ada"), ".marks")+`.textContent === 'Evening: 5 / 5 · “Puppet”: 4 / 5'`),
		waitJS(inside(comment("Bob"), ".blocked .text")+`.textContent === 'Trop court'`),
		waitJS(`document.querySelector('#of-evening li[data-roti="3"]').dataset.count === '1'`),
		waitJS(`document.querySelector('#of-topics tr[data-topic-id=`+q(ev.topic(t, "Puppet"))+`] td.avg').textContent === '4'`),
		pageNotReloaded(),
	)

	if shots != "" {
		within(t, projector, step, "the projector at 1920×1080", settled())
		readable(t, projector, "the wrap-up with its histogram", 1080)
		snap(projector, "projector-wrapup-1920x1080", false)
		within(t, org, step, "scroll to the feedback",
			chromedp.Evaluate[chromedp.Void](`document.querySelector('#feedback-section').scrollIntoView()`))
		snap(org, "console-feedback-1440x900", false)
		for _, lang := range []string{"en", "fr"} {
			within(t, ada, step, "Ada's phone in "+lang, click("#lang-"+lang),
				waitJS(`document.documentElement.lang === `+q(lang)),
				chromedp.Evaluate[chromedp.Void](`document.querySelector('#feedback').scrollIntoView()`))
			snap(ada, "phone-feedback-"+lang, false)
			snap(ada, "phone-feedback-"+lang+"-full", true)
		}
		within(t, ada, step, "back to English", click("#lang-en"))
	} else {
		readable(t, projector, "the wrap-up with its histogram", 1080)
	}

	// Ada changes her mind, with the keyboard: one step left from 5.
	within(t, ada, step, "Ada changes her mark",
		chromedp.Evaluate[chromedp.Void](`document.querySelector('#fb-evening button[data-roti="5"]').focus()`),
		chromedp.KeyEvent(kb.ArrowLeft),
		waitJS(`document.querySelector('#fb-evening').dataset.value === '4'`),
		waitJS(`document.activeElement === document.querySelector('#fb-evening button[data-roti="4"]')`),
		click("#fb-save"),
		saved,
	)
	within(t, projector, step, "the histogram follows",
		count("5", "0"), count("4", "1"), count("3", "1"),
		waitJS(`document.querySelector('#roti-sum').textContent === 'Moyenne 3,5 / 5 · 2 avis'`),
		pageNotReloaded(),
	)

	// Closed: the form turns read-only, live; the server refuses a change.
	ev.phase(t, "closed")
	within(t, ada, step, "Ada's form is read-only",
		waitJS(`document.querySelector('#feedback').dataset.state === 'closed'`),
		waitJS(`!document.querySelector('#fb-save')`),
		waitJS(`document.querySelector('#fb-worked').readOnly`),
		waitJS(`document.querySelector('#fb-evening button[aria-checked=true]').dataset.roti === '4'`),
		waitJS(`document.querySelector('#fb-status').textContent === 'The event is over: your feedback can no longer change.'`),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('#fb-evening button[data-roti="1"]').click()`),
		waitJS(`document.querySelector('#fb-evening').dataset.value === '4'`),
	)
	req, err := http.NewRequest("PUT", base+ev.path("/feedback"), strings.NewReader(`{"evening": 1}`))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+ev.people["Chloé"].token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusConflict {
		t.Errorf("a feedback after closing: status %d, want 409", resp.StatusCode)
	}
	within(t, org, step, "the console still shows two",
		waitJS(`document.querySelector('#of-summary').dataset.count === '2'`),
		waitJS(`document.querySelector('#feedback-section').classList.contains('in-step')`),
	)
}
