package store

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"openspace/openspace"
)

func TestState(t *testing.T) {
	s := mustOpen(t)
	e := mustEvent(t, s)
	a := mustJoin(t, s, e.ID, "Ops")
	one := mustTopic(t, s, e.ID, a.ID, "One")
	two := mustTopic(t, s, e.ID, a.ID, "Two")
	mustVote(t, s, e.ID, a.ID, two.ID)
	draft := mustOp(t, s, e.ID, openspace.PlanOp{Op: openspace.OpPlace, Topic: one.ID, Session: e.Sessions[0].ID, Room: e.Rooms[1].ID})

	st, err := s.State(ctx, e.ID, false)
	if err != nil {
		t.Fatalf("State: %v", err)
	}
	two.Votes = 1
	want := openspace.State{
		Event:      e,
		Attendance: openspace.Attendance{Count: 1, Profiles: map[string]int{"Ops": 1}},
		Topics:     []openspace.Topic{two, one},
		Headcounts: openspace.Headcounts{},
	}
	if !reflect.DeepEqual(st, want) {
		t.Errorf("State(attendee):\n got %+v\nwant %+v", st, want)
	}
	data, _ := json.Marshal(st)
	if strings.Contains(string(data), `"draft"`) || !strings.Contains(string(data), `"plan":null`) {
		t.Errorf("State(attendee) JSON = %s, want no draft and a null plan", data)
	}

	st, err = s.State(ctx, e.ID, true)
	want.Draft = &draft
	if err != nil || !reflect.DeepEqual(st, want) {
		t.Errorf("State(organizer):\n got %+v, %v\nwant %+v", st, err, want)
	}

	pub, err := s.Publish(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	st, _ = s.State(ctx, e.ID, false)
	if st.Plan == nil || !reflect.DeepEqual(*st.Plan, pub) || st.Draft != nil {
		t.Errorf("State after publishing: plan %+v draft %+v, want plan %+v and no draft", st.Plan, st.Draft, pub)
	}

	empty := mustEvent(t, s)
	st, _ = s.State(ctx, empty.ID, true)
	data, _ = json.Marshal(st)
	for _, part := range []string{`"topics":[]`, `"profiles":{}`, `"draft":{"cells":[]}`} {
		if !strings.Contains(string(data), part) {
			t.Errorf("State of an empty event = %s, want it to contain %s", data, part)
		}
	}
}

func TestPatch(t *testing.T) {
	s := mustOpen(t)
	e := mustEvent(t, s)
	a := mustJoin(t, s, e.ID, "Dev")
	one := mustTopic(t, s, e.ID, a.ID, "One")
	gone := mustTopic(t, s, e.ID, a.ID, "Gone")
	mustVote(t, s, e.ID, a.ID, one.ID)
	one.Votes = 1
	draft := mustOp(t, s, e.ID, openspace.PlanOp{Op: openspace.OpPlace, Topic: one.ID, Session: e.Sessions[0].ID, Room: e.Rooms[0].ID})
	if err := s.DeleteTopic(ctx, e.ID, gone.ID); err != nil {
		t.Fatal(err)
	}
	attendance := openspace.Attendance{Count: 1, Profiles: map[string]int{"Dev": 1}}

	tests := []struct {
		name      string
		ch        openspace.Change
		organizer bool
		want      openspace.Patch
	}{
		{"nothing", openspace.Change{}, true, openspace.Patch{}},
		{"event and attendance", openspace.Change{Event: true, Attendance: true}, false,
			openspace.Patch{Event: &e, Attendance: &attendance}},
		{"topics deduped, missing ones removed", openspace.Change{Topics: []string{one.ID, gone.ID, one.ID}, Removed: []string{"merged"}}, false,
			openspace.Patch{Topics: []openspace.Topic{one}, RemovedTopics: []string{"merged", gone.ID}}},
		{"removed only", openspace.Change{Removed: []string{gone.ID, gone.ID}}, false,
			openspace.Patch{RemovedTopics: []string{gone.ID}}},
		{"plan never published stays nil", openspace.Change{Plan: true}, true, openspace.Patch{}},
		{"draft for the organizer", openspace.Change{Draft: true}, true, openspace.Patch{Draft: &draft}},
		{"draft hidden from attendees", openspace.Change{Draft: true}, false, openspace.Patch{}},
	}
	for _, tt := range tests {
		got, err := s.Patch(ctx, e.ID, tt.ch, tt.organizer)
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: Patch =\n %+v, %v\nwant %+v", tt.name, got, err, tt.want)
		}
	}

	pub, err := s.Publish(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Patch(ctx, e.ID, openspace.Change{Plan: true}, false)
	if err != nil || got.Plan == nil || !reflect.DeepEqual(*got.Plan, pub) {
		t.Errorf("Patch(plan) after publishing = %+v, %v; want plan %+v", got, err, pub)
	}
}

// Every rejected request leaves the file (and so the state) exactly as it was.
func TestRejectedRequestsChangeNothing(t *testing.T) {
	s := mustOpen(t)
	e := mustEvent(t, s)
	a := mustJoin(t, s, e.ID, "Dev")
	b := mustJoin(t, s, e.ID, "Ops")
	topics := make([]openspace.Topic, 4)
	for i := range topics {
		topics[i] = mustTopic(t, s, e.ID, a.ID, "topic "+string(rune('A'+i)))
	}
	for _, tp := range topics[:3] {
		mustVote(t, s, e.ID, a.ID, tp.ID)
	}
	mustVote(t, s, e.ID, b.ID, topics[0].ID)
	s1, big, kitchen := e.Sessions[0].ID, e.Rooms[0].ID, e.Rooms[1].ID
	mustOp(t, s, e.ID, openspace.PlanOp{Op: openspace.OpPlace, Topic: topics[0].ID, Session: s1, Room: kitchen})
	mustOp(t, s, e.ID, openspace.PlanOp{Op: openspace.OpLock, Session: s1, Room: kitchen})
	if _, err := s.Publish(ctx, e.ID); err != nil {
		t.Fatal(err)
	}

	badSetup := testSetup()
	badSetup.Rooms[0].ID = "invented"
	tests := []struct {
		name     string
		call     func() error
		wantCode string
	}{
		{"vote over budget", func() error { _, err := s.Vote(ctx, e.ID, a.ID, topics[3].ID); return err }, openspace.EBUDGET},
		{"vote unknown topic", func() error { _, err := s.Vote(ctx, e.ID, b.ID, "nope"); return err }, openspace.ENOTFOUND},
		{"unvote unknown topic", func() error { _, err := s.Unvote(ctx, e.ID, b.ID, "nope"); return err }, openspace.ENOTFOUND},
		{"join with a bad answer", func() error {
			_, err := s.Join(ctx, e.ID, openspace.JoinInput{Answer: "CEO"}, []byte("fresh"))
			return err
		}, openspace.EINVALID},
		{"topic without title", func() error {
			_, err := s.CreateTopic(ctx, e.ID, a.ID, openspace.TopicInput{}, false)
			return err
		}, openspace.EINVALID},
		{"update topic without title", func() error {
			_, err := s.UpdateTopic(ctx, e.ID, topics[0].ID, openspace.TopicInput{})
			return err
		}, openspace.EINVALID},
		{"delete unknown topic", func() error { return s.DeleteTopic(ctx, e.ID, "nope") }, openspace.ENOTFOUND},
		{"merge into itself", func() error { _, err := s.MergeTopics(ctx, e.ID, topics[0].ID, topics[0].ID); return err }, openspace.EINVALID},
		{"setup with an invented ID", func() error { _, err := s.UpdateSetup(ctx, e.ID, badSetup); return err }, openspace.EINVALID},
		{"place on a locked cell", func() error {
			_, err := s.ApplyPlanOp(ctx, e.ID, openspace.PlanOp{Op: openspace.OpPlace, Topic: topics[1].ID, Session: s1, Room: kitchen})
			return err
		}, openspace.ECONFLICT},
		{"bad draft", func() error {
			_, err := s.ReplaceDraft(ctx, e.ID, openspace.Plan{Cells: []openspace.Cell{{Session: s1, Room: big, Topic: "nope"}}})
			return err
		}, openspace.EINVALID},
		{"unknown token", func() error { _, err := s.AttendeeByToken(ctx, e.ID, []byte("nope")); return err }, openspace.EUNAUTHORIZED},
	}
	for _, tt := range tests {
		stateBefore, fileBefore := mustState(t, s, e.ID), dump(t, s)
		err := tt.call()
		wantCode(t, tt.name, err, tt.wantCode)
		if after := mustState(t, s, e.ID); !reflect.DeepEqual(after, stateBefore) {
			t.Errorf("%s: state changed:\n got %+v\nwant %+v", tt.name, after, stateBefore)
		}
		if !reflect.DeepEqual(dump(t, s), fileBefore) {
			t.Errorf("%s: the file changed", tt.name)
		}
	}
}

func TestMe(t *testing.T) {
	s := mustOpen(t)
	e, other := mustEvent(t, s), mustEvent(t, s)
	ada, err := s.Join(ctx, e.ID, openspace.JoinInput{Name: "Ada"}, []byte("token-ada"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name        string
		eventID     string
		token       string
		wantCode    string
		wantMessage string
	}{
		{"own event", e.ID, "token-ada", "", ""},
		{"no token", e.ID, "", openspace.EUNAUTHORIZED, "Join the event first."},
		{"unknown token", e.ID, "token-bob", openspace.EUNAUTHORIZED, "Unknown device: join the event again."},
		{"other event", other.ID, "token-ada", openspace.EUNAUTHORIZED, "Unknown device: join the event again."},
		{"unknown event", "nope", "token-ada", openspace.ENOTFOUND, "Event not found."},
		{"unknown event, no token", "nope", "", openspace.ENOTFOUND, "Event not found."},
	}
	for _, tt := range tests {
		me, err := s.Me(ctx, tt.eventID, []byte(tt.token))
		wantCode(t, tt.name, err, tt.wantCode)
		if tt.wantCode != "" {
			if got := openspace.ErrorMessage(err); got != tt.wantMessage {
				t.Errorf("%s: message = %q, want %q", tt.name, got, tt.wantMessage)
			}
			if !reflect.DeepEqual(me, openspace.AttendeeView{}) {
				t.Errorf("%s: Me = %+v next to the error, want the zero value", tt.name, me)
			}
			continue
		}
		want := openspace.AttendeeView{Attendee: ada, Event: e, Ballot: openspace.NewBallot(e.DotBudget, nil), Seats: []openspace.Seat{}, Checkins: map[string]string{}}
		if !reflect.DeepEqual(me, want) {
			t.Errorf("%s: Me before publishing =\n %+v\nwant\n %+v", tt.name, me, want)
		}
	}

	// After a publish, Me agrees with the separate reads.
	tp := mustTopic(t, s, e.ID, ada.ID, "Puppet")
	mustVote(t, s, e.ID, ada.ID, tp.ID)
	mustOp(t, s, e.ID, openspace.PlanOp{Op: openspace.OpPlace, Topic: tp.ID, Session: e.Sessions[0].ID, Room: e.Rooms[0].ID})
	if _, err := s.Publish(ctx, e.ID); err != nil {
		t.Fatal(err)
	}
	me, err := s.Me(ctx, e.ID, []byte("token-ada"))
	if err != nil {
		t.Fatalf("Me after publishing: %v", err)
	}
	published, _ := s.Published(ctx, e.ID)
	seats, _ := s.Seats(ctx, e.ID, ada.ID)
	ballot, _ := s.Ballot(ctx, e.ID, ada.ID)
	event, _ := s.Event(ctx, e.ID)
	want := openspace.AttendeeView{Attendee: ada, Event: event, Ballot: ballot, Published: published, Seats: seats, Checkins: map[string]string{}}
	if !reflect.DeepEqual(me, want) {
		t.Errorf("Me after publishing =\n %+v\nwant\n %+v", me, want)
	}
	if len(me.Seats) != 1 || me.Seats[0].Topic != tp.ID {
		t.Errorf("Me.Seats = %+v, want Ada in Puppet", me.Seats)
	}
}

// TestMeReadsOnePublish: while the organizer republishes with Puppet and
// Fabric taking turns in the same cell, every Me shows the seat of the plan
// it shows, never the seat of the publish before.
func TestMeReadsOnePublish(t *testing.T) {
	s := mustOpen(t)
	e := mustEvent(t, s)
	session, room := e.Sessions[0].ID, e.Rooms[0].ID
	token := []byte("token-ada")
	ada, err := s.Join(ctx, e.ID, openspace.JoinInput{Name: "Ada"}, token)
	if err != nil {
		t.Fatal(err)
	}
	puppet := mustTopic(t, s, e.ID, "", "Puppet")
	fabric := mustTopic(t, s, e.ID, "", "Fabric")
	mustVote(t, s, e.ID, ada.ID, puppet.ID)
	mustVote(t, s, e.ID, ada.ID, fabric.ID)

	const publishes = 40
	done := make(chan error, 1)
	go func() {
		defer close(done)
		for i := range publishes {
			topic := []string{puppet.ID, fabric.ID}[i%2]
			plan := openspace.Plan{Cells: []openspace.Cell{{Session: session, Room: room, Topic: topic}}}
			if _, err := s.ReplaceDraft(ctx, e.ID, plan); err != nil {
				done <- err
				return
			}
			if _, err := s.Publish(ctx, e.ID); err != nil {
				done <- err
				return
			}
		}
	}()
	reads := 0
	for running := true; running; reads++ {
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("republishing: %v", err)
			}
			running = false // one more read of the final state
		default:
		}
		me, err := s.Me(ctx, e.ID, token)
		if err != nil {
			t.Fatalf("Me: %v", err)
		}
		if me.Published == nil {
			if len(me.Seats) != 0 {
				t.Fatalf("read %d: seats %+v without a published plan", reads, me.Seats)
			}
			continue
		}
		if got, want := len(me.Published.Cells), 1; got != want {
			t.Fatalf("read %d: published cells = %+v, want one", reads, me.Published.Cells)
		}
		c := me.Published.Cells[0]
		want := []openspace.Seat{{Attendee: ada.ID, Session: session, Topic: c.Topic}}
		if !reflect.DeepEqual(me.Seats, want) || c.Expected != 1 {
			t.Fatalf("read %d: plan has %s expecting %d, seats = %+v; want %+v expecting 1 (seats and plan of two publishes)",
				reads, c.Topic, c.Expected, me.Seats, want)
		}
	}
	t.Logf("%d reads during %d publishes", reads, publishes)
}
