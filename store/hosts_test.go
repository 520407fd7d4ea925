package store

import (
	"reflect"
	"slices"
	"testing"

	"openspace/openspace"
)

// TestTopicHostSessions: a topic keeps the sessions its host can be in, in
// the event's order; a session the event does not have is refused and
// nothing is stored.
func TestTopicHostSessions(t *testing.T) {
	s := mustOpen(t)
	e := mustEvent(t, s)
	a := mustJoin(t, s, e.ID, "Dev")
	s1, s2 := e.Sessions[0].ID, e.Sessions[1].ID
	tests := []struct {
		name     string
		sessions []string
		want     []string
		wantCode string
	}{
		{"none: any session", nil, nil, ""},
		{"empty list: any session", []string{}, nil, ""},
		{"one session", []string{s2}, []string{s2}, ""},
		{"the event's order, repeats once, blanks dropped", []string{" " + s2, s1, s2, ""}, []string{s1, s2}, ""},
		{"unknown session", []string{s1, "gone"}, nil, openspace.EINVALID},
	}
	for _, tt := range tests {
		before := dump(t, s)
		tp, err := s.CreateTopic(ctx, e.ID, a.ID, openspace.TopicInput{Title: tt.name, HostSessions: tt.sessions}, false)
		wantCode(t, tt.name, err, tt.wantCode)
		if tt.wantCode != "" {
			if !reflect.DeepEqual(dump(t, s), before) {
				t.Errorf("%s: a refused topic changed the file", tt.name)
			}
			continue
		}
		got, err := s.Topic(ctx, e.ID, tp.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got.HostSessions, tt.want) {
			t.Errorf("%s: stored host sessions = %q, want %q", tt.name, got.HostSessions, tt.want)
		}
	}
}

func TestUpdateTopicHostSessions(t *testing.T) {
	s := mustOpen(t)
	e := mustEvent(t, s)
	s1, s2 := e.Sessions[0].ID, e.Sessions[1].ID
	tp, err := s.CreateTopic(ctx, e.ID, "", openspace.TopicInput{Title: "Puppet", HostSessions: []string{s1}}, true)
	if err != nil {
		t.Fatal(err)
	}
	before := dump(t, s)
	_, err = s.UpdateTopic(ctx, e.ID, tp.ID, openspace.TopicInput{Title: "Puppet", HostSessions: []string{"gone"}})
	wantCode(t, "update with an unknown session", err, openspace.EINVALID)
	if !reflect.DeepEqual(dump(t, s), before) {
		t.Error("a refused update changed the file")
	}
	got, err := s.UpdateTopic(ctx, e.ID, tp.ID, openspace.TopicInput{Title: "Puppet", HostSessions: []string{s2}})
	if err != nil || !slices.Equal(got.HostSessions, []string{s2}) {
		t.Errorf("update to session 2: %q, %v", got.HostSessions, err)
	}
	// The edit is the whole topic: without host sessions, any session.
	got, err = s.UpdateTopic(ctx, e.ID, tp.ID, openspace.TopicInput{Title: "Puppet"})
	if err != nil || got.HostSessions != nil {
		t.Errorf("update without host sessions: %q, %v; want none", got.HostSessions, err)
	}
}

// TestSetHostSessions: the proposer says from their phone when they can
// host, and the organizer may; nobody else.
func TestSetHostSessions(t *testing.T) {
	s := mustOpen(t)
	e := mustEvent(t, s)
	ada, bob := mustJoin(t, s, e.ID, "Dev"), mustJoin(t, s, e.ID, "Ops")
	s1, s2 := e.Sessions[0].ID, e.Sessions[1].ID
	tp := mustTopic(t, s, e.ID, ada.ID, "Puppet")
	tests := []struct {
		name        string
		attendee    string
		byOrganizer bool
		sessions    []string
		want        []string
		wantCode    string
	}{
		{"the proposer", ada.ID, false, []string{s2}, []string{s2}, ""},
		{"someone else", bob.ID, false, []string{s1}, nil, openspace.EFORBIDDEN},
		{"nobody", "", false, []string{s1}, nil, openspace.EFORBIDDEN},
		{"an unknown session", ada.ID, false, []string{"gone"}, nil, openspace.EINVALID},
		{"the organizer", "", true, []string{s1, s2}, []string{s1, s2}, ""},
		{"the proposer, any session again", ada.ID, false, []string{}, nil, ""},
	}
	for _, tt := range tests {
		before := dump(t, s)
		got, err := s.SetHostSessions(ctx, e.ID, tp.ID, tt.attendee, tt.byOrganizer, tt.sessions)
		wantCode(t, tt.name, err, tt.wantCode)
		if tt.wantCode != "" {
			if !reflect.DeepEqual(dump(t, s), before) {
				t.Errorf("%s: a refused change changed the file", tt.name)
			}
			continue
		}
		stored, err := s.Topic(ctx, e.ID, tp.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got.HostSessions, tt.want) || !slices.Equal(stored.HostSessions, tt.want) || stored.Title != "Puppet" {
			t.Errorf("%s: answered %q, stored %+v; want %q and the rest unchanged", tt.name, got.HostSessions, stored, tt.want)
		}
	}
	_, err := s.SetHostSessions(ctx, e.ID, "nope", ada.ID, false, nil)
	wantCode(t, "unknown topic", err, openspace.ENOTFOUND)
}

// TestDeletedSessionOfAHost: deleting a session the host named keeps the
// topic as it is; the session counts for nothing any more.
func TestDeletedSessionOfAHost(t *testing.T) {
	s := mustOpen(t)
	e := mustEvent(t, s)
	s1, s2 := e.Sessions[0].ID, e.Sessions[1].ID
	tp, err := s.CreateTopic(ctx, e.ID, "", openspace.TopicInput{Title: "Puppet", HostSessions: []string{s2}}, true)
	if err != nil {
		t.Fatal(err)
	}
	setup := testSetup()
	setup.Sessions = []openspace.Session{{ID: s1, Title: "1ère session", Start: "19:00", Duration: 30}}
	e, err = s.UpdateSetup(ctx, e.ID, setup)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Topic(ctx, e.ID, tp.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got.HostSessions, []string{s2}) {
		t.Errorf("host sessions after the deletion = %q, want %q kept", got.HostSessions, []string{s2})
	}
	if av := got.AvailableIn(e); av != nil {
		t.Errorf("available in %q, want any session (nil)", av)
	}
}

// TestImportKeepsHostSessions: an imported topic names its host's sessions
// by their new IDs; one the event no longer had is left out.
func TestImportKeepsHostSessions(t *testing.T) {
	s := mustOpen(t)
	e := mustEvent(t, s)
	s2 := e.Sessions[1].ID
	if _, err := s.CreateTopic(ctx, e.ID, "", openspace.TopicInput{Title: "Puppet", HostSessions: []string{s2}}, true); err != nil {
		t.Fatal(err)
	}
	x, err := s.Export(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	x.Topics[0].HostSessions = append(x.Topics[0].HostSessions, "deleted-before-the-export")
	ev, err := s.Import(ctx, x, []byte("other-hash"))
	if err != nil {
		t.Fatal(err)
	}
	topics, err := s.Topics(ctx, ev.ID)
	if err != nil || len(topics) != 1 {
		t.Fatalf("imported topics: %+v, %v", topics, err)
	}
	if got, want := topics[0].HostSessions, []string{ev.Sessions[1].ID}; !slices.Equal(got, want) {
		t.Errorf("imported host sessions = %q, want %q (the new ID of session 2)", got, want)
	}
}

// TestPublishSeatsTheHost: a host's seat in their own topic says so, and
// their schedule says they host it.
func TestPublishSeatsTheHost(t *testing.T) {
	s := mustOpen(t)
	e := mustEvent(t, s)
	ada := mustJoin(t, s, e.ID, "Dev")
	tp := mustTopic(t, s, e.ID, ada.ID, "Puppet")
	mustVote(t, s, e.ID, ada.ID, tp.ID)
	mustOp(t, s, e.ID, openspace.PlanOp{Op: openspace.OpPlace, Topic: tp.ID, Session: e.Sessions[0].ID, Room: e.Rooms[0].ID})
	if _, err := s.Publish(ctx, e.ID); err != nil {
		t.Fatal(err)
	}
	seats, err := s.Seats(ctx, e.ID, ada.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := []openspace.Seat{{Attendee: ada.ID, Session: e.Sessions[0].ID, Topic: tp.ID, Host: true}}
	if !reflect.DeepEqual(seats, want) {
		t.Errorf("seats = %+v, want %+v", seats, want)
	}
}
