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

	"openspace/openspace"
)

// adminShots writes a screenshot of the tab when OPENSPACE_ADMIN_SHOTS
// names a folder (to look at the sections while working on them).
func adminShots(t *testing.T, tab context.Context, sel, name string) {
	t.Helper()
	dir := os.Getenv("OPENSPACE_ADMIN_SHOTS")
	if dir == "" {
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	within(t, tab, 10*time.Second, "scroll to "+sel,
		chromedp.Evaluate[chromedp.Void](`document.querySelector(`+q(sel)+`).scrollIntoView({block: 'start'})`), settled())
	png := value(t, tab, "screenshot "+name, chromedp.CaptureScreenshot())
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestBrowserOrganizerDeletesEvent: the organizer opens "Delete this
// event…", the button stays off until the join code is typed (a wrong code
// does not do), then the event is gone: the console says so, the API and
// the attendee page answer 404.
func TestBrowserOrganizerDeletesEvent(t *testing.T) {
	t.Parallel()
	sharedBrowser(t)
	const step = 20 * time.Second
	base, _ := startApp(t)
	ev := seedEvening(t, base, evening{setup: openspace.EventSetup{Title: "Meetup à supprimer", Language: "fr",
		Sessions: []openspace.Session{{Title: "1", Duration: 30}}, Rooms: []openspace.Room{{Name: "A", Capacity: 10}}}})
	ev.join(t, "Ada", "")
	console := newPerson(t, "the organizer")
	within(t, console, step, "the organizer opens the console in English",
		chromedp.EmulateViewport(1280, 900),
		chromedp.Navigate(base+ev.organizerURL),
		visible("#org-main"),
		pageLoaded(),
		click("#lang-en"),
		visible("#admin-section"),
		waitUntil("the section comes last, after the set-up", `document.querySelector('#org-sections').lastElementChild.id === 'admin-section'`,
			`document.querySelector('#org-sections').lastElementChild.id`),
		waitUntil("the export link points at the download", `document.querySelector('#export-link').getAttribute('href').endsWith('/export.json')`,
			`document.querySelector('#export-link').getAttribute('href')`),
		click("#delete-box summary"),
		visible("#delete-confirm"),
		waitUntil("the label names the code", `document.querySelector('#delete-label').textContent.includes(`+q(ev.code)+`)`,
			`document.querySelector('#delete-label').textContent`),
		waitJS(`document.querySelector('#delete-event').disabled`),
		fill("#delete-confirm", "ZZZZZZ"),
		waitJS(`document.querySelector('#delete-event').disabled`),
	)
	adminShots(t, console, "#admin-section", "console-admin-en")
	within(t, console, step, "typing the code (in lower case) arms the button; the event is deleted",
		fill("#delete-confirm", strings.ToLower(ev.code)),
		waitJS(`!document.querySelector('#delete-event').disabled`),
		click("#delete-event"),
		visible("#deleted-note"),
		waitUntil("the console says it is deleted", `document.querySelector('#deleted-note').textContent.includes('deleted')`,
			`document.querySelector('#deleted-note').textContent`),
		waitJS(`document.querySelector('#org-main').hidden`),
	)
	adminShots(t, console, "#deleted-note", "console-deleted-en")
	req, _ := http.NewRequest("GET", base+ev.path(""), nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Fatalf("GET the event after deletion: %d", resp.StatusCode)
	}
	phone := newPerson(t, "a phone that had the link")
	within(t, phone, step, "the attendee page is a 404",
		chromedp.Navigate(base+"/e/"+ev.id),
		waitUntil("the page says the event does not exist", `document.body.textContent.length > 0 && !document.querySelector('#join-view')`,
			`document.body.innerText`),
	)
}

// TestBrowserAttendeeForgetsThemselves: a person joins from their phone and
// votes, then "Forget me…", confirms, and the phone is a stranger: the join
// form again, with a note that it is done. Their dot still counts; their
// name and answer are gone from the event.
func TestBrowserAttendeeForgetsThemselves(t *testing.T) {
	t.Parallel()
	sharedBrowser(t)
	const step = 20 * time.Second
	base, _ := startApp(t)
	e := evening{setup: openspace.EventSetup{Title: "Meetup", Language: "fr",
		Sessions: []openspace.Session{{Title: "1", Duration: 30}}, Rooms: []openspace.Room{{Name: "A", Capacity: 10}},
		Question: &openspace.Question{Prompt: "Vous êtes ?", Choices: []string{"Dev", "Ops"}}},
		people: []person{{name: "Bob", answer: "Ops"}},
		topics: []proposal{{title: "Kanban", by: "Bob"}}}
	ev := seedEvening(t, base, e)
	tab := newPerson(t, "Zoé's phone")
	within(t, tab, step, "Zoé joins and votes for Kanban",
		chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch),
		chromedp.Navigate(base+"/e/"+ev.id),
		pageLoaded(),
		click("#lang-fr"),
		visible("#join-form"),
		fill("#join-name", "Zoé"),
		click("#answer-0"),
		click("#join-submit"),
		visible("#main-view"),
		clickOn("the vote button of Kanban", inside(phoneTopic("Kanban"), ".vote-btn")),
		waitJS(inside(phoneTopic("Kanban"), ".vote-btn")+`.getAttribute('aria-pressed') === 'true'`),
		visible("#privacy-section"),
		waitJS(`document.querySelector('#forget-confirm-box').hidden`),
		click("#forget-me"),
		visible("#forget-confirm-box"),
	)
	adminShots(t, tab, "#privacy-section", "phone-forget-fr")
	if st := ev.state(t); st.Attendance.Profiles["Dev"] != 1 {
		t.Fatalf("before: attendance %+v", st.Attendance)
	}
	within(t, tab, step, "Zoé confirms: the phone is a stranger now",
		click("#forget-confirm"),
		visible("#join-view"),
		visible("#forgotten-note"),
		waitUntil("the note says it is done", `document.querySelector('#forgotten-note').textContent.includes('ne vous connaît plus')`,
			`document.querySelector('#forgotten-note').textContent`),
		waitJS(`document.querySelector('#main-view').hidden`),
		waitUntil("the phone keeps nothing of the event", `localStorage.getItem(`+q("openspace.offline."+ev.id)+`) === null`, `'kept'`),
	)
	adminShots(t, tab, "#join-view", "phone-forgotten-fr")
	st := ev.state(t)
	if st.Attendance.Count != 2 || st.Attendance.Profiles["Dev"] != 0 || st.Attendance.Profiles[""] != 1 {
		t.Errorf("after: attendance %+v", st.Attendance)
	}
	if st.Topics[0].Votes != 1 {
		t.Errorf("Kanban has %d votes, want Zoé's dot kept", st.Topics[0].Votes)
	}
	var x openspace.EventExport
	apiCall(t, base, ev.organizer, "GET", ev.path("/export.json"), nil, &x)
	for _, a := range x.Attendees {
		if a.Name == "Zoé" {
			t.Errorf("the event still knows Zoé: %+v", a)
		}
	}
	within(t, tab, step, "a reload keeps the join form and drops the note",
		chromedp.Reload(),
		visible("#join-view"),
		pageLoaded(),
		waitJS(`!document.querySelector('#forgotten-note')`),
	)
}
