package main

import (
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"openspace/openspace"
)

// TestBrowserEveningEndToEnd runs the seed's evening in a real Chromium:
// the organizer creates the event, two attendees join from their own
// browsers, propose and vote, the organizer places the topics and
// publishes, and each attendee sees their room, every step observed
// arriving live on the other screens.
func TestBrowserEveningEndToEnd(t *testing.T) {
	t.Parallel()
	sharedBrowser(t) // skips without Chromium (fails in CI)
	base, _ := startApp(t)
	const step = 20 * time.Second

	// 1. The organizer creates the event from the home page.
	org := newPerson(t, "the organizer")
	within(t, org, step, "create the event",
		chromedp.Navigate(base+"/"),
		visible("#create-form"),
		fill("#create-title", "2ème meetup Paris DevOps"),
		fill("#create-venue", "Paris"),
		fill(`#create-rooms .room-row [name=room-name]`, "Grande salle"),
		fill(`#create-rooms .room-row [name=room-capacity]`, "14"),
		click("#create-add-room"),
		visible(`#create-rooms .room-row:nth-child(2) [name=room-name]`),
		fill(`#create-rooms .room-row:nth-child(2) [name=room-name]`, "Salle du fond"),
		fill(`#create-rooms .room-row:nth-child(2) [name=room-capacity]`, "10"),
		fill("#create-question", "Vous êtes ?"),
		fill("#create-choices", "Dev, Ops, Autre"),
		click("#create-submit"),
		visible("#organizer-link"),
	)
	orgLink := strings.TrimSpace(value(t, org, "read the organizer link", chromedp.Text(chromedp.CSS("#organizer-link"))))
	code := strings.TrimSpace(value(t, org, "read the join code", chromedp.Text(chromedp.CSS("#join-code"))))
	if !strings.Contains(orgLink, "/o/") || !strings.Contains(orgLink, "key=") || len(code) != 6 {
		t.Fatalf("organizer link %q and join code %q look wrong", orgLink, code)
	}
	within(t, org, step, "open the console from the organizer link",
		chromedp.Navigate(orgLink),
		visible("#org-main"),
		markLoaded,
	)
	if loc := value(t, org, "read the address", chromedp.Location()); strings.Contains(loc, "key=") {
		t.Errorf("the organizer key stays in the address bar: %s", loc)
	}
	eventID := orgLink[strings.Index(orgLink, "/o/")+3:]
	eventID = eventID[:strings.Index(eventID, "?")]

	// 2. The projector shows the code and a live counter.
	projector := newPerson(t, "the projector")
	within(t, projector, step, "open the projector",
		chromedp.Navigate(base+"/p/"+eventID),
		waitJS(`document.querySelector('#join-code').textContent.trim() === `+q(code)),
		waitJS(`document.querySelector('#attendee-count').textContent.trim() === '0'`),
		waitJS(`document.querySelector('#qr').naturalWidth > 0`),
		markLoaded,
	)

	// 3. Two attendees join from their phones with the code.
	ada := newPerson(t, "Ada")
	bob := newPerson(t, "Bob")
	// Ada scans the QR code (the /j/ link); Bob types the code on the home page.
	joinAs := func(tab context.Context, name string, answerIndex int, wantCount int) {
		open := chromedp.Navigate(base + "/j/" + strings.ToLower(code))
		if name == "Bob" {
			open = chromedp.Steps(chromedp.Navigate(base+"/"), visible("#code-form"),
				fill("#code-input", strings.ToLower(code)), click("#code-submit"))
		}
		within(t, tab, step, name+" joins",
			chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch),
			open,
			visible("#join-form"),
			pageLoaded(),
			fill("#join-name", name),
			click("#answer-"+strconv.Itoa(answerIndex)),
			click("#join-submit"),
			visible("#main-view"),
			waitJS(`document.querySelector('#dots-left').dataset.remaining === '3'`),
			markLoaded,
		)
		within(t, projector, step, "the projector counts "+name,
			waitJS(`document.querySelector('#attendee-count').textContent.trim() === `+q(strconv.Itoa(wantCount))),
		)
	}
	joinAs(ada, "Ada", 0, 1)
	joinAs(bob, "Bob", 1, 2)
	within(t, projector, step, "the projector shows the profile split",
		waitJS(`document.querySelector('#profile-split li[data-answer="Dev"] .count-n').textContent.trim() === '1'`),
		waitJS(`document.querySelector('#profile-split li[data-answer="Ops"] .count-n').textContent.trim() === '1'`),
		waitJS(`document.querySelector('#profile-split li[data-answer="Dev"] .pct').textContent.includes('50')`),
	)

	// 4. Each proposes a topic; the other sees it arrive.
	within(t, ada, step, "Ada proposes Puppet",
		fill("#propose-title", "Puppet"),
		click("#propose-submit"),
		visible("#propose-done"),
	)
	within(t, bob, step, "Bob sees Puppet arrive", waitJS(phoneTopic("Puppet")))
	within(t, bob, step, "Bob proposes Continuous Delivery",
		fill("#propose-title", "Continuous Delivery"),
		click("#propose-submit"),
		visible("#propose-done"),
	)
	within(t, ada, step, "Ada sees Continuous Delivery arrive", waitJS(phoneTopic("Continuous Delivery")))

	// 5. The organizer opens voting (beside proposals); the phones follow.
	orgKey := http.Header{"X-Organizer-Key": {orgLink[strings.Index(orgLink, "key=")+4:]}}
	apiCall(t, base, orgKey, "PATCH", "/api/events/"+eventID+"/phases", map[string]any{"voting_open": true}, nil)
	for _, phone := range []context.Context{ada, bob} {
		within(t, phone, step, "voting opens on the phone",
			waitJS(inside(phoneTopic("Puppet"), ".vote-btn")+`.disabled === false`))
	}

	// Votes: the dots go down at once, the counts reach the others live.
	vote := func(title string) chromedp.Action[chromedp.Void] {
		return clickOn("the vote button of "+title, inside(phoneTopic(title), ".vote-btn"))
	}
	votes := func(title string, n int) chromedp.Action[chromedp.Void] {
		return waitJS(inside(phoneTopic(title), ".votes") + `.textContent === ` + q(votesText(n)))
	}
	within(t, ada, step, "Ada votes Puppet",
		vote("Puppet"),
		waitJS(`document.querySelector('#dots-left').dataset.remaining === '2'`),
		waitJS(inside(phoneTopic("Puppet"), ".vote-btn")+`.getAttribute('aria-pressed') === 'true'`),
	)
	within(t, bob, step, "Bob sees Puppet's vote", votes("Puppet", 1))
	within(t, bob, step, "Bob votes both",
		vote("Continuous Delivery"),
		waitJS(`document.querySelector('#dots-left').dataset.remaining === '2'`),
		votes("Continuous Delivery", 1),
		vote("Puppet"),
		waitJS(`document.querySelector('#dots-left').dataset.remaining === '1'`),
		votes("Puppet", 2),
	)
	tallyVotes := func(title string, n int) chromedp.Action[chromedp.Void] {
		return waitJS(`[...document.querySelectorAll('#tally li[data-topic-id]')].some(li => li.querySelector('.label-t').textContent === ` + q(title) + ` && li.dataset.votes === '` + strconv.Itoa(n) + `')`)
	}
	within(t, projector, step, "the projector tally follows the votes",
		tallyVotes("Puppet", 2),
		tallyVotes("Continuous Delivery", 1),
		waitJS(`document.querySelector('#tally li[data-topic-id] .label-t').textContent === 'Puppet'`), // most votes first
	)

	// 6. The organizer places the topics: one by click, one by drag and drop.
	within(t, org, step, "the console lists both topics as unplaced, with their votes",
		waitJS(inside(trayChip("Puppet"), ".n")+`.textContent === '(2)'`),
		waitJS(inside(trayChip("Continuous Delivery"), ".n")+`.textContent === '(1)'`),
	)
	cells := value(t, org, "read the draft grid", chromedp.Evaluate[[]map[string]string](
		`[...document.querySelectorAll('#draft-grid td[data-session-id][data-room-id]')].map(td => ({session: td.dataset.sessionId, room: td.dataset.roomId}))`))
	if len(cells) != 4 {
		t.Fatalf("draft grid cells = %v; want 2 sessions × 2 rooms", cells)
	}
	cellSel := func(c map[string]string) string {
		return `#draft-grid td[data-session-id="` + c["session"] + `"][data-room-id="` + c["room"] + `"]`
	}
	// The cell shows the topic and, once the report has caught up, its
	// expected headcount: the console has stopped changing.
	placed := func(c map[string]string, title string, expected int) chromedp.Action[chromedp.Void] {
		return waitJS(`(() => { const td = document.querySelector(` + q(cellSel(c)) + `); const e = td.querySelector('.expected');
			return td.querySelector('button.chip').firstChild.textContent === ` + q(title) + ` && !!e && e.dataset.expected === '` + strconv.Itoa(expected) + `'; })()`)
	}
	// cells are in row order: session 1 (room 1, room 2), session 2 (room 1, room 2).
	puppetCell, cdCell := cells[0], cells[3]
	within(t, org, step, "place Puppet by click",
		clickOn("Puppet's chip", trayChip("Puppet")),
		waitJS(trayChip("Puppet")+`.getAttribute('aria-pressed') === 'true'`),
		waitJS(`document.querySelector('#selection-status').textContent.includes('Puppet')`),
		click(cellSel(puppetCell)),
		placed(puppetCell, "Puppet", 2),
		waitJS(`!`+trayChip("Puppet")),
	)
	cdID := value(t, org, "read Continuous Delivery's chip", chromedp.Evaluate[string](trayChip("Continuous Delivery")+`.dataset.topicId`))
	within(t, org, step, "place Continuous Delivery by drag and drop",
		chromedp.DragAndDrop(chromedp.CSS(`#unplaced button.chip[data-topic-id="`+cdID+`"]`), chromedp.CSS(cellSel(cdCell))),
		placed(cdCell, "Continuous Delivery", 1),
		waitJS(`document.querySelector('#unplaced button.chip') === null`),
	)
	// Ada's page has applied every change up to the placements (versions are
	// shared by all screens of an event) and still shows no schedule.
	draftVersion := value(t, org, "read the console's version", chromedp.Evaluate[string](`document.querySelector('#conn-status').dataset.version`))
	if draftVersion == "" {
		t.Fatal("the console shows no version")
	}
	within(t, ada, step, "nothing is shown to attendees before publishing",
		waitJS(`Number(document.querySelector('#conn-status').dataset.version) >= `+draftVersion),
		waitJS(`document.querySelector('#my-schedule').hidden || getComputedStyle(document.querySelector('#my-schedule')).display === 'none'`),
	)
	within(t, org, step, "publish", click("#publish-btn"), visible("#publish-status"))

	// 7. Each attendee sees their room, live; the projector shows the grid.
	roomOf := func(session, topicTitle, room string) chromedp.Action[chromedp.Void] {
		return waitJS(`[...document.querySelectorAll('#my-schedule [data-session-id="` + session + `"] ul.mine li.choice')].some(li => li.textContent.includes(` + q(topicTitle) + `) && li.querySelector('.room').textContent.includes(` + q(room) + `))`)
	}
	within(t, ada, step, "Ada sees Puppet in the Grande salle in session 1",
		visible("#my-schedule"),
		roomOf(puppetCell["session"], "Puppet", "Grande salle"),
		waitJS(`document.querySelector('#my-schedule [data-session-id="`+cdCell["session"]+`"] .nothing') !== null`),
		pageNotReloaded(),
	)
	within(t, bob, step, "Bob sees Puppet then Continuous Delivery in the Salle du fond",
		visible("#my-schedule"),
		roomOf(puppetCell["session"], "Puppet", "Grande salle"),
		roomOf(cdCell["session"], "Continuous Delivery", "Salle du fond"),
		pageNotReloaded(),
	)
	// The organizer moves the evening to the plan phase: the projector shows the grid.
	apiCall(t, base, orgKey, "PATCH", "/api/events/"+eventID+"/phases", map[string]any{"phase": "plan"}, nil)
	within(t, projector, step, "the projector shows the published grid",
		visible("#grid"),
		waitJS(`document.querySelector('#grid td[data-session-id="`+cdCell["session"]+`"][data-room-id="`+cdCell["room"]+`"]').textContent.includes('Continuous Delivery')`),
		pageNotReloaded(),
	)
	startedBox := `#draft-grid th[data-session-id="` + puppetCell["session"] + `"] .started-box`
	within(t, org, step, "the organizer marks session 1 as started",
		click(startedBox),
		waitJS(`document.querySelector(`+q(startedBox)+`).checked`),
	)
	eventually(t, step, "the server keeps session 1 as started", func() (bool, string) {
		var state openspace.State
		apiCall(t, base, nil, "GET", "/api/events/"+eventID, nil, &state)
		started := state.Event.StartedSessions()
		return len(started) == 1 && started[0] == puppetCell["session"], fmt.Sprintf("started sessions = %v, want [%s]", started, puppetCell["session"])
	})
	within(t, org, step, "the console was never reloaded", pageNotReloaded())
}

// TestBrowserSpeaksTheBrowsersLanguage: a browser set to French gets the
// pages in French without touching the switch.
func TestBrowserSpeaksTheBrowsersLanguage(t *testing.T) {
	t.Parallel()
	sharedBrowser(t) // skips without Chromium (fails in CI)
	base, _ := startApp(t)
	tab := newPerson(t, "a French browser")
	speaks(t, tab, "fr-FR,fr")
	if lang := value(t, tab, "read the browser language", chromedp.Evaluate[string](`navigator.language`)); !strings.HasPrefix(lang, "fr") {
		t.Fatalf("a browser set to fr-FR reports navigator.language = %q", lang)
	}
	within(t, tab, 20*time.Second, "the home page in French",
		chromedp.Navigate(base+"/"),
		visible("#create-form"),
		waitJS(`document.documentElement.lang === 'fr'`),
		waitJS(`document.querySelector('#lang-fr').getAttribute('aria-pressed') === 'true'`),
	)
}

// TestBrowserErrorsReadInBothLanguages: a rejected form says why, in the
// page's language, and says it again in the other one after the switch.
func TestBrowserErrorsReadInBothLanguages(t *testing.T) {
	t.Parallel()
	sharedBrowser(t) // skips without Chromium (fails in CI)
	base, _ := startApp(t)
	tab := newPerson(t, "the organizer")
	within(t, tab, 20*time.Second, "a set-up the server refuses, in French",
		chromedp.Navigate(base+"/"),
		visible("#create-form"),
		click("#lang-fr"),
		waitJS(`document.documentElement.lang === 'fr'`),
		fill("#create-title", "Meetup"),
		fill(`#create-rooms .room-row [name=room-name]`, "Salle A"),
		fill("#create-question", "Vous êtes ?"),
		fill("#create-choices", "Dev"),
		click("#create-submit"),
		visible("#create-error"),
		waitJS(`document.querySelector('#create-error').textContent.includes('La question demande entre 2 et 10 choix.')`),
		click("#lang-en"),
		waitJS(`document.querySelector('#create-error').textContent.includes('The question needs between 2 and 10 choices.')`),
	)
}

// TestBrowserPhoneCatchesUpAfterARestart: the server restarts (new epoch);
// a phone that was open reconnects by itself and shows what changed while
// it was away, without a reload.
func TestBrowserPhoneCatchesUpAfterARestart(t *testing.T) {
	t.Parallel()
	sharedBrowser(t) // skips without Chromium (fails in CI)
	dbPath := filepath.Join(t.TempDir(), "openspace.db")
	base, stop := startAppAt(t, "127.0.0.1:0", dbPath)
	ev := seedEvening(t, base, evening{
		setup: openspace.EventSetup{Title: "Meetup",
			Sessions: []openspace.Session{{Title: "S1", Duration: 30}}, Rooms: []openspace.Room{{Name: "A", Capacity: 10}}},
		people: []person{{name: "Bob"}},
	})

	phone := newPerson(t, "Ada")
	within(t, phone, 20*time.Second, "Ada's phone is live",
		chromedp.Navigate(base+"/e/"+ev.id),
		visible("#join-form"),
		pageLoaded(),
		click("#join-submit"),
		visible("#main-view"),
		waitJS(`document.querySelector('#conn-status').dataset.status === 'live'`),
		markLoaded,
	)
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	within(t, phone, 20*time.Second, "the phone notices", waitJS(`document.querySelector('#conn-status').dataset.status === 'reconnecting'`))

	if again, _ := startAppAt(t, strings.TrimPrefix(base, "http://"), dbPath); again != base {
		t.Fatalf("the server came back at %s, not %s", again, base)
	}
	topic := ev.propose(t, proposal{by: "Bob", title: "Proposé pendant la coupure"})
	within(t, phone, 40*time.Second, "the phone is live again and shows the new topic",
		waitJS(`document.querySelector('#conn-status').dataset.status === 'live'`),
		waitJS(`!!document.querySelector('#topics [data-topic-id="`+topic.ID+`"]')`),
		pageNotReloaded(),
	)
}
