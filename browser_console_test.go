package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"openspace/openspace"
)

// runState is the part of the public state the console test checks through
// the API: the phase, the pitch queue, the sessions' clocks, the plan.
type runState struct {
	Event struct {
		Phase        string `json:"phase"`
		VotingOpen   bool   `json:"voting_open"`
		PitchSeconds int    `json:"pitch_seconds"`
		Rotate       bool   `json:"rotate"`
		Pitch        struct {
			Queue   []string `json:"queue"`
			Current string   `json:"current"`
		} `json:"pitch"`
		Sessions []struct {
			ID        string     `json:"id"`
			StartedAt *time.Time `json:"started_at"`
			EndsAt    *time.Time `json:"ends_at"`
			EndedAt   *time.Time `json:"ended_at"`
		} `json:"sessions"`
	} `json:"event"`
	Topics []struct {
		ID    string `json:"id"`
		Title string `json:"title"`
		Votes int    `json:"votes"`
	} `json:"topics"`
	Plan *struct {
		Cells []openspace.Cell `json:"cells"`
	} `json:"plan"`
}

func (s *seeded) run(tb testing.TB) runState {
	tb.Helper()
	var st runState
	apiCall(tb, s.base, nil, "GET", s.path(""), nil, &st)
	return st
}

// TestBrowserConsoleRunsTheEvening: the organizer takes the evening through
// its steps with the console's next-step button, and the projector follows
// each one live; runs the pitch queue; moves a topic where it can go, and
// nowhere else; merges after a confirmation; starts, extends and ends a
// session whose countdown and live headcounts the console shows; then the
// console fits a phone.
//
// With OPENSPACE_CONSOLE_SHOTS=/some/folder it saves a screenshot of each
// step at 1440×900 and of three steps at 390×844.
func TestBrowserConsoleRunsTheEvening(t *testing.T) {
	t.Parallel()
	sharedBrowser(t) // skips without Chromium (fails in CI)
	base, _ := startApp(t)
	const step = 20 * time.Second
	shots := os.Getenv("OPENSPACE_CONSOLE_SHOTS")
	ev := seedEvening(t, base, evening{
		setup: openspace.EventSetup{Title: "Meetup Lyon", Language: "en",
			Sessions: []openspace.Session{{Title: "First round", Start: "19:30", Duration: 30}, {Title: "Second round", Start: "20:05", Duration: 30}},
			Rooms: []openspace.Room{{Name: "Big room", Capacity: 2, Equipment: []string{"screen"}},
				{Name: "Kitchen", Capacity: 5}},
			Question: &openspace.Question{Prompt: "Who are you?", Choices: []string{"Dev", "Ops"}}},
		people: []person{{name: "Ada", answer: "Dev"}, {name: "Bob", answer: "Ops"}, {name: "Cleo", answer: "Dev"}},
		topics: []proposal{{by: "Ada", title: "Live demo", needs: []string{"screen"}}, {by: "Bob", title: "Kanban"},
			{by: "Cleo", title: "Retro"}, {by: "Ada", title: "Puppet"}, {by: "Cleo", title: "Retrospectives"}},
		votes: []ballot{{by: "Ada", topics: []string{"Live demo", "Retro", "Retrospectives"}}, {by: "Bob", topics: []string{"Kanban", "Retrospectives"}},
			{by: "Cleo", topics: []string{"Puppet"}}},
	})
	sess := func(i int) string { return ev.event.Sessions[i].ID }
	room := func(i int) string { return ev.event.Rooms[i].ID }
	td := func(si, ri int) string {
		return `#draft-grid td[data-session-id="` + sess(si) + `"][data-room-id="` + room(ri) + `"]`
	}

	projector := newPerson(t, "the projector")
	within(t, projector, step, "open the projector",
		chromedp.EmulateViewport(1280, 720),
		chromedp.Navigate(base+"/p/"+ev.id),
		pageLoaded(),
		waitJS(`!document.querySelector('#badge-proposals').classList.contains('off')`),
		markLoaded,
	)
	org := newPerson(t, "the organizer")
	// takeAt saves what the organizer sees with the element at sel at the
	// top of the screen ("" for the top of the page).
	takeAt := func(name, sel string) {
		t.Helper()
		if shots == "" {
			return
		}
		scroll := `window.scrollTo(0, 0)`
		if sel != "" {
			scroll = `document.querySelector(` + q(sel) + `).scrollIntoView()`
		}
		within(t, org, step, "settle for "+name, chromedp.Evaluate[chromedp.Void](scroll), settled())
		png := value(t, org, "screenshot "+name, chromedp.CaptureScreenshot())
		if err := os.MkdirAll(shots, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(shots, name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	take := func(name string) { t.Helper(); takeAt(name, "") }
	atStep := func(phase string) chromedp.Action[chromedp.Void] {
		return waitUntil("the console to be at the "+phase+" step",
			`document.querySelector('#step-bar li[aria-current=step]').dataset.phase === `+q(phase)+` && !document.querySelector('#next-step').disabled`,
			`document.querySelector('#step-bar li[aria-current=step]').dataset.phase`)
	}
	phaseIs := func(phase string) {
		t.Helper()
		eventually(t, step, "the server's phase", func() (bool, string) {
			got := ev.run(t).Event.Phase
			return got == phase, fmt.Sprintf("phase %q, want %q", got, phase)
		})
	}
	next := func(label, phase string) {
		t.Helper()
		within(t, org, step, label,
			waitJS(`document.querySelector('#next-step').textContent === `+q(label)),
			click("#next-step"),
			atStep(phase),
		)
		phaseIs(phase)
	}

	// 1. Welcome: links, QR code, who came and how they answered.
	within(t, org, step, "open the console at the welcome step",
		chromedp.EmulateViewport(1440, 900),
		chromedp.Navigate(base+ev.organizerURL),
		visible("#org-main"),
		atStep("welcome"),
		waitJS(`document.querySelector('#org-attendee-count').textContent === '3'`),
		waitJS(`document.querySelector('#org-split li[data-answer="Dev"] .count-n').textContent === '2'`),
		waitJS(`document.querySelector('#org-qr').complete && document.querySelector('#org-qr').naturalWidth > 0`),
		waitJS(`document.querySelector('#prev-step').hidden`),
		// the welcome section comes first
		waitJS(`document.querySelector('#org-sections').firstElementChild.id === 'links-section'`),
		markLoaded,
	)
	take("1440-1-welcome")

	// 2. Marketplace: the pitch queue.
	next("Start the marketplace", "marketplace")
	within(t, projector, step, "the marketplace closes the seed's early voting, live",
		waitJS(`!document.querySelector('#badge-proposals').classList.contains('off') && document.querySelector('#badge-voting').classList.contains('off')`),
		pageNotReloaded(),
	)
	apiCall(t, base, ev.as(t, "Ada"), "POST", ev.path("/pitches"), map[string]string{"topic": ev.topic(t, "Live demo")}, nil)
	apiCall(t, base, ev.as(t, "Bob"), "POST", ev.path("/pitches"), map[string]string{"topic": ev.topic(t, "Kanban")}, nil)
	queued := func(titles ...string) chromedp.Action[chromedp.Void] {
		if titles == nil {
			titles = []string{}
		}
		return waitUntil("the queue to be "+fmt.Sprint(titles),
			`JSON.stringify([...document.querySelectorAll('#pitch-queue li .title')].map(e => e.textContent)) === `+q(jsJSON(titles)),
			`JSON.stringify([...document.querySelectorAll('#pitch-queue li .title')].map(e => e.textContent))`)
	}
	within(t, org, step, "the queue arrives live; start the first pitch",
		waitJS(`document.querySelector('#org-sections').firstElementChild.id === 'pitch-section'`),
		queued("Live demo", "Kanban"),
		waitJS(`document.querySelector('#pitch-status').textContent === 'No pitch under way.'`),
		waitJS(`document.querySelector('#pitch-next').textContent === 'Next pitch: “Live demo”'`),
		click("#pitch-next"),
		waitJS(`document.querySelector('#pitch-status').textContent === 'Pitching now: “Live demo”'`),
		queued("Kanban"),
		// the countdown runs from the pitch's 30 seconds, on the server's clock
		visible("#pitch-countdown"),
		waitJS(`(() => { const n = +document.querySelector('#pitch-countdown').dataset.left; return n > 20 && n <= 30; })()`),
		waitJS(`/^0:[0-9]{2} left$/.test(document.querySelector('#pitch-countdown').textContent)`),
	)
	left := value(t, org, "read the countdown", chromedp.Evaluate[int](`+document.querySelector('#pitch-countdown').dataset.left`))
	within(t, org, step, "the countdown goes down",
		waitJS(`+document.querySelector('#pitch-countdown').dataset.left < `+strconv.Itoa(left)))
	within(t, org, step, "take Kanban out; the organizer queues Puppet",
		clickOn("Kanban's take-out button", `document.querySelector('#pitch-queue li[data-topic-id="`+ev.topic(t, "Kanban")+`"] .skip-btn')`),
		queued(),
		visible("#pitch-empty"),
		choose("#pitch-add-select", ev.topic(t, "Puppet")),
		click("#pitch-add"),
		queued("Puppet"),
	)
	if st := ev.run(t); st.Event.Pitch.Current != ev.topic(t, "Live demo") || len(st.Event.Pitch.Queue) != 1 || st.Event.Pitch.Queue[0] != ev.topic(t, "Puppet") {
		t.Fatalf("pitch = %+v, want Live demo pitching and Puppet queued", st.Event.Pitch)
	}
	take("1440-2-marketplace")

	// 3. Voting: the projector follows live, without a reload.
	next("Open voting", "voting")
	within(t, projector, step, "the projector shows voting open, proposals closed",
		waitJS(`document.querySelector('#badge-proposals').classList.contains('off') && !document.querySelector('#badge-voting').classList.contains('off')`),
		pageNotReloaded(),
	)
	within(t, org, step, "the voting step shows the tally and the topics first",
		waitJS(`document.querySelector('#org-sections').firstElementChild.id === 'topics-section'`),
		waitJS(`document.querySelector('#org-tally').textContent.startsWith('6 dots placed out of 9')`),
		waitJS(`document.querySelector('#toggle-voting').checked && !document.querySelector('#toggle-proposals').checked`),
	)
	take("1440-3-voting")

	// Going back loses nothing, and says so.
	within(t, org, step, "go back to the marketplace",
		waitJS(`document.querySelector('#prev-step').textContent === 'Back to “Marketplace”'`),
		visible("#step-back-note"),
		waitJS(`document.querySelector('#step-back-note').textContent.includes('loses nothing')`),
		click("#prev-step"),
		atStep("marketplace"),
	)
	phaseIs("marketplace")
	within(t, projector, step, "the projector follows back", waitJS(`document.querySelector('#badge-voting').classList.contains('off')`))
	if st := ev.run(t); len(st.Topics) != 5 || st.Event.Pitch.Current == "" {
		t.Fatalf("after going back: %d topics, pitch %+v; want 5 topics, the pitch kept", len(st.Topics), st.Event.Pitch)
	}
	next("Open voting", "voting")

	// Merging asks first and says what happens to the dots.
	merging := `document.querySelector('#org-topics li[data-topic-id="` + ev.topic(t, "Retrospectives") + `"]')`
	within(t, org, step, "merge Retrospectives into Retro: asked, cancelled, asked again, confirmed",
		choose(`#org-topics li[data-topic-id="`+ev.topic(t, "Retrospectives")+`"] select.merge-select`, ev.topic(t, "Retro")),
		clickOn("the merge button", inside(merging, ".merge-btn")),
		waitJS(`!`+inside(merging, ".merge-confirm")+`.hidden`),
		waitJS(inside(merging, ".merge-confirm")+`.textContent.includes('its votes move to “Retro”. Anyone who voted for both keeps one dot on “Retro” and gets the other back.')`),
		clickOn("cancel", inside(merging, ".cancel-merge-btn")),
		waitJS(inside(merging, ".merge-confirm")+`.hidden`),
	)
	if st := ev.run(t); len(st.Topics) != 5 {
		t.Fatalf("cancelling the merge left %d topics, want 5", len(st.Topics))
	}
	within(t, org, step, "confirm the merge",
		clickOn("the merge button", inside(merging, ".merge-btn")),
		clickOn("confirm", inside(merging, ".confirm-merge-btn")),
		waitJS(`!`+merging),
		// Ada voted for both: one dot stays; Bob's moves.
		waitJS(inside(consoleTopic("Retro"), ".votes")+`.textContent === '2 votes'`),
	)

	// 4. Plan: only valid targets are offered.
	next("Close voting and plan", "plan")
	ev.place(t, "Kanban", 0, 0)
	ev.place(t, "Retro", 0, 1)
	apiCall(t, base, ev.organizer, "POST", ev.path("/draft/ops"), map[string]string{"op": "lock", "session": sess(0), "room": room(0)}, nil)
	within(t, org, step, "the grid shows the placed topics, the first cell locked",
		waitJS(`document.querySelector('#org-sections').firstElementChild.id === 'plan-section'`),
		waitJS(`document.querySelector(`+q(td(0, 0))+`).classList.contains('locked')`),
		waitJS(`!!document.querySelector(`+q(td(0, 1)+` button.chip`)+`)`),
		waitJS(`document.querySelector('#plan-unscheduled').dataset.count === '2'`),
	)
	take("1440-4-plan")
	within(t, org, step, "at 1440×900 the grid's rows are on screen without scrolling",
		chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`),
		waitUntil("the grid's last row on screen", `document.querySelector('#draft-grid tbody tr:last-child').getBoundingClientRect().bottom <= innerHeight`,
			`document.querySelector('#draft-grid tbody tr:last-child').getBoundingClientRect().bottom`),
	)
	offered := func(title string, want ...string) {
		t.Helper()
		slices.Sort(want)
		all := `[...document.querySelectorAll('#draft-grid td .place-btn')].map(b => b.closest('td').dataset.sessionId + '/' + b.closest('td').dataset.roomId).sort()`
		within(t, org, step, "select "+title+": only "+fmt.Sprint(want)+" offered",
			clickOn(title+"'s chip", trayChip(title)),
			waitJS(trayChip(title)+`.getAttribute('aria-pressed') === 'true'`),
			waitUntil("the place buttons", `JSON.stringify(`+all+`) === `+q(jsJSON(want)), `JSON.stringify(`+all+`)`),
		)
	}
	// Live demo needs a screen: only the Big room, and not its locked cell.
	offered("Live demo", sess(1)+"/"+room(0))
	within(t, org, step, "the Kitchen is marked as lacking a screen; clicking it places nothing",
		waitJS(`document.querySelector(`+q(td(0, 1))+`).classList.contains('nofit')`),
		// The one cell offered reads as a target, not greyed out.
		waitJS(`document.querySelector(`+q(td(1, 0))+`).classList.contains('target') && !document.querySelector(`+q(td(1, 0))+`).classList.contains('no-target')`),
		click(td(1, 1)),
		waitJS(trayChip("Live demo")+`.getAttribute('aria-pressed') === 'true'`),
		click(td(1, 0)+" .place-btn"),
		waitJS(`!!document.querySelector(`+q(td(1, 0)+` button.chip[data-topic-id="`+ev.topic(t, "Live demo")+`"]`)+`)`),
	)
	// Puppet needs nothing: everywhere but the locked cell (replacing
	// what is there: Puppet is not placed yet).
	offered("Puppet", sess(0)+"/"+room(1), sess(1)+"/"+room(0), sess(1)+"/"+room(1))
	within(t, org, step, "place Puppet in the second round",
		click(td(1, 1)+" .place-btn"),
		waitJS(`!!document.querySelector(`+q(td(1, 1)+` button.chip[data-topic-id="`+ev.topic(t, "Puppet")+`"]`)+`)`),
		waitJS(`document.querySelector('#unplaced button.chip') === null`),
		waitJS(`document.querySelector('#plan-unscheduled').dataset.count === '0'`),
	)

	// 5. Sessions: publish, start, extend, check-ins, end.
	next("Publish and go to the sessions", "sessions")
	if st := ev.run(t); st.Plan == nil || len(st.Plan.Cells) != 4 {
		t.Fatalf("published plan = %+v, want 4 cells", st.Plan)
	}
	within(t, org, step, "start the first round",
		waitJS(`document.querySelector('#org-sections').firstElementChild.id === 'run-section'`),
		waitJS(`document.querySelector('#run-start-next').textContent === 'Start “First round”'`),
		click("#run-start-next"),
		waitJS(`document.querySelector('#run-status').textContent === 'Running: “First round”'`),
		visible("#run-countdown"),
		waitJS(`(() => { const n = +document.querySelector('#run-countdown').dataset.left; return n > 1790 && n <= 1800; })()`),
		waitJS(`/^30:00 left$|^29:[0-9]{2} left$/.test(document.querySelector('#run-countdown').textContent)`),
		// the started round is frozen: no lock or clear, marked, no target
		waitJS(`document.querySelector(`+q(td(0, 1))+`).classList.contains('frozen') && !document.querySelector(`+q(td(0, 1)+" .clear-btn")+`)`),
		waitJS(`document.querySelector('#draft-grid th[data-session-id="`+sess(0)+`"] .frozen-mark').textContent === 'Running'`),
		waitJS(`document.querySelector('#run-start-next').textContent === 'Start “Second round”'`),
	)
	puppet := `document.querySelector('` + td(1, 1) + ` button.chip')`
	within(t, org, step, "a topic of the second round can go nowhere in the first",
		clickOn("Puppet's chip", puppet),
		waitJS(puppet+`.getAttribute('aria-pressed') === 'true'`),
		waitJS(`document.querySelectorAll('#draft-grid td[data-session-id="`+sess(0)+`"] .place-btn').length === 0`),
		chromedp.KeyEvent("\x1b"), // Escape
		waitJS(puppet+`.getAttribute('aria-pressed') === 'false'`),
	)
	ends := ev.run(t).Event.Sessions[0].EndsAt
	leftBefore := value(t, org, "read the countdown", chromedp.Evaluate[int](`+document.querySelector('#run-countdown').dataset.left`))
	within(t, org, step, "extend by 5 minutes",
		click("#run-extend"),
		waitJS(`+document.querySelector('#run-countdown').dataset.left > `+strconv.Itoa(leftBefore+290)),
	)
	if got := ev.run(t).Event.Sessions[0].EndsAt; ends == nil || got == nil || got.Sub(*ends) != 5*time.Minute {
		t.Fatalf("ends_at went from %v to %v, want 5 minutes later", ends, got)
	}
	// Check-ins arrive live: the Big room (2 seats) fills up.
	runRoom := `document.querySelector('#run-rooms li[data-room-id="` + room(0) + `"] .headcount')`
	within(t, org, step, "nobody checked in yet",
		waitJS(runRoom+`.dataset.count === '0'`),
		waitJS(`document.querySelector('#run-rooms li[data-room-id="`+room(0)+`"] .expected').textContent.endsWith('expected')`),
	)
	checkIn := func(who string, r int) {
		t.Helper()
		apiCall(t, base, ev.as(t, who), "PUT", ev.path("/checkins/"+sess(0)), map[string]string{"room": room(r)}, nil)
	}
	checkIn("Ada", 0)
	within(t, org, step, "Ada's check-in shows",
		waitJS(runRoom+`.dataset.count === '1' && `+runRoom+`.textContent === '1 here'`),
		waitJS(`document.querySelector(`+q(td(0, 0)+" .headcount")+`).dataset.count === '1'`),
	)
	checkIn("Bob", 0)
	within(t, org, step, "the Big room is full",
		waitJS(runRoom+`.dataset.count === '2' && `+runRoom+`.classList.contains('full') && `+runRoom+`.textContent.includes('Full')`),
		waitJS(`document.querySelector(`+q(td(0, 0)+" .headcount")+`).classList.contains('full')`),
		// said once to a screen reader
		waitJS(`document.querySelector('#run-announce').textContent === '“Big room” is full.'`),
	)
	take("1440-5-sessions")
	within(t, org, step, "end the first round now",
		click("#run-end"),
		waitJS(`document.querySelector('#run-status').textContent === 'No session is running. Next: “Second round”.'`),
		waitJS(`document.querySelector('#run-countdown').closest('#run-clock').hidden`),
		waitJS(`document.querySelector('#draft-grid th[data-session-id="`+sess(0)+`"] .frozen-mark').textContent === 'Ended'`),
	)
	if s := ev.run(t).Event.Sessions[0]; s.EndedAt == nil {
		t.Fatal("the first round has not ended on the server")
	}

	// 6. Wrap-up and closed: the recap.
	next("Wrap up the evening", "wrapup")
	within(t, org, step, "the recap comes first",
		waitJS(`document.querySelector('#org-sections').firstElementChild.id === 'recap-section'`),
		visible("#recap-open"),
		waitJS(`document.querySelector('#recap-open').getAttribute('href') === '/api/events/`+ev.id+`/recap.md'`),
	)
	take("1440-6-wrapup")
	next("Close the event", "closed")
	within(t, org, step, "no step after closed", waitJS(`document.querySelector('#next-step').hidden`))
	take("1440-7-closed")
	within(t, org, step, "the console was never reloaded", pageNotReloaded())

	// 7. On a phone: no horizontal scroll in the welcome, plan and sessions
	// steps (set from elsewhere: the phone follows live).
	phone := newPerson(t, "the organizer's phone")
	within(t, phone, step, "open the console on a phone",
		chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch),
		chromedp.Navigate(base+ev.organizerURL),
		visible("#org-main"),
		waitJS(`document.querySelector('#step-bar li[aria-current=step]').dataset.phase === 'closed'`),
	)
	org = phone
	for _, ph := range []string{"welcome", "plan", "sessions"} {
		apiCall(t, base, ev.organizer, "PATCH", ev.path("/phases"), map[string]string{"phase": ph}, nil)
		if ph == "sessions" {
			apiCall(t, base, ev.organizer, "POST", ev.path("/sessions/"+sess(1)+"/start"), nil, nil)
		}
		within(t, phone, step, "the phone at the "+ph+" step fits 390 px",
			atStep(ph),
			visible("#draft-grid"),
			waitUntil("no horizontal scroll", `document.documentElement.scrollWidth <= 390`, `document.documentElement.scrollWidth`),
			// the grid's cells name their room, as the table head is gone
			waitJS(`getComputedStyle(document.querySelector('#draft-grid thead')).display === 'none'`),
			waitJS(`document.querySelector(`+q(td(1, 0)+" .cell-room")+`).offsetWidth > 0`),
		)
		take("390-" + ph)
		if ph != "welcome" {
			takeAt("390-"+ph+"-grid", "#draft-grid")
		}
		if ph == "sessions" {
			takeAt("390-"+ph+"-run", "#run-section")
		}
	}
	within(t, phone, step, "in French: « » quotes and plurals",
		click("#lang-fr"),
		waitJS(`document.querySelector('#run-status').textContent === 'En cours : \u00ab\u202fSecond round\u202f\u00bb'`),
		waitJS(`document.querySelector('#run-rooms li[data-room-id="`+room(0)+`"] .expected').textContent === '1 attendu'`),
		waitJS(`document.querySelector('#prev-step').textContent === 'Revenir à l’étape \u00ab\u202fProgramme\u202f\u00bb'`),
		waitUntil("no horizontal scroll", `document.documentElement.scrollWidth <= 390`, `document.documentElement.scrollWidth`),
	)
	takeAt("390-sessions-fr", "#run-section")
}
