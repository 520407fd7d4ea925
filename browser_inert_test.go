package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"openspace/openspace"
)

// hostileTexts are what a stranger in the room may type, each meant to
// run a script or build an element if a page treated text as markup: a
// script tag, an attribute break-out with an error handler, a Markdown
// javascript: link, a template expression.
var hostileTexts = []string{
	`<script>window.__pwned=1</script>`,
	`"><img src=x onerror="window.__pwned=1">`,
	`[x](javascript:window.__pwned=1)`,
	`{{7*7}}`,
}

// hostileEvening is a small evening whose every piece of user text is one
// of hostileTexts: the event's title and venue, the sessions, the rooms and
// their locations, the question and its choices, the attendees' names,
// the topics' titles, descriptions and hosts. Topic i is "Sujet " + text i.
func hostileEvening() evening {
	h := hostileTexts
	e := evening{
		setup: openspace.EventSetup{
			Title: h[0], Date: "2026-11-26", Venue: h[1], Language: "fr",
			Sessions: []openspace.Session{{Title: "Session " + h[2], Start: "19:30", Duration: 30}, {Title: "Session " + h[3], Start: "20:05", Duration: 30}},
			Rooms: []openspace.Room{{Name: "Salle " + h[0], Capacity: 14, Location: h[1]},
				{Name: "Salle " + h[1], Capacity: 10, Location: h[2]}},
			Question: &openspace.Question{Prompt: h[3], Choices: append([]string(nil), h...)},
		},
		publish: true,
	}
	for i, text := range h {
		e.people = append(e.people, person{name: text, answer: h[(i+1)%len(h)]})
		e.topics = append(e.topics, proposal{by: text, title: "Sujet " + text, host: "Hôte " + h[(i+2)%len(h)]})
		e.votes = append(e.votes, ballot{by: text, topics: []string{"Sujet " + text, "Sujet " + h[(i+1)%len(h)]}})
	}
	e.grid = [][]string{{"Sujet " + h[0], "Sujet " + h[1]}, {"Sujet " + h[2], "Sujet " + h[3]}}
	return e
}

// inertJS reports what user text would have made of a page had it been
// taken as markup: whether the payload's script ran, and any element the
// payloads build (inline scripts, the img, event-handler attributes,
// javascript: links). The pages have none of their own.
const inertJS = `(() => {
	const made = [...document.querySelectorAll('script:not([src]), img[src="x"], [onerror], a[href^="javascript:" i], [src^="javascript:" i]')];
	return JSON.stringify({ran: typeof window.__pwned !== 'undefined', made: made.map(e => e.outerHTML.slice(0, 160))});
})()`

// assertInert waits until the page shows each of texts (as text), then
// fails if a payload ran or built an element.
func assertInert(t *testing.T, tab context.Context, what string, texts ...string) {
	t.Helper()
	for _, text := range texts {
		within(t, tab, 20*time.Second, what+": shows "+text,
			waitUntil("the page to show "+q(text)+" as text", `document.body.innerText.includes(`+q(text)+`)`, `document.body.innerText.slice(0, 600)`))
	}
	if got := value(t, tab, what+": inert", chromedp.Evaluate[string](inertJS)); got != `{"ran":false,"made":[]}` {
		t.Errorf("%s: user text was taken as markup: %s", what, got)
	}
}

// TestUserTextStaysInert: an evening where every title, name, choice,
// location, note, takeaway, feedback comment and the recap's introduction
// is a script tag, an onerror break-out, a javascript: link or a template
// expression. Through every phase, the phone, the projector (and a door
// display), the console, the printable schedule and the recap show them
// as text: no script runs, no element is built from them.
func TestUserTextStaysInert(t *testing.T) {
	const step = 30 * time.Second
	sharedBrowser(t)
	base, _ := startApp(t)
	h := hostileTexts
	ev := seedEvening(t, base, hostileEvening())
	org := func(method, path string, body any) { apiCall(t, base, ev.organizer, method, ev.path(path), body, nil) }
	topic := func(i int) string { return ev.topic(t, "Sujet "+h[i]) }
	// Descriptions are not in the seed's proposals: the organizer edits them in.
	for i := range h {
		org("PATCH", "/topics/"+topic(i), map[string]any{"title": "Sujet " + h[i], "description": h[(i+3)%len(h)] + "\n" + h[i], "host": "Hôte " + h[(i+2)%len(h)]})
	}

	phone := newPerson(t, "a phone")
	within(t, phone, step, "the phone opens the page",
		chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch),
		chromedp.Navigate(base+"/e/"+ev.id), visible("#join-form"),
		chromedp.Evaluate[chromedp.Void](`document.cookie = `+q("os_att_"+ev.id+"="+ev.people[h[0]].token+"; path=/")),
		chromedp.Navigate(base+"/e/"+ev.id), visible("#main-view"), pageLoaded())
	projector := newPerson(t, "the projector")
	within(t, projector, step, "the projector opens",
		chromedp.EmulateViewport(1280, 720), chromedp.Navigate(base+"/p/"+ev.id), pageLoaded())
	door := newPerson(t, "a door display")
	within(t, door, step, "the door display opens",
		chromedp.EmulateViewport(1280, 720), chromedp.Navigate(base+"/p/"+ev.id+"?room="+ev.event.Rooms[1].ID),
		waitJS(`document.querySelector('#door-room').textContent !== ''`))
	console := newPerson(t, "the organizer")
	within(t, console, step, "the console opens",
		chromedp.EmulateViewport(1440, 900), chromedp.Navigate(base+ev.organizerURL), pageLoaded())

	shots := "/tmp/shots-fuzz"
	_ = os.MkdirAll(shots, 0o755)
	shoot := func(tab context.Context, name string) {
		within(t, tab, step, "settle", settled())
		png := value(t, tab, "screenshot "+name, chromedp.CaptureScreenshot())
		_ = os.WriteFile(filepath.Join(shots, name+".png"), png, 0o644)
	}
	inPhase := func(phase string) {
		t.Helper()
		for _, tab := range []context.Context{phone, projector, console} {
			within(t, tab, step, "reach "+phase, waitJS(`document.body.dataset.phase === `+q(phase)))
		}
	}

	// Welcome: the title, the venue, the question and its choices.
	inPhase("welcome")
	assertInert(t, projector, "projector, welcome", h[0], h[3], h[1], h[2])
	assertInert(t, phone, "phone, welcome", h[0])
	assertInert(t, door, "door display", "Salle "+h[1], h[2])
	assertInert(t, console, "console, welcome", "Sujet "+h[0], "Sujet "+h[1], "Sujet "+h[2], "Sujet "+h[3], "Hôte "+h[2])
	shoot(projector, "projector-welcome-1280")

	// Marketplace, with a pitch running: its title and host.
	org("PATCH", "/phases", map[string]string{"phase": "marketplace"})
	org("POST", "/pitches", map[string]string{"topic": topic(1)})
	org("POST", "/pitches", map[string]string{"topic": topic(2)})
	org("POST", "/pitches/next", nil)
	inPhase("marketplace")
	assertInert(t, projector, "projector, marketplace", "Sujet "+h[1], "Hôte "+h[3], "Sujet "+h[2])
	assertInert(t, phone, "phone, marketplace", "Sujet "+h[0], "Sujet "+h[3], h[2])
	assertInert(t, console, "console, marketplace", "Sujet "+h[1])
	shoot(projector, "projector-marketplace-1280")

	org("PATCH", "/phases", map[string]string{"phase": "voting"})
	inPhase("voting")
	assertInert(t, projector, "projector, voting", "Sujet "+h[0], "Sujet "+h[3])
	assertInert(t, phone, "phone, voting", "Sujet "+h[1])

	org("PATCH", "/phases", map[string]string{"phase": "plan"})
	inPhase("plan")
	assertInert(t, projector, "projector, plan", "Salle "+h[0], "Salle "+h[1], "Session "+h[2], "Sujet "+h[3])
	assertInert(t, phone, "phone, plan", "Sujet "+h[0], "Salle "+h[0])
	assertInert(t, console, "console, plan", "Salle "+h[1], "Session "+h[3])
	shoot(projector, "projector-plan-1280")

	// Sessions: the first one runs, people check in.
	org("PATCH", "/phases", map[string]string{"phase": "sessions"})
	org("POST", "/sessions/"+ev.event.Sessions[0].ID+"/start", nil)
	for i, name := range h {
		apiCall(t, base, ev.as(t, name), "PUT", ev.path("/checkins/"+ev.event.Sessions[0].ID), map[string]string{"room": ev.event.Rooms[i%2].ID}, nil)
	}
	inPhase("sessions")
	assertInert(t, projector, "projector, sessions", "Session "+h[2], "Sujet "+h[1])
	assertInert(t, door, "door display, sessions", "Sujet "+h[1], "Hôte "+h[3])
	assertInert(t, phone, "phone, sessions", "Salle "+h[0])
	assertInert(t, console, "console, sessions", "Session "+h[2])
	shoot(projector, "projector-sessions-1280")
	shoot(phone, "phone-sessions-390")
	org("POST", "/sessions/"+ev.event.Sessions[0].ID+"/end", nil)

	// Notes, feedback and the recap's introduction.
	for i := range h {
		org("PUT", "/topics/"+topic(i)+"/notes", map[string]any{"base_version": 0, "text": h[i] + "\n" + h[(i+1)%len(h)], "takeaways": []string{h[(i+2)%len(h)], h[(i+3)%len(h)]}})
	}
	org("PUT", "/intro", map[string]string{"intro": strings.Join(h, "\n\n")})
	org("PATCH", "/phases", map[string]string{"phase": "wrapup"})
	for i, name := range h {
		var form struct {
			Topics []string `json:"topics"`
		}
		apiCall(t, base, ev.as(t, name), "GET", ev.path("/feedback/me"), nil, &form)
		marks := map[string]int{}
		for _, tid := range form.Topics {
			marks[tid] = 4
		}
		apiCall(t, base, ev.as(t, name), "PUT", ev.path("/feedback"), map[string]any{"evening": 5, "topics": marks, "worked": "Bien : " + h[i], "blocked": "Moins bien : " + h[(i+1)%len(h)]}, nil)
	}
	inPhase("wrapup")
	assertInert(t, projector, "projector, wrap-up", h[0])
	assertInert(t, phone, "phone, wrap-up", "Sujet "+h[0])
	within(t, console, step, "the console reloads", chromedp.Navigate(base+"/o/"+ev.id), pageLoaded())
	assertInert(t, console, "console, wrap-up", "Bien : "+h[1], "Moins bien : "+h[2], "Bien : "+h[3])
	within(t, console, step, "the recap preview is sandboxed",
		waitJS(`document.querySelector('#recap-preview') && document.querySelector('#recap-preview').getAttribute('sandbox') === ''`))
	shoot(console, "console-wrapup-1440")

	// The recap as the preview loads it, opened as a page of its own so
	// that no sandbox hides a script that would run.
	within(t, console, step, "open the recap", chromedp.Navigate(base+ev.path("/recap.html?format=jekyll")))
	assertInert(t, console, "recap", h[0], h[1], "Sujet "+h[2], "Bien : "+h[3])

	org("PATCH", "/phases", map[string]string{"phase": "closed"})
	assertInert(t, projector, "projector, closed", h[0])

	printer := newPerson(t, "the printer")
	within(t, printer, step, "open the printable schedule", chromedp.EmulateViewport(1280, 900), chromedp.Navigate(base+"/print/"+ev.id))
	assertInert(t, printer, "print", h[0], "Salle "+h[1], h[2], "Sujet "+h[3], "Hôte "+h[1])
	shoot(printer, "print-1280")
}
