package server_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"openspace/openspace"
)

// calendarEvening is the seed's evening in Paris on 2026-03-29, the day
// summer time starts (02:00 → 03:00): a session at 01:30 runs across the
// change. Ada votes for Puppet (night, big room) and Kanban (19:30, back
// room); the plan is published.
type calendarEvening struct {
	a                  *app
	org, ada           *client
	id                 string
	s1, s2, big, back  string
	puppet, cd, kanban openspace.Topic
}

func newCalendarEvening(t *testing.T, publish bool) *calendarEvening {
	t.Helper()
	a := newApp(t)
	setup := seedSetup()
	setup["date"], setup["time_zone"] = "2026-03-29", "Europe/Paris"
	setup["sessions"] = []map[string]any{
		{"title": "Nuit blanche", "start": "01:30", "duration": 60},
		{"title": "1ère session", "start": "19:30", "duration": 30},
		{"title": "Sans horaire", "duration": 30},
	}
	org := a.newClient(t)
	var ev createdEvent
	org.do("POST", "/api/events", setup).decode(t, http.StatusCreated, &ev)
	org.do("PATCH", "/api/events/"+ev.Event.ID+"/phases", map[string]any{"voting_open": true}).decode(t, http.StatusOK, nil)
	e := &calendarEvening{a: a, org: org, id: ev.Event.ID,
		s1: ev.Event.Sessions[0].ID, s2: ev.Event.Sessions[1].ID, big: ev.Event.Rooms[0].ID, back: ev.Event.Rooms[1].ID}
	e.ada, _ = a.join(t, e.id, "Ada", "Dev")
	e.puppet = e.ada.propose(e.id, "Puppet, Chef; Ansible")
	// Someone else hosts Continuous Delivery: Ada, hosting it too, would be
	// seated there instead of in Kanban, its neighbour in session 2.
	chloe, _ := a.join(t, e.id, "Chloé", "Dev")
	e.cd = chloe.propose(e.id, "Continuous Delivery")
	e.kanban = e.ada.propose(e.id, "Kanban")
	for _, tp := range []openspace.Topic{e.puppet, e.kanban} {
		e.ada.do("PUT", "/api/events/"+e.id+"/topics/"+tp.ID+"/vote", nil).decode(t, http.StatusOK, nil)
	}
	for _, op := range []openspace.PlanOp{
		{Op: "place", Topic: e.puppet.ID, Session: e.s1, Room: e.big},
		{Op: "place", Topic: e.cd.ID, Session: e.s2, Room: e.big},
		{Op: "place", Topic: e.kanban.ID, Session: e.s2, Room: e.back},
	} {
		org.do("POST", "/api/events/"+e.id+"/draft/ops", op).decode(t, http.StatusOK, nil)
	}
	if publish {
		org.do("POST", "/api/events/"+e.id+"/publish", nil).decode(t, http.StatusOK, nil)
	}
	return e
}

// calendarOf checks the response is a calendar and parses it back.
func calendarOf(t *testing.T, r response, filename string) []*ics.VEvent {
	t.Helper()
	if r.status != http.StatusOK {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	if got := r.header.Get("Content-Type"); got != "text/calendar; charset=utf-8" {
		t.Errorf("Content-Type %q", got)
	}
	if got, want := r.header.Get("Content-Disposition"), `inline; filename="`+filename+`"`; got != want {
		t.Errorf("Content-Disposition %q, want %q", got, want)
	}
	body := string(r.body)
	if !strings.HasPrefix(body, "BEGIN:VCALENDAR\r\n") || !strings.HasSuffix(body, "END:VCALENDAR\r\n") {
		t.Errorf("not a CRLF calendar: %q", body)
	}
	cal, err := ics.ParseCalendar(strings.NewReader(body))
	if err != nil {
		t.Fatalf("parse: %v\n%s", err, body)
	}
	return cal.Events()
}

type wantEvent struct{ summary, location, start, end string }

func checkEvents(t *testing.T, events []*ics.VEvent, want []wantEvent) {
	t.Helper()
	if len(events) != len(want) {
		t.Fatalf("%d events, want %d", len(events), len(want))
	}
	for i, w := range want {
		ev := events[i]
		summary, location := ev.GetProperty(ics.ComponentPropertySummary), ev.GetProperty(ics.ComponentPropertyLocation)
		if summary == nil || summary.Value != w.summary || location == nil || location.Value != w.location {
			t.Errorf("event %d: %v at %v, want %q at %q", i, summary, location, w.summary, w.location)
		}
		start, err1 := ev.GetStartAt()
		end, err2 := ev.GetEndAt()
		ws, _ := time.Parse(time.RFC3339, w.start)
		we, _ := time.Parse(time.RFC3339, w.end)
		if err1 != nil || err2 != nil || !start.Equal(ws) || !end.Equal(we) {
			t.Errorf("%s: %v – %v (%v, %v), want %s – %s", w.summary, start, end, err1, err2, w.start, w.end)
		}
	}
}

func TestCalendarOfTheWholeEvent(t *testing.T) {
	e := newCalendarEvening(t, true)
	anyone := e.a.newClient(t)
	events := calendarOf(t, anyone.do("GET", "/api/events/"+e.id+"/calendar.ics", nil), "2eme-meetup-paris-devops.ics")
	checkEvents(t, events, []wantEvent{
		// 01:30 CET (UTC+1), an hour later it is 03:30 CEST.
		{"Puppet, Chef; Ansible", "Grande salle, Paris", "2026-03-29T00:30:00Z", "2026-03-29T01:30:00Z"},
		// 19:30 CEST (UTC+2).
		{"Continuous Delivery", "Grande salle, Paris", "2026-03-29T17:30:00Z", "2026-03-29T18:00:00Z"},
		{"Kanban", "Salle du fond, Paris", "2026-03-29T17:30:00Z", "2026-03-29T18:00:00Z"},
	})
	for _, ev := range events {
		if !strings.HasPrefix(ev.Id(), "topic-") || !strings.HasSuffix(ev.Id(), "@"+e.id+".openspace") {
			t.Errorf("UID %q", ev.Id())
		}
		if u := ev.GetProperty(ics.ComponentPropertyUrl); u == nil || u.Value != e.a.URL+"/e/"+e.id {
			t.Errorf("URL %v", u)
		}
	}

	// The draft is the organizer's: a change to it stays out of the calendar.
	e.org.do("POST", "/api/events/"+e.id+"/draft/ops", openspace.PlanOp{Op: "clear", Session: e.s2, Room: e.back}).decode(t, http.StatusOK, nil)
	if n := len(calendarOf(t, e.org.do("GET", "/api/events/"+e.id+"/calendar.ics", nil), "2eme-meetup-paris-devops.ics")); n != 3 {
		t.Errorf("with the draft changed, %d events, want the 3 published", n)
	}
}

func TestCalendarBeforePublishingIsEmpty(t *testing.T) {
	e := newCalendarEvening(t, false)
	if n := len(calendarOf(t, e.a.newClient(t).do("GET", "/api/events/"+e.id+"/calendar.ics", nil), "2eme-meetup-paris-devops.ics")); n != 0 {
		t.Errorf("%d events before publishing", n)
	}
	if n := len(calendarOf(t, e.ada.do("GET", "/api/events/"+e.id+"/me/calendar.ics", nil), "2eme-meetup-paris-devops-mine.ics")); n != 0 {
		t.Errorf("%d of Ada's events before publishing", n)
	}
}

func TestMyCalendar(t *testing.T) {
	e := newCalendarEvening(t, true)
	path := "/api/events/" + e.id + "/me/calendar.ics"
	// Ada's phone opens the link: her cookie is enough.
	events := calendarOf(t, e.ada.do("GET", path, nil), "2eme-meetup-paris-devops-mine.ics")
	checkEvents(t, events, []wantEvent{
		{"Puppet, Chef; Ansible", "Grande salle, Paris", "2026-03-29T00:30:00Z", "2026-03-29T01:30:00Z"},
		{"Kanban", "Salle du fond, Paris", "2026-03-29T17:30:00Z", "2026-03-29T18:00:00Z"},
	})
	kanbanUID := events[1].Id()

	e.org.do("PATCH", "/api/events/"+e.id+"/phases", map[string]string{"phase": "sessions"}).decode(t, http.StatusOK, nil)
	// She moves to the big room for the 19:30 session: her calendar follows
	// her check-in, under the same UID.
	e.ada.do("PUT", "/api/events/"+e.id+"/checkins/"+e.s2, map[string]string{"room": e.big}).decode(t, http.StatusOK, nil)
	events = calendarOf(t, e.ada.do("GET", path, nil), "2eme-meetup-paris-devops-mine.ics")
	checkEvents(t, events, []wantEvent{
		{"Puppet, Chef; Ansible", "Grande salle, Paris", "2026-03-29T00:30:00Z", "2026-03-29T01:30:00Z"},
		{"Continuous Delivery", "Grande salle, Paris", "2026-03-29T17:30:00Z", "2026-03-29T18:00:00Z"},
	})
	if events[1].Id() != kanbanUID {
		t.Errorf("after moving, UID %q, want %q", events[1].Id(), kanbanUID)
	}

	// Bruno joined and voted for nothing: an empty calendar.
	bruno, _ := e.a.join(t, e.id, "Bruno", "Ops")
	if n := len(calendarOf(t, bruno.do("GET", path, nil), "2eme-meetup-paris-devops-mine.ics")); n != 0 {
		t.Errorf("Bruno has %d events", n)
	}
}

func TestCalendarErrors(t *testing.T) {
	e := newCalendarEvening(t, true)
	stranger := e.a.newClient(t)
	forged := e.a.newClient(t)
	forged.headers["Authorization"] = "Bearer not-a-token"
	for _, tc := range []struct {
		name   string
		c      *client
		path   string
		status int
		code   string
	}{
		{"unknown event", stranger, "/api/events/nope/calendar.ics", http.StatusNotFound, "not_found"},
		{"unknown event, mine", e.ada, "/api/events/nope/me/calendar.ics", http.StatusNotFound, "not_found"},
		{"odd event id", stranger, "/api/events/%3Cscript%3E/calendar.ics", http.StatusNotFound, "not_found"},
		{"no token", stranger, "/api/events/" + e.id + "/me/calendar.ics", http.StatusUnauthorized, "unauthorized"},
		{"forged token", forged, "/api/events/" + e.id + "/me/calendar.ics", http.StatusUnauthorized, "unauthorized"},
		// The organizer is not an attendee.
		{"organizer", e.org, "/api/events/" + e.id + "/me/calendar.ics", http.StatusUnauthorized, "unauthorized"},
		{"post", stranger, "/api/events/" + e.id + "/calendar.ics", http.StatusNotFound, "not_found"},
	} {
		method := "GET"
		if tc.name == "post" {
			method = "POST"
		}
		r := tc.c.do(method, tc.path, nil)
		if r.status != tc.status {
			t.Errorf("%s: status %d, want %d (%s)", tc.name, r.status, tc.status, r.body)
			continue
		}
		if code := r.errorCode(t); code != tc.code {
			t.Errorf("%s: code %q, want %q", tc.name, code, tc.code)
		}
	}
	// Another event's token is not Ada's here.
	_, other := e.a.createEvent(t)
	r := e.ada.do("GET", "/api/events/"+other.Event.ID+"/me/calendar.ics", nil)
	if r.status != http.StatusUnauthorized {
		t.Errorf("Ada in another event: status %d", r.status)
	}
}

func TestPrintPage(t *testing.T) {
	e := newCalendarEvening(t, true)
	e.ada.propose(e.id, `<script>alert(1)</script>`)
	c := e.a.newClient(t)
	r := c.do("GET", "/print/"+e.id, nil)
	if r.status != http.StatusOK || !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") {
		t.Fatalf("status %d, %q", r.status, r.header.Get("Content-Type"))
	}
	body := string(r.body)
	for _, want := range []string{`<html lang="fr">`, "Programme", "dimanche 29 mars 2026 · Paris",
		`class="sheet door" data-room-id="` + e.big + `"`, `class="sheet door" data-room-id="` + e.back + `"`,
		"Puppet, Chef; Ansible", "01:30 – 03:30", "19:30 – 20:00", "Pas de sujet"} {
		if !strings.Contains(body, want) {
			t.Errorf("the print page lacks %q", want)
		}
	}
	if n := strings.Count(body, `class="sheet `); n != 3 {
		t.Errorf("%d sheets, want 1 + 2 rooms", n)
	}
	if strings.Contains(body, "<script>alert") {
		t.Error("user text is not escaped")
	}
	if r := c.do("GET", "/print/nope", nil); r.status != http.StatusNotFound || !strings.Contains(string(r.body), "Not found") {
		t.Errorf("unknown event: status %d", r.status)
	}
}
