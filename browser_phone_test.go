package main

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"openspace/openspace"
)

// TestBrowserPhoneCarriesTheEvening drives a real event through its
// phases with the API (the organizer's part) and looks at it on phones of
// 390×844: Ada pitches her topic and sees her place in the queue, votes
// on a list that stays still while others vote, finds her room on the now
// screen, checks in and moves (Bob's phone sees the headcounts change),
// and a late arrival is told what happened. With OPENSPACE_PHONE_SHOTS set
// to a folder, it writes screenshots of every phase in English and French.
func TestBrowserPhoneCarriesTheEvening(t *testing.T) {
	t.Parallel()
	sharedBrowser(t) // skips without Chromium (fails in CI)
	base, _ := startApp(t)
	const step = 20 * time.Second
	shots := os.Getenv("OPENSPACE_PHONE_SHOTS")

	ev := seedEvening(t, base, evening{
		setup: openspace.EventSetup{
			Title: "2ème meetup Paris DevOps", Date: "2026-11-26", Venue: "Paris", Language: "fr",
			Sessions: []openspace.Session{{Title: "1ère session", Start: "19:30", Duration: 30}, {Title: "2ème session", Start: "20:05", Duration: 30}},
			Rooms: []openspace.Room{{Name: "Grande salle", Capacity: 10}, {Name: "Salle du fond", Capacity: 6},
				{Name: "Cuisine", Capacity: 1}},
		},
		people: []person{{name: "Bob"}, {name: "Chloé"}, {name: "Dan"}, {name: "Eve"}, {name: "Frank"}},
		topics: []proposal{{by: "Bob", title: "Puppet"}, {by: "Chloé", title: "Capistrano"},
			{by: "Dan", title: "Continuous Delivery"}, {by: "Eve", title: "Jira"}, {by: "Bob", title: "Feature flags"}},
	})
	// Where each room is, as the set-up form writes it.
	rooms := []map[string]any{}
	location := map[string]string{"Grande salle": "Ground floor, on the left", "Salle du fond": "At the back, past the bar", "Cuisine": "Upstairs"}
	for _, r := range ev.event.Rooms {
		rooms = append(rooms, map[string]any{"id": r.ID, "name": r.Name, "capacity": r.Capacity, "location": location[r.Name]})
	}
	apiCall(t, base, ev.organizer, "PUT", ev.path("/setup"), map[string]any{
		"title": ev.event.Title, "date": ev.event.Date, "venue": ev.event.Venue, "language": ev.event.Language,
		"dot_budget": 3, "sessions": ev.event.Sessions, "rooms": rooms,
	}, nil)
	roomID := map[string]string{}
	for _, r := range ev.event.Rooms {
		roomID[r.Name] = r.ID
	}
	s1 := ev.event.Sessions[0].ID
	phase := func(p string) {
		t.Helper()
		apiCall(t, base, ev.organizer, "PATCH", ev.path("/phases"), map[string]any{"phase": p}, nil)
	}
	text := func(sel string) string { return `document.querySelector(` + q(sel) + `).textContent` }
	// thumb: every button on screen is at least 44×44 px and nothing
	// scrolls sideways.
	thumb := waitUntil("every button at least 44×44 px and no horizontal scroll", `(() => {
		const small = [...document.querySelectorAll('button')].filter(b => { const r = b.getBoundingClientRect(); return r.width && (r.width < 44 || r.height < 44); });
		return !small.length && document.documentElement.scrollWidth <= window.innerWidth;
	})()`, `[...document.querySelectorAll('button')].map(b => { const r = b.getBoundingClientRect(); return r.width && (r.width < 44 || r.height < 44) ? b.textContent + ' ' + r.width + '×' + r.height : ''; }).filter(Boolean).join(', ') + ' scrollWidth=' + document.documentElement.scrollWidth`)
	phone := func(name string) context.Context {
		tab := newPerson(t, name)
		within(t, tab, step, name+"'s phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch))
		return tab
	}
	// signIn opens the page on the phone of someone who joined through the API.
	signIn := func(tab context.Context, name string) {
		within(t, tab, step, name+" opens the page",
			chromedp.Navigate(base+"/e/"+ev.id),
			visible("#join-form"),
			chromedp.Evaluate[chromedp.Void](`document.cookie = `+q("os_att_"+ev.id+"="+ev.people[name].token+"; path=/")),
			chromedp.Navigate(base+"/e/"+ev.id),
			visible("#main-view"),
			pageLoaded(),
			click("#lang-en"),
		)
	}
	shoot := func(tab context.Context, name string) {
		if shots == "" {
			return
		}
		if err := os.MkdirAll(shots, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, lang := range []string{"en", "fr"} {
			within(t, tab, step, "switch to "+lang, click("#lang-"+lang),
				waitJS(`document.documentElement.lang === `+q(lang)),
				chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`), settled())
			png := value(t, tab, "screenshot "+name, chromedp.CaptureScreenshot())
			if err := os.WriteFile(filepath.Join(shots, name+"-"+lang+".png"), png, 0o644); err != nil {
				t.Fatal(err)
			}
			full := value(t, tab, "full screenshot "+name, chromedp.FullScreenshot(100))
			if err := os.WriteFile(filepath.Join(shots, name+"-"+lang+"-full.png"), full, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		within(t, tab, step, "back to English", click("#lang-en"), waitJS(`document.documentElement.lang === 'en'`))
	}

	// 1. Marketplace: Ada joins, proposes Terraform and asks to pitch it.
	phase("marketplace")
	ada := phone("Ada")
	within(t, ada, step, "Ada joins and proposes a topic",
		chromedp.Navigate(base+"/e/"+ev.id),
		visible("#join-form"),
		pageLoaded(),
		click("#lang-en"),
		fill("#join-name", "Ada"),
		click("#join-submit"),
		visible("#main-view"),
		waitJS(`document.querySelector('#dots').hidden`), // voting is not open yet
		fill("#propose-title", "Terraform"),
		click("#propose-submit"),
		visible("#propose-done"),
		visible("#my-topics li[data-topic-id] .pitch-btn"),
		waitJS(text("#my-topics li .pitch-btn")+` === 'I want to pitch my topic'`),
		markLoaded,
	)
	st := ev.state(t)
	terraform := ev.topic(t, "Terraform")
	mine := `#my-topics li[data-topic-id="` + terraform + `"]`
	apiCall(t, base, ev.as(t, "Bob"), "POST", ev.path("/pitches"), map[string]string{"topic": ev.topic(t, "Puppet")}, nil)
	within(t, ada, step, "Ada queues her pitch behind Bob's",
		click(mine+" .pitch-btn"),
		waitJS(`document.querySelector(`+q(mine)+`).dataset.pitch === 'queued'`),
		waitJS(text(mine+" .pitch-status")+` === 'You are number 2 in the queue.'`),
		visible(mine+" .withdraw-btn"),
	)
	apiCall(t, base, ev.organizer, "POST", ev.path("/pitches/next"), nil, nil) // Bob is on
	within(t, ada, step, "Ada is next while Bob pitches",
		waitJS(`document.querySelector(`+q(mine)+`).dataset.pitch === 'next'`),
		waitJS(text(mine+" .pitch-status")+` === 'You’re next! Get ready.'`),
		thumb,
	)
	shoot(ada, "1-marketplace-next")
	apiCall(t, base, ev.organizer, "POST", ev.path("/pitches/next"), nil, nil) // Ada is on
	within(t, ada, step, "Ada is on, with her countdown",
		waitJS(`document.querySelector(`+q(mine)+`).dataset.pitch === 'on'`),
		waitJS(text(mine+" .pitch-status")+` === 'You’re on! Pitch your topic.'`),
		waitJS(`/^0:[0-3]\d left$/.test(`+text(mine+" .pitch-left")+`)`),
	)
	shoot(ada, "2-marketplace-on")
	within(t, ada, step, "Ada is done: she withdraws",
		click(mine+" .withdraw-btn"),
		waitJS(`document.querySelector(`+q(mine)+`).dataset.pitch === ''`),
		visible(mine+" .pitch-btn"),
	)

	// 2. Voting: the list stays still while others vote; the tally moves.
	phase("voting")
	order := value(t, ada, "read the topics' order", chromedp.Evaluate[[]string](`(() => [...document.querySelectorAll('#topics li .title')].map(e => e.textContent))()`))
	if len(order) != 6 {
		t.Fatalf("Ada's phone lists %v, want 6 topics", order)
	}
	orderIs := func(want []string) chromedp.Action[chromedp.Void] {
		js := `JSON.stringify([...document.querySelectorAll('#topics li .title')].map(e => e.textContent))`
		return waitUntil("the topics in the order "+jsJSON(want), js+` === `+q(jsJSON(want)), js)
	}
	within(t, ada, step, "voting opens on Ada's phone",
		visible("#dots"),
		waitJS(text("#topics-h")+` === 'Topics: vote with your dots'`),
		waitJS(text("#dots-left")+` === '3 dots left'`),
		clickOn("Capistrano's vote button", inside(phoneTopic("Capistrano"), ".vote-btn")),
		waitJS(`document.querySelector('#dots-left').dataset.remaining === '2'`),
		waitJS(inside(phoneTopic("Capistrano"), ".votes")+`.textContent === '1 vote'`),
		orderIs(order),
	)
	// Ada's list was sorted when she joined: Terraform, proposed last, is
	// at the end; three votes would make it the first.
	last := order[len(order)-1]
	if last != "Terraform" {
		t.Fatalf("Ada's phone lists %v, want Terraform last", order)
	}
	for _, who := range []string{"Bob", "Chloé", "Dan"} {
		ev.vote(t, who, last)
	}
	ev.vote(t, "Eve", "Jira")
	within(t, ada, step, "the others' votes show on Ada's phone, the list stays still",
		waitJS(inside(phoneTopic(last), ".votes")+`.textContent === '3 votes'`),
		waitJS(inside(phoneTopic("Jira"), ".votes")+`.textContent === '1 vote'`),
		orderIs(order),
		thumb,
		pageNotReloaded(),
	)
	shoot(ada, "3-voting")
	within(t, ada, step, "coming back to the page sorts the list again",
		chromedp.Evaluate[chromedp.Void](`(() => {
			for (const v of ['hidden', 'visible']) {
				Object.defineProperty(document, 'visibilityState', {configurable: true, get: () => v});
				document.dispatchEvent(new Event('visibilitychange'));
			}
		})()`),
		waitJS(`document.querySelector('#topics li .title').textContent === `+q(last)),
	)

	// 3. Plan: voting closes, the grid is published; Ada's now screen.
	phase("plan")
	within(t, ada, step, "after voting closes: no dots, no voting heading",
		waitJS(`document.querySelector('#dots').hidden`),
		waitJS(`!document.querySelector('#main-view').innerText.includes('vote with your dots')`),
		waitJS(`!document.querySelector('#main-view').innerText.includes('dots left')`),
	)
	// Ada hosts Terraform: in session 2, so that her first session is
	// Capistrano, which she voted for; Bob hosts one topic per session.
	grid := [][]string{{"Puppet", "Capistrano", "Jira"}, {"Terraform", "Continuous Delivery", "Feature flags"}}
	for i, row := range grid {
		for j, title := range row {
			ev.place(t, title, i, j)
		}
	}
	apiCall(t, base, ev.organizer, "POST", ev.path("/publish"), nil, nil)
	st = ev.state(t)
	expected := map[string]int{}
	for _, c := range st.Plan.Cells {
		if c.Session == s1 {
			expected[c.Room] = c.Expected
		}
	}
	within(t, ada, step, "the now screen: the next session, Ada's room, where it is",
		visible("#now"),
		waitJS(text("#now-h")+` === 'Next: 1ère session'`),
		waitJS(text("#now-left")+`.replace(/\s/g, ' ') === 'Starts at 7:30 PM'`),
		waitJS(text("#now-room")+` === 'Salle du fond'`),
		waitJS(text("#now-location")+` === 'At the back, past the bar'`),
		waitJS(text("#now-topic")+` === 'Capistrano'`),
		waitJS(`document.querySelector('#now-count .exp').dataset.n === '`+strconv.Itoa(expected[roomID["Salle du fond"]])+`'`),
		waitJS(`document.querySelector('#now-count .here').dataset.n === '0'`),
		visible("#im-here"),
		thumb,
		pageNotReloaded(),
	)
	shoot(ada, "4-plan")

	// 4. Sessions: the first one starts; Ada checks in, then moves.
	apiCall(t, base, ev.organizer, "POST", ev.path("/sessions/"+s1+"/start"), nil, nil)
	bob := phone("Bob")
	signIn(bob, "Bob")
	row := func(room string) string { return `#rooms li[data-room-id="` + roomID[room] + `"]` }
	hereIn := func(sel string, n int) chromedp.Action[chromedp.Void] {
		return waitUntil(sel+" shows "+strconv.Itoa(n)+" here", `document.querySelector(`+q(sel+" .here")+`).dataset.n === '`+strconv.Itoa(n)+`'`, `document.querySelector(`+q(sel)+`).textContent`)
	}
	within(t, ada, step, "the session runs: time left on Ada's phone",
		waitJS(text("#now-h")+` === 'Now: 1ère session'`),
		waitJS(`/^(29|30):\d\d left$/.test(`+text("#now-left")+`)`),
		waitJS(`Number(document.querySelector('#now-left').dataset.left) > 1700`),
		click("#im-here"),
		waitJS(`document.querySelector('#now-mine').dataset.checkedIn === 'true'`),
		waitJS(text("#im-here")+` === '✓ You’re checked in here'`),
		hereIn("#now-count", 1),
		thumb,
	)
	within(t, bob, step, "Bob's phone sees Ada in the Salle du fond",
		waitJS(text("#now-room")+` === 'Grande salle'`),
		hereIn(row("Salle du fond"), 1),
		markLoaded,
	)
	shoot(ada, "5-sessions-checked-in")
	within(t, ada, step, "Ada moves to the Grande salle",
		waitJS(text(row("Grande salle")+" .move-btn")+` === 'I’m moving here'`),
		click(row("Grande salle")+" .move-btn"),
		waitJS(text("#now-room")+` === 'Grande salle'`),
		hereIn("#now-count", 1),
		hereIn(row("Salle du fond"), 0),
	)
	within(t, bob, step, "Bob's phone follows the move",
		hereIn("#now-count", 1),
		hereIn(row("Salle du fond"), 0),
		pageNotReloaded(),
	)
	apiCall(t, base, ev.as(t, "Chloé"), "PUT", ev.path("/checkins/"+s1), map[string]string{"room": roomID["Cuisine"]}, nil)
	within(t, ada, step, "the Cuisine is full; Ada goes anyway and is warned",
		visible(row("Cuisine")+" .full-mark"),
		click(row("Cuisine")+" .move-btn"),
		waitJS(text("#now-room")+` === 'Cuisine'`),
		hereIn("#now-count", 2),
		visible("#checkin-warning"),
		waitJS(text("#checkin-warning")+` === '“Cuisine” is full (1 seat): you may have to stand.'`),
	)
	shoot(ada, "6-sessions-full")

	// 5. Late arrivals: Zoé joins now; Frank joined early and never voted.
	zoe := phone("Zoé")
	within(t, zoe, step, "Zoé arrives late and is told why she has no seat",
		chromedp.Navigate(base+"/e/"+ev.id),
		visible("#join-form"),
		pageLoaded(),
		click("#lang-en"),
		fill("#join-name", "Zoé"),
		click("#join-submit"),
		visible("#now"),
		waitJS(`document.querySelector('#now-mine').dataset.roomId === ''`),
		visible("#now-why"),
		waitJS(text("#now-why")+`.startsWith('The plan was made before you arrived, so no seat was kept for you.')`),
		waitJS(text(`#my-schedule [data-session-id="`+s1+`"] .nothing`)+` === 'The plan was made before you arrived, so no seat was kept for you.'`),
		waitJS(`!document.querySelector('#main-view').innerText.includes('voted for')`),
		waitJS(`document.querySelectorAll('#rooms li .move-btn').length === 3`),
		waitJS(text(row("Grande salle")+" .move-btn")+` === 'I’m going here'`),
		thumb,
	)
	shoot(zoe, "7-late-arrival")
	within(t, zoe, step, "Zoé picks a room",
		click(row("Salle du fond")+" .move-btn"),
		waitJS(text("#now-room")+` === 'Salle du fond'`),
		hereIn("#now-count", 1),
	)
	frank := phone("Frank")
	signIn(frank, "Frank")
	within(t, frank, step, "Frank, who never voted, is told so",
		visible("#now-why"),
		waitJS(text("#now-why")+`.startsWith('You did not vote, so no seat was kept for you.')`),
		waitJS(`!document.querySelector('#main-view').innerText.includes('Nothing you voted for')`),
	)

	// 6. Wrap-up: thanks, and what Ada attended.
	phase("wrapup")
	within(t, ada, step, "the wrap-up on Ada's phone",
		visible("#wrapup"),
		waitJS(`document.querySelector('#now').hidden`),
		waitJS(`(() => { const li = document.querySelector('#attended li[data-session-id="`+s1+`"]'); return !!li && li.dataset.checkedIn === 'true' && li.querySelector('.title').textContent === 'Jira'; })()`),
		thumb,
		pageNotReloaded(),
	)
	shoot(ada, "8-wrapup")
}
