package store

import (
	"bytes"
	"reflect"
	"regexp"
	"testing"
	"time"

	"openspace/openspace"
)

func TestCreateEvent(t *testing.T) {
	s := mustOpen(t)
	setup := testSetup()
	start := time.Now()
	e, err := s.CreateEvent(ctx, setup, []byte("organizer-hash"))
	if err != nil {
		t.Fatalf("CreateEvent: %v", err)
	}
	if setup.Sessions[0].ID != "" || setup.Title != " 2ème meetup Paris DevOps " {
		t.Errorf("CreateEvent changed the caller's set-up: %+v", setup)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"Title", e.Title, "2ème meetup Paris DevOps"},
		{"Language", e.Language, openspace.LangFR},
		{"DotBudget", e.DotBudget, openspace.DefaultDotBudget},
		{"Phase", e.Phase, openspace.PhaseWelcome},
		{"ProposalsOpen", e.ProposalsOpen, true},
		{"VotingOpen", e.VotingOpen, false},
		{"PitchSeconds", e.PitchSeconds, openspace.DefaultPitchSeconds},
		{"len(Sessions)", len(e.Sessions), 2},
		{"Rooms[0].Equipment", e.Rooms[0].Equipment, []string{"screen", "whiteboard"}},
		{"CreatedAt location", e.CreatedAt.Location(), time.UTC},
		{"CreatedAt recent", !e.CreatedAt.Before(start.Add(-time.Second)) && !e.CreatedAt.After(time.Now()), true},
		{"join code format", regexp.MustCompile(`^[ABCDEFGHJKLMNPQRSTUVWXYZ23456789]{6}$`).MatchString(e.JoinCode), true},
	}
	for _, c := range checks {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	ids := map[string]bool{e.ID: true}
	for _, x := range []string{e.Sessions[0].ID, e.Sessions[1].ID, e.Rooms[0].ID, e.Rooms[1].ID} {
		if x == "" || ids[x] {
			t.Errorf("session/room ID %q is empty or repeated", x)
		}
		ids[x] = true
	}

	got, err := s.Event(ctx, e.ID)
	if err != nil || !reflect.DeepEqual(got, e) {
		t.Errorf("Event = %+v, %v; want %+v", got, err, e)
	}
	draft, err := s.Draft(ctx, e.ID)
	if err != nil || draft.Cells == nil || len(draft.Cells) != 0 || draft.PublishedAt != nil {
		t.Errorf("Draft = %+v, %v; want an empty plan", draft, err)
	}
	if pub, err := s.Published(ctx, e.ID); err != nil || pub != nil {
		t.Errorf("Published = %+v, %v; want nil, nil", pub, err)
	}
	if h, err := s.OrganizerKeyHash(ctx, e.ID); err != nil || !bytes.Equal(h, []byte("organizer-hash")) {
		t.Errorf("OrganizerKeyHash = %q, %v; want %q", h, err, "organizer-hash")
	}
	if err := s.SetOrganizerKeyHash(ctx, e.ID, []byte("rotated")); err != nil {
		t.Fatalf("SetOrganizerKeyHash: %v", err)
	}
	if h, err := s.OrganizerKeyHash(ctx, e.ID); err != nil || !bytes.Equal(h, []byte("rotated")) {
		t.Errorf("OrganizerKeyHash after rotation = %q, %v; want %q", h, err, "rotated")
	}

	e2 := mustEvent(t, s)
	if e2.JoinCode == e.JoinCode || e2.ID == e.ID {
		t.Errorf("two events share a join code or ID: %q/%q, %q/%q", e.JoinCode, e2.JoinCode, e.ID, e2.ID)
	}
}

func TestCreateEventInvalid(t *testing.T) {
	s := mustOpen(t)
	tests := []struct {
		name   string
		change func(*openspace.EventSetup)
	}{
		{"no title", func(s *openspace.EventSetup) { s.Title = "  " }},
		{"bad date", func(s *openspace.EventSetup) { s.Date = "12/03/2026" }},
		{"no session", func(s *openspace.EventSetup) { s.Sessions = nil }},
		{"zero capacity", func(s *openspace.EventSetup) { s.Rooms[0].Capacity = 0 }},
		{"budget too big", func(s *openspace.EventSetup) { s.DotBudget = openspace.MaxDotBudget + 1 }},
		{"one choice", func(s *openspace.EventSetup) { s.Question.Choices = []string{"Dev"} }},
	}
	before := dump(t, s)
	for _, tt := range tests {
		setup := testSetup()
		tt.change(&setup)
		_, err := s.CreateEvent(ctx, setup, []byte("h"))
		wantCode(t, tt.name, err, openspace.EINVALID)
	}
	if _, err := s.CreateEvent(ctx, testSetup(), nil); err == nil {
		t.Errorf("CreateEvent with an empty key hash: got no error")
	}
	if !reflect.DeepEqual(dump(t, s), before) {
		t.Errorf("rejected CreateEvent calls changed the file")
	}
}

func TestEventIDByJoinCode(t *testing.T) {
	s := mustOpen(t)
	e := mustEvent(t, s)
	lower := []byte(e.JoinCode)
	for i := range lower {
		if lower[i] >= 'A' && lower[i] <= 'Z' {
			lower[i] += 'a' - 'A'
		}
	}
	tests := []struct {
		code     string
		wantID   string
		wantCode string
	}{
		{e.JoinCode, e.ID, ""},
		{string(lower), e.ID, ""},
		{"  " + e.JoinCode + "\n", e.ID, ""},
		{"", "", openspace.ENOTFOUND},
		{"AAAAAAA", "", openspace.ENOTFOUND},
	}
	for _, tt := range tests {
		got, err := s.EventIDByJoinCode(ctx, tt.code)
		wantCode(t, "EventIDByJoinCode("+tt.code+")", err, tt.wantCode)
		if got != tt.wantID {
			t.Errorf("EventIDByJoinCode(%q) = %q, want %q", tt.code, got, tt.wantID)
		}
	}
}

func TestSetPhases(t *testing.T) {
	s := mustOpen(t)
	e := mustEvent(t, s)
	no, yes := false, true
	tests := []struct {
		u                     openspace.PhaseUpdate
		wantProposal, wantVot bool
	}{
		{openspace.PhaseUpdate{ProposalsOpen: &no}, false, true},
		{openspace.PhaseUpdate{VotingOpen: &no}, false, false},
		{openspace.PhaseUpdate{}, false, false},
		{openspace.PhaseUpdate{ProposalsOpen: &yes, VotingOpen: &yes}, true, true},
	}
	for i, tt := range tests {
		got, err := s.SetPhases(ctx, e.ID, tt.u)
		if err != nil {
			t.Fatalf("%d: SetPhases: %v", i, err)
		}
		stored, _ := s.Event(ctx, e.ID)
		if got.ProposalsOpen != tt.wantProposal || got.VotingOpen != tt.wantVot || !reflect.DeepEqual(stored, got) {
			t.Errorf("%d: SetPhases = proposals %v voting %v (stored %+v), want %v %v",
				i, got.ProposalsOpen, got.VotingOpen, stored, tt.wantProposal, tt.wantVot)
		}
	}
}

func TestUpdateSetupPrunesPlans(t *testing.T) {
	s := mustOpen(t)
	e := mustEvent(t, s)
	s1, s2 := e.Sessions[0].ID, e.Sessions[1].ID
	big, kitchen := e.Rooms[0].ID, e.Rooms[1].ID
	demo := mustTopic(t, s, e.ID, "", "Demo", "screen")
	talk := mustTopic(t, s, e.ID, "", "Talk")
	late := mustTopic(t, s, e.ID, "", "Late")
	mustOp(t, s, e.ID, openspace.PlanOp{Op: openspace.OpPlace, Topic: demo.ID, Session: s1, Room: big})
	mustOp(t, s, e.ID, openspace.PlanOp{Op: openspace.OpPlace, Topic: talk.ID, Session: s1, Room: kitchen})
	mustOp(t, s, e.ID, openspace.PlanOp{Op: openspace.OpPlace, Topic: late.ID, Session: s2, Room: kitchen})
	if _, err := s.Publish(ctx, e.ID); err != nil {
		t.Fatalf("Publish: %v", err)
	}

	// Unknown IDs are refused and change nothing.
	before := dump(t, s)
	bad := testSetup()
	bad.Sessions[0].ID = "invented"
	_, err := s.UpdateSetup(ctx, e.ID, bad)
	wantCode(t, "UpdateSetup with an invented ID", err, openspace.EINVALID)
	bad = testSetup()
	bad.Title = ""
	_, err = s.UpdateSetup(ctx, e.ID, bad)
	wantCode(t, "UpdateSetup without title", err, openspace.EINVALID)
	if !reflect.DeepEqual(dump(t, s), before) {
		t.Errorf("rejected UpdateSetup changed the file")
	}

	// Keep session 1, drop session 2, add a session; the big room loses its screen.
	setup := openspace.EventSetup{
		Title:     "Renamed",
		Sessions:  []openspace.Session{e.Sessions[0], {Title: "3ème session", Duration: 20}},
		Rooms:     []openspace.Room{{ID: big, Name: "Grande salle", Capacity: 30, Equipment: []string{"whiteboard"}}, e.Rooms[1]},
		DotBudget: 2,
	}
	got, err := s.UpdateSetup(ctx, e.ID, setup)
	if err != nil {
		t.Fatalf("UpdateSetup: %v", err)
	}
	if got.Title != "Renamed" || got.DotBudget != 2 || got.JoinCode != e.JoinCode || !got.CreatedAt.Equal(e.CreatedAt) {
		t.Errorf("UpdateSetup = %+v, want renamed, budget 2, same join code and creation", got)
	}
	if len(got.Sessions) != 2 || got.Sessions[0].ID != s1 || got.Sessions[1].ID == "" || got.Sessions[1].ID == s2 {
		t.Errorf("sessions = %+v, want s1 kept and a new ID", got.Sessions)
	}
	stored, _ := s.Event(ctx, e.ID)
	if !reflect.DeepEqual(stored, got) {
		t.Errorf("stored event = %+v, want %+v", stored, got)
	}
	want := []openspace.Cell{{Session: s1, Room: kitchen, Topic: talk.ID}}
	draft, _ := s.Draft(ctx, e.ID)
	if !reflect.DeepEqual(draft.Cells, want) {
		t.Errorf("draft cells = %+v, want %+v", draft.Cells, want)
	}
	pub, _ := s.Published(ctx, e.ID)
	if pub == nil || !reflect.DeepEqual(pub.Cells, want) || pub.PublishedAt == nil {
		t.Errorf("published = %+v, want cells %+v and a publication time", pub, want)
	}
}
