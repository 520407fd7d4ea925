package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"openspace/openspace"
)

// TestBrowserTheWholeEvening plays the evening of the issue with a
// projector, an organizer and three attendees in separate browsers:
// welcome with the live split, the pitch queue, voting, propose and
// publish, session 1, an attendee moving room with the headcounts
// following on the projector and the console, the same time left on every
// screen (one phone's clock is two minutes fast), the 5-minute warning,
// extend by 5 minutes, the next session, the wrap-up. Every step is seen
// arriving live; no page is reloaded.
func TestBrowserTheWholeEvening(t *testing.T) {
	t.Parallel()
	const step = 20 * time.Second
	sharedBrowser(t) // skips without Chromium (fails in CI)
	base, _ := startApp(t)
	ev := seedEvening(t, base, evening{setup: openspace.EventSetup{
		Title: "3ème meetup Paris DevOps", Date: "2026-12-03", Venue: "Paris", Language: "fr",
		// Five minutes: session 1 starts inside its last five minutes.
		Sessions: []openspace.Session{{Title: "1ère session", Start: "19:30", Duration: 5}, {Title: "2ème session", Start: "20:05", Duration: 30}},
		Rooms:    []openspace.Room{{Name: "Grande salle", Capacity: 2, Location: "Rez-de-chaussée"}, {Name: "Salle du fond", Capacity: 10}},
		Question: &openspace.Question{Prompt: "Vous êtes ?", Choices: []string{"Dev", "Ops"}},
	}})
	// seedEvening opened voting beside proposals; the evening starts at its welcome.
	apiCall(t, base, ev.organizer, "PATCH", ev.path("/phases"), map[string]string{"phase": "welcome"}, nil)

	console := newPerson(t, "the organizer")
	within(t, console, step, "open the console",
		chromedp.EmulateViewport(1440, 900), chromedp.Navigate(base+ev.organizerURL), visible("#next-step"), markLoaded)
	projector := newPerson(t, "the projector")
	within(t, projector, step, "open the projector",
		chromedp.EmulateViewport(1920, 1080), chromedp.Navigate(base+"/p/"+ev.id),
		waitJS(`document.body.dataset.view === 'welcome'`), markLoaded)

	names := []string{"Ada", "Bob", "Chloé"}
	answers := map[string]int{"Ada": 0, "Bob": 1, "Chloé": 0}
	phones := map[string]context.Context{}
	for _, name := range names {
		phone := newPerson(t, name)
		if name == "Chloé" { // her phone's clock is two minutes fast
			if _, err := chromedp.Call(phone, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
				Source: `(() => { const real = Date.now; Date.now = () => real() + 120000; })()`,
			}); err != nil {
				t.Fatal(err)
			}
		}
		within(t, phone, step, name+" joins with the QR code's link",
			chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch),
			chromedp.Navigate(base+"/j/"+ev.code), visible("#join-form"), pageLoaded(),
			fill("#join-name", name), click("#answer-"+strconv.Itoa(answers[name])), click("#join-submit"),
			visible("#main-view"), markLoaded)
		phones[name] = phone
	}
	within(t, projector, step, "the projector counts three people, two devs and one ops",
		waitJS(`document.querySelector('#attendee-count').textContent.trim() === '3'`),
		waitJS(`document.querySelector('#profile-split li[data-answer="Dev"] .count-n').textContent.trim() === '2'`),
		waitJS(`document.querySelector('#profile-split li[data-answer="Ops"] .count-n').textContent.trim() === '1'`))

	everyone := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		for _, name := range names {
			within(t, phones[name], step, name+": "+what, actions...)
		}
	}
	nextStep := func(to string) {
		t.Helper()
		within(t, console, step, "the organizer moves on to "+to,
			waitJS(`document.querySelector('#next-step').dataset.to === `+q(to)),
			click("#next-step"),
			waitJS(`document.body.dataset.phase === `+q(to)))
		within(t, projector, step, "the projector follows to "+to, waitJS(`document.body.dataset.phase === `+q(to)))
		everyone("the phone follows to "+to, waitJS(`document.body.dataset.phase === `+q(to)))
	}

	// Marketplace: Ada and Bob propose and line up to pitch.
	nextStep("marketplace")
	for _, p := range []struct{ who, title string }{{"Ada", "Puppet"}, {"Bob", "Continuous Delivery"}, {"Chloé", "Jira"}, {"Chloé", "Feature flags"}} {
		within(t, phones[p.who], step, p.who+" proposes "+p.title,
			fill("#propose-title", p.title), click("#propose-submit"), visible("#propose-done"))
	}
	for _, who := range []string{"Ada", "Bob"} {
		within(t, phones[who], step, who+" lines up to pitch",
			click("#my-topics .pitch-btn"), waitJS(`document.querySelector('#my-topics li').dataset.pitch !== ''`))
	}
	within(t, console, step, "the console shows two in the queue, then starts the first pitch",
		waitJS(`document.querySelectorAll('#pitch-queue li[data-topic-id]').length === 2`),
		click("#pitch-next"), visible("#pitch-countdown"))
	puppet, cd := ev.topicByTitle(t, "Puppet"), ev.topicByTitle(t, "Continuous Delivery")
	within(t, projector, step, "the projector shows Puppet's pitch with its countdown",
		waitJS(`document.querySelector('#pitch-title').dataset.topicId === `+q(puppet)),
		waitJS(`/^0:[0-9]{2}$/.test(document.querySelector('#pitch-countdown').textContent.trim())`))
	within(t, phones["Ada"], step, "Ada is on", waitJS(`document.querySelector('#my-topics li').dataset.pitch === 'on'`))
	within(t, phones["Bob"], step, "Bob is next", waitJS(`document.querySelector('#my-topics li').dataset.pitch === 'next'`))

	// Voting: dots from the phones reach the projector's tally.
	nextStep("voting")
	votes := map[string][]string{"Ada": {"Puppet", "Continuous Delivery", "Feature flags"}, "Bob": {"Continuous Delivery", "Jira"}, "Chloé": {"Continuous Delivery", "Puppet", "Jira"}}
	for _, who := range names {
		for _, title := range votes[who] {
			within(t, phones[who], step, who+" votes for "+title,
				clickOn("the vote button of "+title, inside(phoneTopic(title), ".vote-btn")),
				waitJS(inside(phoneTopic(title), ".vote-btn")+`.getAttribute('aria-pressed') === 'true'`))
		}
	}
	within(t, projector, step, "the projector's tally has Continuous Delivery first with 3 votes",
		waitJS(`document.querySelector('#tally li').dataset.topicId === `+q(cd)),
		waitJS(`document.querySelector('#tally li').dataset.votes === '3'`))

	// Plan: propose, then publish and go to the sessions.
	nextStep("plan")
	within(t, console, step, "the organizer proposes a plan", click("#propose-plan"), visible("#plan-score"),
		waitJS(`document.querySelectorAll('#draft-grid button.chip[data-topic-id]').length === 4`))
	nextStep("sessions")
	st := ev.state(t)
	if st.Plan == nil || len(st.Plan.Cells) != 4 {
		t.Fatalf("published plan %+v, want the 4 topics in the 2 × 2 grid", st.Plan)
	}
	s1, s2 := st.Event.Sessions[0].ID, st.Event.Sessions[1].ID

	// Session 1 starts: every screen counts down the same time.
	within(t, console, step, "the organizer starts session 1",
		waitJS(`document.querySelector('#run-start-next').dataset.sessionId === `+q(s1)),
		click("#run-start-next"), visible("#run-countdown"))
	within(t, projector, step, "the projector highlights session 1 with a countdown in its last five minutes",
		waitJS(`document.querySelector('#grid tr[data-session-id="`+s1+`"]').classList.contains('running')`),
		waitJS(`document.body.dataset.clock === 'warn'`))
	everyone("the now screen shows session 1 running",
		waitJS(`document.querySelector('#now').dataset.sessionId === `+q(s1)+` && document.querySelector('#now').dataset.running === 'true'`))
	left := sameTimeLeft(t, console, projector, phones, names)
	if left > 5*60 || left < 4*60 {
		t.Errorf("time left %d s after starting a 5-minute session", left)
	}
	within(t, projector, step, "the projector announces the 5-minute warning once",
		waitJS(`document.querySelector('#announce').textContent.includes('5 minutes')`))

	// The law of two feet: Ada says she is here, Chloé moves to the other room.
	within(t, phones["Ada"], step, "Ada taps I'm here", click("#im-here"),
		waitJS(`document.querySelector('#now-mine').dataset.checkedIn === 'true'`))
	adaRoom := value(t, phones["Ada"], "read Ada's room", chromedp.Evaluate[string](`document.querySelector('#now-mine').dataset.roomId`))
	chloeRoom := value(t, phones["Chloé"], "read Chloé's room", chromedp.Evaluate[string](`document.querySelector('#now-mine').dataset.roomId`))
	target := ""
	for _, c := range st.Plan.Cells {
		if c.Session == s1 && c.Room != chloeRoom {
			target = c.Room
		}
	}
	within(t, phones["Chloé"], step, "Chloé moves to another room",
		clickOn("the move button", `document.querySelector('#rooms li[data-room-id="`+target+`"] .move-btn')`),
		waitJS(`document.querySelector('#now-mine').dataset.roomId === `+q(target)))
	want := map[string]int{}
	want[adaRoom]++
	want[target]++
	for _, c := range st.Plan.Cells {
		if c.Session != s1 {
			continue
		}
		n := strconv.Itoa(want[c.Room])
		within(t, projector, step, fmt.Sprintf("the projector shows %s people in room %s", n, c.Room),
			waitJS(`document.querySelector('#grid td[data-session-id="`+s1+`"][data-room-id="`+c.Room+`"] .headcount').dataset.headcount === `+q(n)))
		within(t, console, step, fmt.Sprintf("the console shows %s people in room %s", n, c.Room),
			waitJS(`document.querySelector('#run-rooms li[data-room-id="`+c.Room+`"] .headcount').dataset.count === `+q(n)))
	}

	// Extend by 5 minutes: out of the warning, every screen agrees again.
	within(t, console, step, "the organizer extends session 1 by 5 minutes", click("#run-extend"),
		waitJS(`+document.querySelector('#run-countdown').dataset.left > 300`))
	within(t, projector, step, "the projector leaves the warning", waitJS(`document.body.dataset.clock === 'ok'`))
	if got := sameTimeLeft(t, console, projector, phones, names); got <= 5*60 || got > 10*60 {
		t.Errorf("time left %d s after extending by 5 minutes", got)
	}

	// Session 2: session 1 ends, the projector moves its highlight.
	within(t, console, step, "the organizer starts session 2",
		waitJS(`document.querySelector('#run-start-next').dataset.sessionId === `+q(s2)),
		click("#run-start-next"),
		waitJS(`document.querySelector('#run-status').dataset.sessionId === `+q(s2)))
	within(t, projector, step, "the projector highlights session 2",
		waitJS(`document.querySelector('#grid tr[data-session-id="`+s2+`"]').classList.contains('running')`),
		waitJS(`document.querySelector('#grid tr[data-session-id="`+s1+`"]').classList.contains('done')`))
	everyone("the now screen moves to session 2", waitJS(`document.querySelector('#now').dataset.sessionId === `+q(s2)))
	if got := sameTimeLeft(t, console, projector, phones, names); got > 30*60 || got < 29*60 {
		t.Errorf("time left %d s in a 30-minute session just started", got)
	}

	// Wrap-up.
	nextStep("wrapup")
	within(t, projector, step, "the projector thanks three people",
		waitJS(`document.querySelector('#wrapup-stats li[data-stat="attendees"]').dataset.value === '3'`))
	everyone("the phone says thanks and what was attended", visible("#wrapup"),
		waitJS(`document.querySelectorAll('#attended li[data-session-id]').length > 0`))

	for _, tab := range []context.Context{console, projector, phones["Ada"], phones["Bob"], phones["Chloé"]} {
		within(t, tab, step, "nothing was reloaded", pageNotReloaded())
	}
}

// sameTimeLeft reads the running session's time left on every screen and
// fails unless they agree within a second; it returns the console's.
func sameTimeLeft(t *testing.T, console, projector context.Context, phones map[string]context.Context, names []string) int {
	t.Helper()
	read := func(tab context.Context, who, expr string) int {
		t.Helper()
		var n int
		within(t, tab, 10*time.Second, who+" shows the time left", waitJS(expr+` !== null`))
		s := value(t, tab, who+": read the time left", chromedp.Evaluate[string](`String(`+expr+`)`))
		n, err := strconv.Atoi(s)
		if err != nil {
			t.Fatalf("%s: time left %q", who, s)
		}
		return n
	}
	got := map[string]int{
		"the console": read(console, "the console", `document.querySelector('#run-countdown').dataset.left`),
		// The projector shows "4:59" (or "1:02:03"): read it as seconds.
		"the projector": read(projector, "the projector", `(() => { const m = /^(?:(\d+):)?(\d+):(\d\d)$/.exec(document.querySelector('#session-countdown').textContent.trim()); return m ? (+(m[1]||0))*3600 + (+m[2])*60 + (+m[3]) : null; })()`),
	}
	for _, name := range names {
		got[name] = read(phones[name], name, `document.querySelector('#now-left').dataset.left`)
	}
	lo, hi := got["the console"], got["the console"]
	for _, v := range got {
		lo, hi = min(lo, v), max(hi, v)
	}
	if hi-lo > 1 {
		var parts []string
		for who, v := range got {
			parts = append(parts, fmt.Sprintf("%s %d s", who, v))
		}
		t.Errorf("the screens disagree on the time left by more than a second: %s", strings.Join(parts, ", "))
	}
	return got["the console"]
}

// topicByTitle is the id of a topic proposed from a phone, by its title.
func (s *seeded) topicByTitle(tb testing.TB, title string) string {
	tb.Helper()
	s.state(tb)
	return s.topic(tb, title)
}
