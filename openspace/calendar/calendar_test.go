package calendar_test

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	ics "github.com/arran4/golang-ical"

	"openspace/openspace"
	"openspace/openspace/calendar"
)

func TestEscapeText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Puppet", "Puppet"},
		{"Capistrano, Fabric", `Capistrano\, Fabric`},
		{"a;b", `a\;b`},
		{`C:\temp`, `C:\\temp`},
		{"line 1\nline 2", `line 1\nline 2`},
		{"crlf\r\nnext", `crlf\nnext`},
		{"cr\rnext", `cr\nnext`},
		{"tab\tstays", "tab\tstays"},
		{"bell\x07 and del\x7f go", "bell and del go"},
		{`\n is not a newline`, `\\n is not a newline`},
		{"Réunion « DevOps »", "Réunion « DevOps »"},
		{"", ""},
	} {
		if got := calendar.EscapeText(tc.in); got != tc.want {
			t.Errorf("EscapeText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestFold(t *testing.T) {
	long := strings.Repeat("x", 200)
	accents := "SUMMARY:" + strings.Repeat("é", 60) // 8 + 120 octets
	for _, tc := range []struct {
		name, in string
		want     []string // physical lines, without CRLF
	}{
		{"short", "VERSION:2.0", []string{"VERSION:2.0"}},
		{"exactly 75", strings.Repeat("a", 75), []string{strings.Repeat("a", 75)}},
		{"76", strings.Repeat("a", 76), []string{strings.Repeat("a", 75), " a"}},
		{"200", long, []string{long[:75], " " + long[75:149], " " + long[149:]}},
		// 75 octets would end inside an é (2 octets): the line stops at 74.
		{"utf-8", accents, []string{accents[:74], " " + accents[74:]}},
		{"empty", "", []string{""}},
	} {
		got := calendar.Fold(tc.in)
		if !strings.HasSuffix(got, "\r\n") {
			t.Errorf("%s: %q does not end with CRLF", tc.name, got)
			continue
		}
		lines := strings.Split(strings.TrimSuffix(got, "\r\n"), "\r\n")
		if strings.Join(lines, "|") != strings.Join(tc.want, "|") {
			t.Errorf("%s: Fold = %q, want %q", tc.name, lines, tc.want)
		}
		for _, l := range lines {
			if len(l) > 75 || !utf8.ValidString(l) {
				t.Errorf("%s: line %q is %d octets or cuts a character", tc.name, l, len(l))
			}
		}
		// Unfolding gives the line back.
		if un := strings.ReplaceAll(strings.TrimSuffix(got, "\r\n"), "\r\n ", ""); un != tc.in {
			t.Errorf("%s: unfolds to %q", tc.name, un)
		}
	}
}

func TestFilename(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"2ème meetup Paris DevOps", "2eme-meetup-paris-devops.ics"},
		{"  «  »  ", "openspace.ics"},
		{"Café / Crème", "cafe-creme.ics"},
	} {
		if got := calendar.Filename(tc.in, ".ics"); got != tc.want {
			t.Errorf("Filename(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// paris is an evening in Paris on the day summer time ends (2026-10-25,
// 03:00 CEST becomes 02:00 CET), with a session across the change, one
// after it, one without a start and one room with a location.
func paris() openspace.State {
	e := openspace.Event{
		ID: "ev1", Title: "Meetup, DevOps; « Paris »", Date: "2026-10-25", Venue: "Paris 11e", Language: "fr",
		TimeZone: "Europe/Paris",
		Sessions: []openspace.Session{
			{ID: "s1", Title: "Nuit blanche", Start: "01:30", Duration: 120}, // 01:30 CEST → 02:30 CET
			{ID: "s2", Title: "1ère session", Start: "19:30", Duration: 30},
			{ID: "s3", Title: "Sans horaire", Duration: 30},
		},
		Rooms: []openspace.Room{
			{ID: "r1", Name: "Grande salle", Capacity: 14, Location: "1er étage, à gauche"},
			{ID: "r2", Name: "Cuisine", Capacity: 8},
		},
	}
	topics := []openspace.Topic{
		{ID: "t1", Title: "Puppet, Chef; Ansible", Host: "Ada", Description: "Retours d'expérience.\nDeux lignes, \\ et tout."},
		{ID: "t2", Title: strings.Repeat("Très long titre ", 8), Host: "Bruno"},
		{ID: "t3", Title: "Kanban"},
		{ID: "t4", Title: "Sans horaire"},
	}
	plan := &openspace.Plan{Cells: []openspace.Cell{
		{Session: "s1", Room: "r1", Topic: "t1"},
		{Session: "s2", Room: "r1", Topic: "t2"},
		{Session: "s2", Room: "r2", Topic: "t3"},
		{Session: "s3", Room: "r1", Topic: "t4"},
	}}
	return openspace.State{Event: e, Topics: topics, Plan: plan}
}

func render(t *testing.T, c calendar.Calendar) string {
	t.Helper()
	var buf bytes.Buffer
	if err := calendar.Write(&buf, c, time.Date(2026, 10, 20, 12, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	// Every line ends with CRLF and holds at most 75 octets.
	if !strings.HasSuffix(out, "\r\n") {
		t.Fatalf("the file does not end with CRLF")
	}
	for i, l := range strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n") {
		if strings.ContainsAny(l, "\r\n") {
			t.Errorf("line %d has a bare CR or LF: %q", i+1, l)
		}
		if len(l) > 75 {
			t.Errorf("line %d is %d octets: %q", i+1, len(l), l)
		}
	}
	return out
}

func parse(t *testing.T, data string) *ics.Calendar {
	t.Helper()
	cal, err := ics.ParseCalendar(strings.NewReader(data))
	if err != nil {
		t.Fatalf("parse back: %v\n%s", err, data)
	}
	return cal
}

func prop(ev *ics.VEvent, p ics.ComponentProperty) string {
	if v := ev.GetProperty(p); v != nil {
		return v.Value
	}
	return ""
}

func TestWholeEventParsesBack(t *testing.T) {
	st := paris()
	out := render(t, calendar.Calendar{Name: st.Event.Title, TimeZone: st.Event.TimeZone, URL: "https://meetup.example/e/ev1",
		Entries: calendar.Whole(st.Event, st.Plan, st.Topics)})
	cal := parse(t, out)
	want := []struct {
		uid, summary, location string
		start, end             string // UTC
	}{
		// 01:30 CEST (UTC+2) on the 25th is 23:30 UTC the day before; two
		// hours later it is 02:30 CET.
		{"topic-t1@ev1.openspace", "Puppet, Chef; Ansible", "Grande salle, 1er étage, à gauche, Paris 11e", "2026-10-24T23:30:00Z", "2026-10-25T01:30:00Z"},
		// After the change, Paris is UTC+1.
		{"topic-t2@ev1.openspace", strings.Repeat("Très long titre ", 8), "Grande salle, 1er étage, à gauche, Paris 11e", "2026-10-25T18:30:00Z", "2026-10-25T19:00:00Z"},
		{"topic-t3@ev1.openspace", "Kanban", "Cuisine, Paris 11e", "2026-10-25T18:30:00Z", "2026-10-25T19:00:00Z"},
		// "Sans horaire" has no start: no entry.
	}
	events := cal.Events()
	if len(events) != len(want) {
		t.Fatalf("%d events, want %d:\n%s", len(events), len(want), out)
	}
	for i, w := range want {
		ev := events[i]
		if ev.Id() != w.uid {
			t.Errorf("event %d: UID %q, want %q", i, ev.Id(), w.uid)
		}
		if got := prop(ev, ics.ComponentPropertySummary); got != w.summary {
			t.Errorf("%s: SUMMARY %q, want %q", w.uid, got, w.summary)
		}
		if got := prop(ev, ics.ComponentPropertyLocation); got != w.location {
			t.Errorf("%s: LOCATION %q, want %q", w.uid, got, w.location)
		}
		start, err := ev.GetStartAt()
		if err != nil || !start.Equal(mustTime(t, w.start)) {
			t.Errorf("%s: DTSTART %v (%v), want %s", w.uid, start, err, w.start)
		}
		end, err := ev.GetEndAt()
		if err != nil || !end.Equal(mustTime(t, w.end)) {
			t.Errorf("%s: DTEND %v (%v), want %s", w.uid, end, err, w.end)
		}
		if stamp, err := ev.GetDtStampTime(); err != nil || !stamp.Equal(time.Date(2026, 10, 20, 12, 0, 0, 0, time.UTC)) {
			t.Errorf("%s: DTSTAMP %v (%v)", w.uid, stamp, err)
		}
		if got := prop(ev, ics.ComponentPropertyUrl); got != "https://meetup.example/e/ev1" {
			t.Errorf("%s: URL %q", w.uid, got)
		}
	}
	// The description says the session, the room, the host, then the
	// description, its line breaks and backslash intact.
	if got, want := prop(events[0], ics.ComponentPropertyDescription), "Nuit blanche · Grande salle\nAnimé par Ada\n\nRetours d'expérience.\nDeux lignes, \\ et tout."; got != want {
		t.Errorf("DESCRIPTION %q, want %q", got, want)
	}
	for _, must := range []string{"VERSION:2.0", "PRODID:-//openspace//calendar//EN", "X-WR-TIMEZONE:Europe/Paris",
		`X-WR-CALNAME:Meetup\, DevOps\; « Paris »`, "DTSTART:20261024T233000Z"} {
		if !strings.Contains(out, must+"\r\n") {
			t.Errorf("missing line %q in\n%s", must, out)
		}
	}
}

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestWhen(t *testing.T) {
	ev := func(date, tz string) openspace.Event { return openspace.Event{Date: date, TimeZone: tz} }
	s := func(start string, d int) openspace.Session { return openspace.Session{Start: start, Duration: d} }
	for _, tc := range []struct {
		name       string
		e          openspace.Event
		s          openspace.Session
		start, end string // "" for no entry
	}{
		{"summer in Paris", ev("2026-06-18", "Europe/Paris"), s("19:30", 30), "2026-06-18T17:30:00Z", "2026-06-18T18:00:00Z"},
		{"winter in Paris", ev("2026-11-26", "Europe/Paris"), s("19:30", 30), "2026-11-26T18:30:00Z", "2026-11-26T19:00:00Z"},
		// Summer time starts on 2026-03-29 at 02:00 (→ 03:00): a session
		// across it lasts its minutes, its end at 03:30 local.
		{"spring forward", ev("2026-03-29", "Europe/Paris"), s("01:30", 60), "2026-03-29T00:30:00Z", "2026-03-29T01:30:00Z"},
		{"no zone is UTC", ev("2026-06-18", ""), s("19:30", 45), "2026-06-18T19:30:00Z", "2026-06-18T20:15:00Z"},
		{"Montréal", ev("2026-06-18", "America/Toronto"), s("18:00", 60), "2026-06-18T22:00:00Z", "2026-06-18T23:00:00Z"},
		{"no date", ev("", "Europe/Paris"), s("19:30", 30), "", ""},
		{"no start", ev("2026-06-18", "Europe/Paris"), s("", 30), "", ""},
		{"unknown zone", ev("2026-06-18", "Mars/Olympus"), s("19:30", 30), "", ""},
	} {
		start, end, ok := calendar.When(tc.e, tc.s)
		if tc.start == "" {
			if ok {
				t.Errorf("%s: an entry at %v", tc.name, start)
			}
			continue
		}
		if !ok || !start.Equal(mustTime(t, tc.start)) || !end.Equal(mustTime(t, tc.end)) {
			t.Errorf("%s: %v – %v (%v), want %s – %s", tc.name, start, end, ok, tc.start, tc.end)
		}
	}
}

func TestMine(t *testing.T) {
	st := paris()
	v := openspace.AttendeeView{
		Attendee:  openspace.Attendee{ID: "a1"},
		Event:     st.Event,
		Published: st.Plan,
		Ballot:    openspace.Ballot{Topics: []string{"t1", "t3"}},
		// Seated in Puppet (s1) and Kanban (s2) at publish…
		Seats: []openspace.Seat{{Attendee: "a1", Session: "s1", Topic: "t1"}, {Attendee: "a1", Session: "s2", Topic: "t3"}},
		// … but checked into the big room for s2.
		Checkins: map[string]string{"s2": "r1"},
	}
	out := render(t, calendar.Calendar{Name: "x", Entries: calendar.Mine(v, st.Topics)})
	events := parse(t, out).Events()
	want := []struct{ uid, summary, start string }{
		{"session-s1.a1@ev1.openspace", "Puppet, Chef; Ansible", "2026-10-24T23:30:00Z"},
		{"session-s2.a1@ev1.openspace", strings.Repeat("Très long titre ", 8), "2026-10-25T18:30:00Z"},
	}
	if len(events) != len(want) {
		t.Fatalf("%d events, want %d:\n%s", len(events), len(want), out)
	}
	for i, w := range want {
		start, _ := events[i].GetStartAt()
		if events[i].Id() != w.uid || prop(events[i], ics.ComponentPropertySummary) != w.summary || !start.Equal(mustTime(t, w.start)) {
			t.Errorf("event %d: %s %q %v, want %s %q %s", i, events[i].Id(), prop(events[i], ics.ComponentPropertySummary), start, w.uid, w.summary, w.start)
		}
	}
	// Nothing published: no entry.
	v.Published = nil
	if got := calendar.Mine(v, st.Topics); len(got) != 0 {
		t.Errorf("before publishing: %d entries", len(got))
	}
	// No date: no entry.
	st.Event.Date = ""
	if got := calendar.Whole(st.Event, st.Plan, st.Topics); len(got) != 0 {
		t.Errorf("without a date: %d entries", len(got))
	}
}

func TestPrint(t *testing.T) {
	st := paris()
	sh := calendar.Print(st)
	if sh.Lang != "fr" || sh.When != "dimanche 25 octobre 2026 · Paris 11e" || !sh.Published {
		t.Errorf("sheet: %q %q %v", sh.Lang, sh.When, sh.Published)
	}
	if len(sh.Rooms) != 2 || len(sh.Rooms[0].Slots) != 3 {
		t.Fatalf("rooms %d, slots %d", len(sh.Rooms), len(sh.Rooms[0].Slots))
	}
	if s := sh.Rooms[0].Slots[1]; s.Time != "19:30 – 20:00" || s.Host != "Animé par Bruno" || s.Session != "1ère session" {
		t.Errorf("slot: %+v", s)
	}
	if s := sh.Rooms[1].Slots[0]; s.Topic != "" {
		t.Errorf("the kitchen at night: %+v", s)
	}
	st.Event.Language, st.Event.Date, st.Plan = "en", "2026-11-01", nil
	sh = calendar.Print(st)
	if sh.When != "Sunday, November 1, 2026 · Paris 11e" || sh.Published || sh.Rooms[0].Slots[1].Topic != "" || sh.Sessions[1].Time != "7:30 PM – 8:00 PM" {
		t.Errorf("in English, unpublished: %+v", sh)
	}
	st.Event.Language = "fr"
	if got := calendar.Print(st).When; got != "dimanche 1er novembre 2026 · Paris 11e" {
		t.Errorf("1er: %q", got)
	}
}

func TestEmptyCalendarIsValid(t *testing.T) {
	out := render(t, calendar.Calendar{Name: "Meetup"})
	cal := parse(t, out)
	if n := len(cal.Events()); n != 0 {
		t.Errorf("%d events", n)
	}
	// RFC 5545 §3.6: at least one component.
	if len(cal.Components) == 0 {
		t.Errorf("no component:\n%s", out)
	}
}
