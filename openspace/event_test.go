package openspace_test

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"openspace/openspace"
)

func validSetup() openspace.EventSetup {
	return openspace.EventSetup{
		Title: "2ème meetup Paris DevOps", Date: "2012-11-22", Venue: "Paris", Language: "fr",
		Sessions: []openspace.Session{{Title: "1ère session", Start: "19:30", Duration: 30}},
		Rooms:    []openspace.Room{{Name: "Grande salle", Capacity: 14, Equipment: []string{" Screen ", "screen"}}},
		Question: &openspace.Question{Prompt: "Vous êtes ?", Choices: []string{"Dev", "Ops", "Autre"}},
	}
}

func TestEventSetupValidate(t *testing.T) {
	tests := []struct {
		name   string
		modify func(*openspace.EventSetup)
		want   string
	}{
		{"valid", func(*openspace.EventSetup) {}, ""},
		{"empty title", func(s *openspace.EventSetup) { s.Title = "   " }, openspace.EINVALID},
		{"title on two lines", func(s *openspace.EventSetup) { s.Title = "a\nb" }, openspace.EINVALID},
		{"title too long", func(s *openspace.EventSetup) { s.Title = strings.Repeat("é", openspace.MaxTitleLen+1) }, openspace.EINVALID},
		{"bad date", func(s *openspace.EventSetup) { s.Date = "22/11/2012" }, openspace.EINVALID},
		{"impossible date", func(s *openspace.EventSetup) { s.Date = "2012-02-30" }, openspace.EINVALID},
		{"no date is fine", func(s *openspace.EventSetup) { s.Date = "" }, ""},
		{"bad language", func(s *openspace.EventSetup) { s.Language = "de" }, openspace.EINVALID},
		{"no sessions", func(s *openspace.EventSetup) { s.Sessions = nil }, openspace.EINVALID},
		{"no rooms", func(s *openspace.EventSetup) { s.Rooms = nil }, openspace.EINVALID},
		{"zero duration", func(s *openspace.EventSetup) { s.Sessions[0].Duration = 0 }, openspace.EINVALID},
		{"bad start", func(s *openspace.EventSetup) { s.Sessions[0].Start = "25:00" }, openspace.EINVALID},
		{"zero capacity", func(s *openspace.EventSetup) { s.Rooms[0].Capacity = 0 }, openspace.EINVALID},
		{"negative budget", func(s *openspace.EventSetup) { s.DotBudget = -1 }, openspace.EINVALID},
		{"budget too high", func(s *openspace.EventSetup) { s.DotBudget = openspace.MaxDotBudget + 1 }, openspace.EINVALID},
		{"one choice", func(s *openspace.EventSetup) { s.Question.Choices = []string{"Dev"} }, openspace.EINVALID},
		{"duplicate choice", func(s *openspace.EventSetup) { s.Question.Choices = []string{"Dev", "Dev"} }, openspace.EINVALID},
		{"control character", func(s *openspace.EventSetup) { s.Venue = "Paris\x00" }, openspace.EINVALID},
		{"duplicate ids", func(s *openspace.EventSetup) {
			s.Sessions = append(s.Sessions, openspace.Session{ID: "x", Title: "a", Duration: 1})
			s.Rooms[0].ID = "x"
		}, openspace.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := validSetup()
			tt.modify(&s)
			s.Normalize()
			if got := openspace.ErrorCode(s.Validate()); got != tt.want {
				t.Errorf("Validate code = %q, want %q (%v)", got, tt.want, s.Validate())
			}
		})
	}
}

func TestEventSetupNormalize(t *testing.T) {
	s := validSetup()
	s.Language, s.DotBudget = "", 0
	s.Normalize()
	if got, want := s.DotBudget, openspace.DefaultDotBudget; got != want {
		t.Errorf("default budget = %d, want %d", got, want)
	}
	if got, want := s.Language, openspace.LangFR; got != want {
		t.Errorf("default language = %q, want %q", got, want)
	}
	if got, want := strings.Join(s.Rooms[0].Equipment, ","), "screen"; got != want {
		t.Errorf("equipment = %q, want %q", got, want)
	}
}

func TestApplySetupRefusesInventedIDs(t *testing.T) {
	ev := openspace.Event{Sessions: []openspace.Session{{ID: "s1"}}, Rooms: []openspace.Room{{ID: "r1"}}}
	s := validSetup()
	s.Sessions[0].ID = "s1"
	s.Rooms[0].ID = "r1"
	if _, err := ev.ApplySetup(s); err != nil {
		t.Errorf("known ids: %v", err)
	}
	s.Rooms[0].ID = "invented"
	if got, want := openspace.ErrorCode(func() error { _, err := ev.ApplySetup(s); return err }()), openspace.EINVALID; got != want {
		t.Errorf("invented id: code = %q, want %q", got, want)
	}
}

func TestFreshIDsReplacesClientIDs(t *testing.T) {
	s := validSetup()
	s.Sessions[0].ID = "a/b"
	s.Rooms[0].ID = strings.Repeat("x", 5000)
	n := 0
	s.FreshIDs(func() string { n++; return fmt.Sprintf("id%d", n) })
	got := []string{}
	for _, x := range s.Sessions {
		got = append(got, x.ID)
	}
	for _, x := range s.Rooms {
		got = append(got, x.ID)
	}
	if want := n; len(got) != want || slices.Contains(got, "a/b") || slices.Contains(got, "") {
		t.Errorf("ids after FreshIDs = %q: want %d generated ones", got, want)
	}
}

func TestJoinInputValidate(t *testing.T) {
	ev := openspace.Event{Question: &openspace.Question{Prompt: "?", Choices: []string{"Dev", "Ops"}}}
	tests := []struct {
		in   openspace.JoinInput
		want string
	}{
		{openspace.JoinInput{Name: "Ada", Answer: "Dev"}, ""},
		{openspace.JoinInput{}, ""},
		{openspace.JoinInput{Answer: "Manager"}, openspace.EINVALID},
		{openspace.JoinInput{Name: strings.Repeat("x", openspace.MaxNameLen+1)}, openspace.EINVALID},
	}
	for _, tt := range tests {
		tt.in.Normalize()
		if got := openspace.ErrorCode(tt.in.Validate(ev)); got != tt.want {
			t.Errorf("Validate(%+v) code = %q, want %q", tt.in, got, tt.want)
		}
	}
	noQuestion := openspace.Event{}
	in := openspace.JoinInput{Answer: "Dev"}
	if got, want := openspace.ErrorCode(in.Validate(noQuestion)), openspace.EINVALID; got != want {
		t.Errorf("answer without a question: code = %q, want %q", got, want)
	}
}

func TestTopicInputValidate(t *testing.T) {
	tests := []struct {
		in   openspace.TopicInput
		want string
	}{
		{openspace.TopicInput{Title: "Puppet", Description: "line one\nline two"}, ""},
		{openspace.TopicInput{Title: "  "}, openspace.EINVALID},
		{openspace.TopicInput{Title: "x", Description: strings.Repeat("x", openspace.MaxTextLen+1)}, openspace.EINVALID},
		{openspace.TopicInput{Title: "x", Needs: []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"}}, openspace.EINVALID},
	}
	for _, tt := range tests {
		tt.in.Normalize()
		if got := openspace.ErrorCode(tt.in.Validate()); got != tt.want {
			t.Errorf("Validate(%q) code = %q, want %q", tt.in.Title, got, tt.want)
		}
	}
}

func TestStartedSurvivesASetupEdit(t *testing.T) {
	ev := openspace.Event{Sessions: []openspace.Session{{ID: "s1"}, {ID: "s2"}}, Rooms: []openspace.Room{{ID: "r1"}}}
	ev, err := ev.StartSession("s1", time.Date(2026, 12, 3, 19, 30, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ev.StartSession("nope", time.Now()); openspace.ErrorCode(err) != openspace.ENOTFOUND {
		t.Errorf("unknown session: %v, want not found", err)
	}
	s := validSetup()
	s.Sessions = []openspace.Session{{ID: "s2", Title: "B", Duration: 30, Started: true}, {ID: "s1", Title: "A", Duration: 30}}
	s.Rooms[0].ID = "r1"
	s.Normalize() // a set-up cannot mark a session as started
	got, err := ev.ApplySetup(s)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"s1"}; !reflect.DeepEqual(got.StartedSessions(), want) {
		t.Errorf("started sessions after the edit = %v, want %v", got.StartedSessions(), want)
	}
}
