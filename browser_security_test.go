package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"openspace/openspace"
)

// What strangers type must not break the stage display: a choice named
// like a property every JavaScript object has, a title with no place to
// break it.

// TestBrowserProjectorSurvivesChoicesNamedLikeObjectProperties: the
// question's choices are __proto__, constructor and toString; the
// projector still shows the welcome screen with one bar per choice and
// the right counts, and follows a new join.
func TestBrowserProjectorSurvivesChoicesNamedLikeObjectProperties(t *testing.T) {
	t.Parallel()
	sharedBrowser(t) // skips without Chromium (fails in CI)
	base, _ := startApp(t)
	ev := seedEvening(t, base, evening{setup: openspace.EventSetup{
		Title: "Meetup JS", Language: "en",
		Sessions: []openspace.Session{{Title: "Session 1", Start: "19:30", Duration: 30}},
		Rooms:    []openspace.Room{{Name: "Room A", Capacity: 10}},
		Question: &openspace.Question{Prompt: "Which one?", Choices: []string{"__proto__", "constructor", "toString"}},
	}, people: []person{{"Ada", "__proto__"}, {"Bob", "__proto__"}, {"Cy", "toString"}}})

	projector := newPerson(t, "the projector")
	count := func(answer string) string {
		return `(document.querySelector('#profile-split li[data-answer=` + q(answer) + `] .count-n') || {}).textContent`
	}
	within(t, projector, 20*time.Second, "open the projector",
		chromedp.EmulateViewport(1920, 1080),
		chromedp.Navigate(base+"/p/"+ev.id),
		waitJS(`document.querySelector('#join-code').textContent.trim() === `+q(ev.code)),
		waitUntil("the projector counts three people", `document.querySelector('#attendee-count').textContent.trim() === '3'`, `document.querySelector('#attendee-count').textContent`),
		waitUntil("one bar per choice", `document.querySelectorAll('#profile-split li').length === 3`, `document.querySelector('#profile-split').outerHTML`),
		waitUntil("__proto__ has 2", count("__proto__")+` === '2'`, count("__proto__")),
		waitUntil("constructor has 0", count("constructor")+` === '0'`, count("constructor")),
		waitUntil("toString has 1", count("toString")+` === '1'`, count("toString")),
		waitJS(`document.querySelector('#profile-split li[data-answer="constructor"] .label-t').textContent === 'constructor'`),
	)
	ev.join(t, "Dee", "constructor")
	within(t, projector, 20*time.Second, "the projector follows a join",
		waitUntil("four people", `document.querySelector('#attendee-count').textContent.trim() === '4'`, `document.querySelector('#attendee-count').textContent`),
		waitUntil("constructor has 1", count("constructor")+` === '1'`, count("constructor")),
		waitJS(`document.querySelectorAll('#profile-split li').length === 3`),
	)
	shoot(t, projector, "security-choices-1920x1080.png")
}

// TestBrowserProjectorWrapsUnbrokenTitles: a 120-character title without
// a space stays inside its cell of the grid, and inside the next-up list.
func TestBrowserProjectorWrapsUnbrokenTitles(t *testing.T) {
	t.Parallel()
	sharedBrowser(t) // skips without Chromium (fails in CI)
	base, _ := startApp(t)
	long := strings.Repeat("W", openspace.MaxTitleLen)
	e := evening{setup: openspace.EventSetup{
		Title: "Meetup", Language: "en",
		Sessions: []openspace.Session{{Title: "Session 1", Start: "19:30", Duration: 30}},
		Rooms:    []openspace.Room{{Name: "Room A", Capacity: 10}, {Name: "Room B", Capacity: 10}, {Name: "Room C", Capacity: 10}},
	}, people: []person{{"Ada", ""}}, publish: true}
	e.topics = []proposal{{by: "Ada", title: long, host: "Ada"}, {by: "Ada", title: "Short one", host: "Ada"}}
	e.grid = [][]string{{long, "Short one", ""}}
	ev := seedEvening(t, base, e)
	ev.phase(t, "plan")

	projector := newPerson(t, "the projector")
	cell := `document.querySelector('#grid td[data-room-id] strong[data-topic-id=` + q(ev.topic(t, long)) + `]')`
	for _, size := range [][2]int64{{1920, 1080}, {1280, 720}} {
		within(t, projector, 20*time.Second, "the grid",
			chromedp.EmulateViewport(size[0], size[1]),
			chromedp.Navigate(base+"/p/"+ev.id),
			waitUntil("the long title is in the grid", cell+` !== null`, `document.querySelector('#grid-section').outerHTML`),
			chromedp.Sleep(300*time.Millisecond),
			settled(),
		)
		fits := value(t, projector, "measure the cell", chromedp.Evaluate[map[string]float64](`(() => {
			const el = `+cell+`, td = el.closest('td'), r = el.getBoundingClientRect(), c = td.getBoundingClientRect();
			return {scroll: el.scrollWidth, client: el.clientWidth, right: r.right, cellRight: c.right, tdScroll: td.scrollWidth, tdClient: td.clientWidth};
		})()`))
		if fits["scroll"] > fits["client"]+1 || fits["right"] > fits["cellRight"]+1 || fits["tdScroll"] > fits["tdClient"]+1 {
			t.Errorf("at %dx%d the 120-character title overflows its cell: %v", size[0], size[1], fits)
		}
		shoot(t, projector, fmt.Sprintf("security-long-title-%dx%d.png", size[0], size[1]))
	}
}
