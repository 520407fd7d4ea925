package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"openspace/openspace"
)

// The projector is a stage display: the organizer drives it from the
// console through the phases; it shows each one live, readable from the
// back of the room. These tests move a real evening through the API and
// look at what the screen shows, without reloading it.

// shotsDir is where the projector tests write their screenshots, when
// asked: OPENSPACE_PROJECTOR_SHOTS=/tmp/shots go test -run TestBrowserProjector .
var shotsDir = os.Getenv("OPENSPACE_PROJECTOR_SHOTS")

// smallestTextJS finds the smallest font of the visible text: every text
// node that has a box on the screen, leaving out the connection dot and
// what only screen readers get.
const smallestTextJS = `(() => {
	let min = Infinity, where = 'no text';
	const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
	for (let n; (n = walk.nextNode());) {
		if (!n.textContent.trim()) continue;
		const el = n.parentElement;
		if (!el || el.closest('#conn-status, .sr-only, script, style')) continue;
		const r = document.createRange();
		r.selectNodeContents(n);
		const boxes = [...r.getClientRects()].filter(b => b.width > 0 && b.height > 0 && b.bottom > 0 && b.top < innerHeight && b.right > 0 && b.left < innerWidth);
		if (!boxes.length) continue;
		const cs = getComputedStyle(el);
		if (cs.visibility === 'hidden' || cs.opacity === '0') continue;
		const size = parseFloat(cs.fontSize);
		if (size < min) { min = size; where = '<' + el.localName + (el.id ? '#' + el.id : '') + (el.className ? '.' + String(el.className).split(' ').join('.') : '') + '> ' + JSON.stringify(n.textContent.trim().slice(0, 40)); }
	}
	return {size: min === Infinity ? 0 : min, where};
})()`

type smallest struct {
	Size  float64 `json:"size"`
	Where string  `json:"where"`
}

// readable checks that no visible text is under 40 px on 1920×1080, or
// as much smaller as the screen is (26.7 px on 1280×720).
func readable(t *testing.T, tab context.Context, what string, height int) {
	t.Helper()
	got := value(t, tab, "measure the text of "+what, chromedp.Evaluate[smallest](smallestTextJS))
	want := 40 * float64(height) / 1080
	if got.Size < want-0.5 {
		t.Errorf("%s at height %d: the smallest text is %.1f px (%s), want at least %.1f px", what, height, got.Size, got.Where, want)
	}
}

// showsView waits until the projector shows a view (body[data-view]).
func showsView(view string) chromedp.Action[chromedp.Void] {
	return waitUntil("the projector shows the "+view+" view",
		`document.body.dataset.view === `+q(view), `document.body.dataset.view`)
}

// look checks the screen at 1920×1080 and 1280×720 (the text is big
// enough at both) and, when asked, takes a screenshot at each.
func look(t *testing.T, tab context.Context, name string) {
	t.Helper()
	for _, size := range [][2]int64{{1920, 1080}, {1280, 720}} {
		within(t, tab, 20*time.Second, fmt.Sprintf("%s at %dx%d", name, size[0], size[1]),
			chromedp.EmulateViewport(size[0], size[1]),
			waitJS(`innerWidth === `+strconv.FormatInt(size[0], 10)+` && innerHeight === `+strconv.FormatInt(size[1], 10)),
			chromedp.Sleep(300*time.Millisecond), // the page re-lays its lists 150 ms after a resize
			settled())
		readable(t, tab, name, int(size[1]))
		shoot(t, tab, fmt.Sprintf("%s-%dx%d.png", name, size[0], size[1]))
	}
	within(t, tab, 20*time.Second, name+" back at 1920x1080", chromedp.EmulateViewport(1920, 1080),
		waitJS(`innerWidth === 1920`), chromedp.Sleep(300*time.Millisecond))
}

func shoot(t *testing.T, tab context.Context, file string) {
	t.Helper()
	if shotsDir == "" {
		return
	}
	if err := os.MkdirAll(shotsDir, 0o755); err != nil {
		t.Fatal(err)
	}
	png := value(t, tab, "take "+file, chromedp.CaptureScreenshot())
	if err := os.WriteFile(filepath.Join(shotsDir, file), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

func (s *seeded) phase(t *testing.T, phase string) {
	t.Helper()
	apiCall(t, s.base, s.organizer, "PATCH", s.path("/phases"), map[string]any{"phase": phase}, nil)
}

// TestBrowserProjectorPhases walks the seed's evening through every phase
// and checks what the projector shows in each, live.
func TestBrowserProjectorPhases(t *testing.T) {
	t.Parallel()
	sharedBrowser(t) // skips without Chromium (fails in CI)
	const step = 20 * time.Second
	base, _ := startApp(t)
	e := parisDevOps()
	e.setup.Rooms[2].Location = "Au rez-de-chaussée, au fond du couloir"
	ev := seedEvening(t, base, e)
	st := ev.state(t)
	sessions, rooms := st.Event.Sessions, st.Event.Rooms

	// The projector's laptop speaks French, like the evening.
	projector := newPerson(t, "the projector")
	speaks(t, projector, "fr-FR,fr")
	within(t, projector, step, "open the projector",
		chromedp.EmulateViewport(1920, 1080),
		chromedp.Navigate(base+"/p/"+ev.id),
		waitJS(`document.querySelector('#join-code').textContent.trim() === `+q(ev.code)),
		waitJS(`document.querySelector('#qr').naturalWidth > 0`),
		markLoaded,
	)

	// Welcome: the QR code takes at least 40 % of the height; the count
	// and who is here follow the joins.
	within(t, projector, step, "the welcome screen",
		showsView("welcome"),
		waitJS(`document.querySelector('#attendee-count').textContent.trim() === '30'`),
		waitJS(`document.querySelector('#profile-split li[data-answer="Dev"] .count-n').textContent === '15'`),
		waitJS(`document.querySelector('#profile-prompt').textContent === 'Vous êtes ?'`),
		waitUntil("the join link is shown", `document.querySelector('#join-url').textContent === `+q(base+"/j/"+ev.code), `document.querySelector('#join-url').textContent`),
	)
	qrShare := func() float64 {
		return value(t, projector, "measure the QR code", chromedp.Evaluate[float64](`document.querySelector('#qr').getBoundingClientRect().height / innerHeight`))
	}
	if got := qrShare(); got < 0.4 {
		t.Errorf("in welcome the QR code is %.0f %% of the screen's height, want at least 40 %%", 100*got)
	}
	ev.join(t, "Camille", "Ops")
	within(t, projector, step, "the projector counts Camille",
		waitJS(`document.querySelector('#attendee-count').textContent.trim() === '31'`),
		waitJS(`document.querySelector('#profile-split li[data-answer="Ops"] .count-n').textContent === '15'`),
	)
	look(t, projector, "1-welcome")
	within(t, projector, step, "1280x720", chromedp.EmulateViewport(1280, 720), waitJS(`innerHeight === 720`))
	if got := qrShare(); got < 0.4 {
		t.Errorf("in welcome at 1280x720 the QR code is %.0f %% of the screen's height, want at least 40 %%", 100*got)
	}
	within(t, projector, step, "1920x1080", chromedp.EmulateViewport(1920, 1080), waitJS(`innerHeight === 1080`))

	// Marketplace: the topics so far, newest last, and the code in a corner.
	ev.phase(t, "marketplace")
	within(t, projector, step, "the marketplace lists the topics",
		showsView("pitch"),
		visible("#proposed-box"),
		waitUntil("the newest topic is last",
			`document.querySelector('#proposed li:last-child .item-title').textContent === 'Feature flags vs feature branches'`,
			`document.querySelector('#proposed').textContent`),
	)
	if got := qrShare(); got >= 0.4 {
		t.Errorf("after welcome the QR code is still %.0f %% of the screen's height", 100*got)
	}
	look(t, projector, "2-marketplace-topics")

	// Two pitches queued; the organizer starts the first.
	for _, title := range []string{"Puppet : retours d'expérience", "Migrations de base SQL"} {
		apiCall(t, base, ev.organizer, "POST", ev.path("/pitches"), map[string]string{"topic": ev.topic(t, title)}, nil)
	}
	apiCall(t, base, ev.organizer, "POST", ev.path("/pitches/next"), nil, nil)
	countdown := func(sel string) string { return `document.querySelector(` + q(sel) + `).textContent` }
	within(t, projector, step, "the pitch is on, counting down",
		visible("#pitch-current"),
		waitJS(`document.querySelector('#pitch-title').textContent === "Puppet : retours d'expérience"`),
		waitUntil("the pitch counts down from 0:30", `/^0:(30|2\d)$/.test(`+countdown("#pitch-countdown")+`)`, countdown("#pitch-countdown")),
		waitJS(`document.querySelector('#pitch-queue li .item-title').textContent === 'Migrations de base SQL'`),
	)
	first := value(t, projector, "read the pitch countdown", chromedp.Evaluate[string](countdown("#pitch-countdown")))
	within(t, projector, step, "the pitch countdown moves",
		waitUntil("the countdown moves on", countdown("#pitch-countdown")+` !== `+q(first), countdown("#pitch-countdown")))
	look(t, projector, "3-marketplace-pitch")

	// Voting: the tally, most votes first.
	ev.phase(t, "voting")
	within(t, projector, step, "the tally",
		showsView("tally"),
		waitUntil("Continuous Delivery leads with 30 votes",
			`document.querySelector('#tally li[data-topic-id] .label-t').textContent === 'Continuous Delivery' && document.querySelector('#tally li[data-topic-id]').dataset.votes === '30'`,
			`document.querySelector('#tally').textContent`),
		waitJS(`document.querySelector('#voting-cta').textContent === 'Votez depuis votre téléphone : scannez le code !'`),
		waitJS(`document.querySelector('#badge-voting').textContent === 'Votes ouverts'`),
	)
	look(t, projector, "4-voting")

	// Plan: the published grid, each cell with its expected headcount.
	ev.phase(t, "plan")
	cell := func(si, ri int) string {
		return `#grid td[data-session-id="` + sessions[si].ID + `"][data-room-id="` + rooms[ri].ID + `"]`
	}
	within(t, projector, step, "the plan",
		showsView("plan"),
		visible("#grid"),
		waitJS(`document.querySelector(`+q(cell(0, 2))+`).textContent.includes('Continuous Delivery')`),
		waitJS(`/^\d+ \/ 8 places$/.test(document.querySelector(`+q(cell(0, 2)+" .expected > [aria-hidden]")+`).textContent)`),
	)
	look(t, projector, "5-plan")

	// Sessions, before the first starts: what comes next in each room.
	ev.phase(t, "sessions")
	within(t, projector, step, "next up",
		showsView("sessions"),
		visible("#next-up"),
		waitJS(`document.querySelectorAll('#next-up-list li[data-room-id]').length === 3`),
		waitJS(`document.querySelector('#next-up-list li[data-room-id=`+q(rooms[2].ID)+`] .next-topic').textContent === 'Continuous Delivery'`),
	)
	look(t, projector, "6-sessions-next")

	// The first session starts: its countdown, the grid with it highlighted.
	apiCall(t, base, ev.organizer, "POST", ev.path("/sessions/"+sessions[0].ID+"/start"), nil, nil)
	within(t, projector, step, "the running session",
		visible("#clock-box"),
		waitUntil("the session counts down from 30:00", `/^(30:00|29:[0-5]\d)$/.test(`+countdown("#session-countdown")+`)`, countdown("#session-countdown")),
		waitJS(`document.querySelector('#session-countdown').dataset.state === 'ok'`),
		visible("#grid"),
		waitJS(`document.querySelector('#grid tr.running th[data-session-id=`+q(sessions[0].ID)+`]') !== null`),
		waitJS(`document.querySelector(`+q(cell(0, 2)+" .headcount")+`).dataset.headcount === '0'`),
	)
	// People check in at the Cuisine (8 seats): the headcount follows, live,
	// and the room shows full at 8.
	for i := range 8 {
		apiCall(t, base, ev.as(t, seedNames[i]), "PUT", ev.path("/checkins/"+sessions[0].ID), map[string]string{"room": rooms[2].ID}, nil)
		if i == 0 {
			within(t, projector, step, "the first check-in arrives",
				waitUntil("the Cuisine counts 1", `document.querySelector(`+q(cell(0, 2)+" .headcount")+`).dataset.headcount === '1'`,
					`document.querySelector(`+q(cell(0, 2))+`).textContent`),
				waitJS(`document.querySelector(`+q(cell(0, 2)+" .full-mark")+`) === null`))
		}
	}
	within(t, projector, step, "the Cuisine is full",
		waitJS(`document.querySelector(`+q(cell(0, 2)+" .headcount")+`).dataset.headcount === '8'`),
		waitJS(`document.querySelector(`+q(cell(0, 2)+" .full-mark")+`).textContent === 'Complet'`),
		pageNotReloaded(),
	)
	look(t, projector, "7-sessions-running")

	// The door of the Cuisine, on a tablet either way up.
	door := newPerson(t, "the Cuisine's door")
	speaks(t, door, "fr-FR,fr")
	within(t, door, step, "open the door display",
		chromedp.EmulateViewport(1280, 800),
		chromedp.Navigate(base+"/p/"+ev.id+"?room="+rooms[2].ID),
		showsView("door"),
		waitJS(`document.querySelector('#door-room').textContent === 'Cuisine'`),
		waitJS(`document.querySelector('#door-location').textContent === 'Au rez-de-chaussée, au fond du couloir'`),
		waitJS(`document.querySelector('#door-now .door-topic').textContent === 'Continuous Delivery'`),
		waitUntil("the door counts down", `/^(30:00|29:[0-5]\d)$/.test(`+countdown("#door-countdown")+`)`, countdown("#door-countdown")),
		waitJS(`document.querySelector('#door-headcount').dataset.headcount === '8'`),
		waitJS(`document.querySelector('#door-headcount').textContent === '8 / 8 places'`),
		visible("#door-full"),
		waitJS(`document.querySelector('#door-next .door-topic').textContent === 'Feature flags vs feature branches'`),
		markLoaded,
	)
	// Someone moves out: the door follows.
	apiCall(t, base, ev.as(t, seedNames[0]), "PUT", ev.path("/checkins/"+sessions[0].ID), map[string]string{"room": rooms[0].ID}, nil)
	within(t, door, step, "the door follows a move",
		waitJS(`document.querySelector('#door-headcount').dataset.headcount === '7'`),
		waitJS(`document.querySelector('#door-full').hidden`),
		pageNotReloaded(),
	)
	for _, size := range [][2]int64{{1280, 800}, {800, 1280}} {
		name := fmt.Sprintf("8-door-%dx%d.png", size[0], size[1])
		within(t, door, step, name, chromedp.EmulateViewport(size[0], size[1]),
			waitJS(`innerWidth === `+strconv.FormatInt(size[0], 10)), chromedp.Sleep(300*time.Millisecond), settled())
		fits := value(t, door, "the door's content fits", chromedp.Evaluate[bool](`document.querySelector('#door-next').getBoundingClientRect().bottom <= innerHeight`))
		if !fits {
			t.Errorf("%s: the door display's next topic is off the screen", name)
		}
		shoot(t, door, name)
	}

	// Between sessions: the first ended, next up is the second.
	apiCall(t, base, ev.organizer, "POST", ev.path("/sessions/"+sessions[0].ID+"/end"), nil, nil)
	within(t, projector, step, "between sessions",
		waitJS(`document.querySelector('#clock-box').hidden`),
		visible("#next-up"),
		waitJS(`document.querySelector('#next-up-list li[data-room-id=`+q(rooms[2].ID)+`] .next-topic').textContent === 'Feature flags vs feature branches'`),
	)

	// Wrap-up: thanks, the day's numbers, the QR code for feedback.
	ev.phase(t, "wrapup")
	within(t, projector, step, "the wrap-up",
		showsView("wrapup"),
		waitJS(`document.querySelector('#wrapup-stats li[data-stat=attendees]').dataset.value === '31'`),
		waitJS(`document.querySelector('#wrapup-stats li[data-stat=topics]').dataset.value === '6'`),
		waitJS(`document.querySelector('#wrapup-stats li[data-stat=votes]').dataset.value === '`+strconv.Itoa(totalVotes(st))+`'`),
		visible("#qr"),
	)
	look(t, projector, "9-wrapup")

	ev.phase(t, "closed")
	within(t, projector, step, "closed",
		showsView("closed"),
		visible("#closed-section"),
		waitJS(`document.querySelector('#join-box').getBoundingClientRect().height === 0`),
		pageNotReloaded(),
	)
	look(t, projector, "10-closed")
}

func totalVotes(st openspace.State) int {
	n := 0
	for _, tp := range st.Topics {
		n += tp.Votes
	}
	return n
}

// TestBrowserProjectorTimeIsUp: a one-minute session warns at once (less
// than 5 minutes left), is announced to screen readers, then shows its
// overtime; extending it takes the overtime back.
func TestBrowserProjectorTimeIsUp(t *testing.T) {
	t.Parallel()
	sharedBrowser(t)
	const step = 20 * time.Second
	base, _ := startApp(t)
	ev := seedEvening(t, base, evening{setup: openspace.EventSetup{Title: "Short evening", Language: "en",
		Sessions: []openspace.Session{{Title: "Lightning", Start: "19:00", Duration: 1}},
		Rooms:    []openspace.Room{{Name: "Hall", Capacity: 2}}},
		people: []person{{name: "Ada"}}, topics: []proposal{{by: "Ada", title: "Rust in prod", host: "Ada"}},
		grid: [][]string{{"Rust in prod"}}, publish: true})
	st := ev.state(t)
	sid := st.Event.Sessions[0].ID
	projector := newPerson(t, "the projector")
	speaks(t, projector, "en-US,en")
	// The projector sees the server's clock 55 s later: the 1-minute session
	// ends 5 s after it starts, not a minute.
	serverClockAhead(t, projector, 55*time.Second)
	within(t, projector, step, "open the projector", chromedp.EmulateViewport(1920, 1080),
		chromedp.Navigate(base+"/p/"+ev.id), showsView("welcome"), markLoaded)
	apiCall(t, base, ev.organizer, "POST", ev.path("/sessions/"+sid+"/start"), nil, nil)
	within(t, projector, step, "less than 5 minutes left",
		showsView("sessions"),
		waitJS(`/^0:0\d$/.test(document.querySelector('#session-countdown').textContent)`),
		waitJS(`document.querySelector('#session-countdown').dataset.state === 'warn'`),
		waitJS(`document.body.dataset.clock === 'warn'`),
		waitUntil("the warning is announced", `document.querySelector('#announce').textContent === 'Lightning: 5 minutes left.'`, `document.querySelector('#announce').textContent`),
	)
	look(t, projector, "11-sessions-warning")
	within(t, projector, step, "time's up",
		waitUntil("the countdown shows the overtime", `/^\+0:0\d$/.test(document.querySelector('#session-countdown').textContent)`, `document.querySelector('#session-countdown').textContent`),
		waitJS(`document.querySelector('#session-countdown').dataset.state === 'over'`),
		waitJS(`document.querySelector('#clock-sub').textContent === 'Time’s up: please wrap up'`),
		waitJS(`document.querySelector('#announce').textContent === 'Lightning: time’s up.'`),
	)
	look(t, projector, "12-sessions-overtime")
	apiCall(t, base, ev.organizer, "POST", ev.path("/sessions/"+sid+"/extend"), map[string]int{"minutes": 5}, nil)
	within(t, projector, step, "extended by 5 minutes",
		waitUntil("the countdown runs again", `/^4:[0-5]\d$/.test(document.querySelector('#session-countdown').textContent)`, `document.querySelector('#session-countdown').textContent`),
		waitJS(`document.querySelector('#session-countdown').dataset.state === 'warn'`),
		pageNotReloaded(),
	)
}

// TestBrowserProjectorPagesRooms: sixteen rooms do not fit at a readable
// size; the grid shows some and pages to the others.
func TestBrowserProjectorPagesRooms(t *testing.T) {
	t.Parallel()
	sharedBrowser(t)
	const step = 20 * time.Second
	base, _ := startApp(t)
	e := evening{setup: openspace.EventSetup{Title: "Big conference", Language: "en",
		Sessions: []openspace.Session{{Title: "Morning", Start: "10:00", Duration: 45}, {Title: "Afternoon", Start: "14:00", Duration: 45}}},
		people: []person{{name: "Ada"}, {name: "Bob"}}, grid: [][]string{{}}, publish: true}
	for i := range 16 {
		e.setup.Rooms = append(e.setup.Rooms, openspace.Room{Name: fmt.Sprintf("Room %d", i+1), Capacity: 30})
		title := fmt.Sprintf("Topic number %d", i+1)
		by := []string{"Ada", "Bob"}[i%2] // 10 topics at most per person
		e.topics = append(e.topics, proposal{by: by, title: title, host: by})
		e.grid[0] = append(e.grid[0], title)
	}
	ev := seedEvening(t, base, e)
	ev.phase(t, "plan")
	projector := newPerson(t, "the projector")
	speaks(t, projector, "en-US,en")
	within(t, projector, step, "the first page of rooms", chromedp.EmulateViewport(1920, 1080),
		chromedp.Navigate(base+"/p/"+ev.id), showsView("plan"), visible("#grid"),
		waitJS(`document.querySelector('#grid thead th[data-room-id]').textContent.startsWith('Room 1')`),
		waitUntil("the page says which rooms", `/^Rooms 1–\d+ of 16$/.test(document.querySelector('#grid-page').textContent)`, `document.querySelector('#grid-page').textContent`),
	)
	shown := value(t, projector, "count the rooms", chromedp.Evaluate[int](`document.querySelectorAll('#grid thead th[data-room-id]').length`))
	if shown >= 16 || shown < 3 {
		t.Errorf("the projector shows %d of 16 rooms at once, want a readable few", shown)
	}
	readable(t, projector, "the paged grid", 1080)
	shoot(t, projector, "13-plan-16-rooms-1920x1080.png")
	within(t, projector, 15*time.Second, "the next page of rooms",
		waitJS(`document.querySelector('#grid thead th[data-room-id]').textContent.startsWith('Room `+strconv.Itoa(shown+1)+`')`))
}

// TestBrowserProjectorSpeaksEventLanguage: the screen is in the event's
// language, whatever the browser's.
func TestBrowserProjectorSpeaksEventLanguage(t *testing.T) {
	t.Parallel()
	sharedBrowser(t)
	base, _ := startApp(t)
	ev := seedEvening(t, base, evening{setup: openspace.EventSetup{Title: "English evening", Language: "en",
		Sessions: []openspace.Session{{Title: "1", Duration: 30}}, Rooms: []openspace.Room{{Name: "A", Capacity: 10}}}})
	projector := newPerson(t, "the projector")
	speaks(t, projector, "fr-FR,fr")
	within(t, projector, 20*time.Second, "open the projector", chromedp.Navigate(base+"/p/"+ev.id), pageLoaded())
	within(t, projector, 20*time.Second, "the projector speaks English",
		waitJS(`document.documentElement.lang === 'en'`),
		waitJS(`document.querySelector('#join-caption').textContent === 'Scan to join'`),
		waitJS(`localStorage.getItem('openspace.lang') === null`),
	)
}

// TestBrowserProjectorRotates: the projector keeps the phase's view unless
// the organizer lets it rotate; then it alternates with the tally.
func TestBrowserProjectorRotates(t *testing.T) {
	t.Parallel()
	sharedBrowser(t)
	base, _ := startApp(t)
	ev := seedEvening(t, base, evening{setup: openspace.EventSetup{Title: "Rotating evening", Language: "en",
		Sessions: []openspace.Session{{Title: "1", Duration: 30}}, Rooms: []openspace.Room{{Name: "A", Capacity: 10}}},
		people: []person{{name: "Ada"}}, topics: []proposal{{by: "Ada", title: "Go generics"}}})
	ev.phase(t, "marketplace")
	projector := newPerson(t, "the projector")
	speaks(t, projector, "en-US,en")
	within(t, projector, 20*time.Second, "open the projector", chromedp.EmulateViewport(1920, 1080),
		chromedp.Navigate(base+"/p/"+ev.id), showsView("pitch"), markLoaded,
		// A view that flips is seen by a watcher of data-view.
		chromedp.Evaluate[chromedp.Void](`window.__views = []; new MutationObserver(() => window.__views.push(document.body.dataset.view)).observe(document.body, {attributes: true, attributeFilter: ['data-view']})`),
		chromedp.Sleep(16*time.Second))
	seen := value(t, projector, "the views seen", chromedp.Evaluate[[]string](`window.__views.filter(v => v !== 'pitch')`))
	if len(seen) > 0 {
		t.Errorf("without rotate the projector flipped to %v on its own", seen)
	}
	apiCall(t, base, ev.organizer, "PATCH", ev.path("/phases"), map[string]any{"rotate": true}, nil)
	within(t, projector, 40*time.Second, "the projector rotates",
		showsView("tally"), showsView("pitch"), pageNotReloaded())
}
