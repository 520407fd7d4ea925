package main

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"openspace/openspace"
)

// pdfPage finds the page objects of a PDF: "/Type /Page", not "/Pages".
var pdfPage = regexp.MustCompile(`/Type\s*/Page\b`)

// calendarShots is where the calendar tests leave their screenshots, when
// OPENSPACE_CALENDAR_SHOTS names a folder.
func calendarShots(t *testing.T) string {
	dir := os.Getenv("OPENSPACE_CALENDAR_SHOTS")
	if dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func shootTo(t *testing.T, tab context.Context, dir, file string, a chromedp.Action[[]byte]) {
	t.Helper()
	if dir == "" {
		return
	}
	within(t, tab, 30*time.Second, "settle before "+file, settled())
	png := value(t, tab, "take "+file, a)
	if err := os.WriteFile(filepath.Join(dir, file), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestBrowserPrintsTheSchedule prints /print/{id} with Chromium: an
// overview page, then one A4 page per room with what runs there.
func TestBrowserPrintsTheSchedule(t *testing.T) {
	t.Parallel()
	const step = 30 * time.Second
	sharedBrowser(t)
	base, _ := startApp(t)
	e := parisDevOps()
	e.setup.TimeZone = "Europe/Paris"
	e.setup.Rooms[0].Location = "Rez-de-chaussée, à gauche"
	e.setup.Rooms[2].Location = "1er étage"
	ev := seedEvening(t, base, e)
	dir := calendarShots(t)

	tab := newPerson(t, "the organizer at the printer")
	within(t, tab, step, "open the printable schedule",
		chromedp.EmulateViewport(1280, 900), chromedp.Navigate(base+"/print/"+ev.id), visible("#print-overview"),
		// The overview has a row per room, with the published topics.
		waitUntil("the overview lists the three rooms and their topics",
			`document.querySelectorAll('#print-grid tbody tr').length === 3 &&
			 document.querySelector('#print-grid tbody tr').textContent.includes('Puppet : retours d\'expérience') &&
			 document.querySelector('#print-grid thead').textContent.includes('19:30 – 20:00')`,
			`document.querySelector('#print-grid').innerText`),
		// Each door has its room's name, where it is and its two topics.
		waitUntil("the first door says Grande salle, where it is, and its topics",
			`(() => { const d = document.querySelectorAll('.sheet.door');
			  return d.length === 3 && d[0].querySelector('.room').textContent === 'Grande salle' &&
			    d[0].querySelector('.loc').textContent === 'Rez-de-chaussée, à gauche' &&
			    [...d[0].querySelectorAll('.slot .topic')].map(x => x.textContent).join('|') === 'Puppet : retours d\'expérience|Confluence, Jira et compagnie' &&
			    d[1].querySelector('.loc') === null; })()`,
			`[...document.querySelectorAll('.sheet.door')].map(d => d.innerText).join(' // ')`),
		visible("#print-btn"))
	shootTo(t, tab, dir, "print-screen.png", chromedp.CaptureScreenshot())

	ctx, cancel := context.WithTimeout(tab, step)
	defer cancel()
	res, err := chromedp.Call(ctx, page.PrintToPDF, page.PrintToPDFParams{PreferCSSPageSize: ptr(true), PrintBackground: ptr(true)})
	if err != nil {
		t.Fatalf("print to PDF: %v", err)
	}
	if got, want := len(pdfPage.FindAllIndex(res.Data, -1)), 1+len(ev.event.Rooms); got != want {
		t.Errorf("the PDF has %d pages, want %d (an overview and one per room)", got, want)
	}
	if dir != "" {
		if err := os.WriteFile(filepath.Join(dir, "schedule.pdf"), res.Data, 0o644); err != nil {
			t.Fatal(err)
		}
		// The pages as paper shows them: print media at A4's 794 px.
		if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
			t.Fatal(err)
		}
		within(t, tab, step, "A4 width", chromedp.EmulateViewport(794, 1123), waitJS(`matchMedia('print').matches`))
		shootTo(t, tab, dir, "print-overview.png", chromedp.Screenshot(chromedp.CSS("#print-overview")))
		for i := range ev.event.Rooms {
			sel := `.sheet.door[data-room-id="` + ev.event.Rooms[i].ID + `"]`
			shootTo(t, tab, dir, "print-room-"+string(rune('1'+i))+".png", chromedp.Screenshot(chromedp.CSS(sel)))
		}
	}
}

func ptr[T any](v T) *T { return &v }

// TestBrowserCalendarLinks: the set-up form offers the browser's time zone,
// the console links the calendar and the printable schedule in the plan
// step, and a phone adds its own sessions.
func TestBrowserCalendarLinks(t *testing.T) {
	t.Parallel()
	const step = 30 * time.Second
	sharedBrowser(t)
	base, _ := startApp(t)
	dir := calendarShots(t)

	// An organizer in Montréal creates an event: the zone is already theirs.
	home := newPerson(t, "an organizer in Montréal")
	if _, err := chromedp.Call(home, emulation.SetTimezoneOverride, emulation.SetTimezoneOverrideParams{TimezoneID: "America/Toronto"}); err != nil {
		t.Fatal(err)
	}
	within(t, home, step, "open the home page",
		chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch), chromedp.Navigate(base+"/"),
		visible("#create-time-zone"),
		waitUntil("the zone is the browser's", `document.querySelector('#create-time-zone').value === 'America/Toronto'`,
			`document.querySelector('#create-time-zone').value`),
		waitJS(`document.querySelectorAll('#create-time-zones option').length > 10`))
	shootTo(t, home, dir, "setup-tz-phone.png", chromedp.Screenshot(chromedp.CSS("#create-form")))
	within(t, home, step, "a zone that does not exist is refused with the server's words",
		fill("#create-title", "Meetup Montréal"), fill("#create-rooms [name=room-name]", "Salle A"),
		fill("#create-time-zone", "Mars/Olympus"), click("#create-submit"), visible("#create-error"),
		waitUntil("the error names the zone", `document.querySelector('#create-error').textContent.includes('Mars/Olympus')`,
			`document.querySelector('#create-error').textContent`),
		fill("#create-time-zone", "America/Toronto"), click("#create-submit"), visible("#create-result"))

	// The seed's evening, in Paris, published.
	e := parisDevOps()
	e.setup.TimeZone = "Europe/Paris"
	ev := seedEvening(t, base, e)

	console := newPerson(t, "the console")
	within(t, console, step, "the console in the plan step",
		chromedp.EmulateViewport(1440, 900), chromedp.Navigate(base+ev.organizerURL),
		visible("#setup-time-zone"),
		waitUntil("the set-up shows the event's zone", `document.querySelector('#setup-time-zone').value === 'Europe/Paris'`,
			`document.querySelector('#setup-time-zone').value`))
	apiCall(t, base, ev.organizer, "PATCH", ev.path("/phases"), map[string]string{"phase": "plan"}, nil)
	within(t, console, step, "the calendar section is among the plan step's sections",
		waitJS(`document.body.dataset.phase === 'plan'`), visible("#calendar-section"),
		waitUntil("calendar links",
			`(() => { const s = document.querySelector('#calendar-section');
			  return s.classList.contains('in-step') && s.compareDocumentPosition(document.querySelector('#more-sections')) & Node.DOCUMENT_POSITION_FOLLOWING &&
			    document.querySelector('#calendar-ics').getAttribute('href') === '/api/events/`+ev.id+`/calendar.ics' &&
			    document.querySelector('#print-open').getAttribute('href') === '/print/`+ev.id+`' &&
			    document.querySelector('#calendar-ics').textContent !== '' && document.querySelector('#calendar-note').hidden; })()`,
			`document.querySelector('#calendar-section').outerHTML`),
		chromedp.ScrollIntoView(chromedp.CSS("#calendar-section")))
	shootTo(t, console, dir, "console-calendar.png", chromedp.Screenshot(chromedp.CSS("#calendar-section")))
	shootTo(t, console, dir, "console-setup-laptop.png", chromedp.Screenshot(chromedp.CSS("#setup-form")))

	// David's phone: his device cookie, as after he joined. He voted for
	// topics of both sessions.
	david := ev.people["David"]
	var me struct {
		Schedule []openspace.ScheduleEntry `json:"schedule"`
	}
	apiCall(t, base, ev.as(t, "David"), "GET", ev.path("/me"), nil, &me)
	starts := map[string]string{ev.event.Sessions[0].ID: "DTSTART:20261126T183000Z", ev.event.Sessions[1].ID: "DTSTART:20261126T190500Z"}
	var want []string
	for _, en := range me.Schedule {
		if en.Assigned != nil {
			want = append(want, starts[en.Session])
		}
	}
	if len(want) == 0 {
		t.Fatalf("David has no seat: %+v", me.Schedule)
	}
	phone := newPerson(t, "David's phone")
	speaks(t, phone, "fr-FR,fr")
	within(t, phone, step, "David opens his page",
		chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch),
		chromedp.Navigate(base+"/healthz"),
		chromedp.Evaluate[chromedp.Void](`document.cookie = 'os_att_`+ev.id+`=`+david.token+`; path=/'`),
		chromedp.Navigate(base+"/e/"+ev.id), visible("#my-schedule"), visible("#my-calendar"),
		waitUntil("the link reads in French and points to his calendar",
			`document.querySelector('#my-calendar').textContent === 'Ajouter mes sessions à mon agenda' &&
			 document.querySelector('#my-calendar').getAttribute('href') === '/api/events/`+ev.id+`/me/calendar.ics'`,
			`document.querySelector('#my-calendar').outerHTML`))
	// What the link opens: his sessions, on Paris time (UTC+1 in November).
	body := value(t, phone, "open the link", chromedp.Evaluate[string](
		`fetch(document.querySelector('#my-calendar').href).then(r => r.text())`, chromedp.EvalAwaitPromise))
	if n := strings.Count(body, "BEGIN:VEVENT\r\n"); n != len(want) {
		t.Errorf("David's calendar has %d events, want %d:\n%s", n, len(want), body)
	}
	for _, line := range append(want, "X-WR-TIMEZONE:Europe/Paris") {
		if !strings.Contains(body, line+"\r\n") {
			t.Errorf("David's calendar lacks %q:\n%s", line, body)
		}
	}
	shootTo(t, phone, dir, "phone-my-calendar.png", chromedp.Screenshot(chromedp.CSS("#my-schedule")))
}
