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
