package store

import (
	"maps"
	"reflect"
	"slices"
	"testing"

	"openspace/openspace"
)

// feedbackEvening is an event at the end of its sessions: two sessions of
// two topics, Ada checked into the first session's kitchen (though her
// seat was elsewhere), Bob never checked in (his seat counts), the second
// session never ran. It returns the event and the topics by title.
func feedbackEvening(t *testing.T, s *Store) (openspace.Event, openspace.Attendee, openspace.Attendee, map[string]string) {
	t.Helper()
	e := mustEvent(t, s)
	ada, bob := mustJoin(t, s, e.ID, "Dev"), mustJoin(t, s, e.ID, "Ops")
	ids := map[string]string{}
	for i, title := range []string{"Puppet", "Jira", "Terraform", "Kanban"} {
		tp := mustTopic(t, s, e.ID, "", title)
		ids[title] = tp.ID
		mustOp(t, s, e.ID, openspace.PlanOp{Op: "place", Topic: tp.ID, Session: e.Sessions[i/2].ID, Room: e.Rooms[i%2].ID})
	}
	for _, a := range []openspace.Attendee{ada, bob} {
		mustVote(t, s, e.ID, a.ID, ids["Puppet"])
		mustVote(t, s, e.ID, a.ID, ids["Terraform"])
	}
	if _, err := s.Publish(ctx, e.ID); err != nil {
		t.Fatal(err)
	}
	phase(t, s, e.ID, openspace.PhaseSessions)
	if _, err := s.RunSession(ctx, e.ID, e.Sessions[0].ID, "start", 0); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CheckIn(ctx, e.ID, ada.ID, e.Sessions[0].ID, e.Rooms[1].ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RunSession(ctx, e.ID, e.Sessions[0].ID, "end", 0); err != nil {
		t.Fatal(err)
	}
	return e, ada, bob, ids
}

func phase(t *testing.T, s *Store, eventID, p string) {
	t.Helper()
	if _, err := s.SetPhases(ctx, eventID, openspace.PhaseUpdate{Phase: &p}); err != nil {
		t.Fatalf("SetPhases(%s): %v", p, err)
	}
}

func TestFeedbackAttendedTopics(t *testing.T) {
	s := mustOpen(t)
	e, ada, bob, ids := feedbackEvening(t, s)
	for _, tc := range []struct {
		who  openspace.Attendee
		want []string
	}{
		{ada, []string{ids["Jira"]}},   // her check-in, not her seat; the second session never ran
		{bob, []string{ids["Puppet"]}}, // his seat
	} {
		my, err := s.MyFeedback(ctx, e.ID, tc.who.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(my.Topics, tc.want) || my.Feedback != nil {
			t.Errorf("MyFeedback = %+v, want topics %v and no feedback", my, tc.want)
		}
	}
}

func TestSaveFeedbackOnlyInTheWrapUp(t *testing.T) {
	s := mustOpen(t)
	e, ada, bob, ids := feedbackEvening(t, s)
	in := openspace.FeedbackInput{Evening: 4, Topics: map[string]int{ids["Jira"]: 5}, Worked: " Les pizzas ", Blocked: "Le bruit"}
	refuse := func(what string, who openspace.Attendee, in openspace.FeedbackInput, code string) {
		t.Helper()
		before := dump(t, s)
		_, err := s.SaveFeedback(ctx, e.ID, who.ID, in)
		wantCode(t, what, err, code)
		if after := dump(t, s); !maps.Equal(before, after) {
			t.Errorf("%s changed the file", what)
		}
	}
	refuse("in the sessions phase", ada, in, openspace.EPHASE)
	phase(t, s, e.ID, openspace.PhaseWrapUp)
	refuse("a topic Ada did not attend", ada, openspace.FeedbackInput{Topics: map[string]int{ids["Puppet"]: 3}}, openspace.EINVALID)
	refuse("a topic of a session that never ran", bob, openspace.FeedbackInput{Topics: map[string]int{ids["Terraform"]: 3}}, openspace.EINVALID)
	refuse("a mark of 6", ada, openspace.FeedbackInput{Evening: 6}, openspace.EINVALID)
	refuse("an unknown attendee", openspace.Attendee{ID: "nobody"}, in, openspace.ENOTFOUND)

	f, err := s.SaveFeedback(ctx, e.ID, ada.ID, in)
	if err != nil {
		t.Fatal(err)
	}
	if f.Attendee != ada.ID || f.Evening != 4 || f.Topics[ids["Jira"]] != 5 || f.Worked != "Les pizzas" || f.UpdatedAt.IsZero() {
		t.Errorf("SaveFeedback = %+v", f)
	}
	if _, err := s.SaveFeedback(ctx, e.ID, bob.ID, openspace.FeedbackInput{Evening: 2, Blocked: "Trop court"}); err != nil {
		t.Fatal(err)
	}
	// Ada changes her mind: the new feedback replaces the old one.
	f2, err := s.SaveFeedback(ctx, e.ID, ada.ID, openspace.FeedbackInput{Evening: 5, Worked: "Tout"})
	if err != nil {
		t.Fatal(err)
	}
	my, err := s.MyFeedback(ctx, e.ID, ada.ID)
	if err != nil {
		t.Fatal(err)
	}
	if my.Feedback == nil || !reflect.DeepEqual(*my.Feedback, f2) || len(my.Feedback.Topics) != 0 {
		t.Errorf("MyFeedback = %+v, want %+v", my.Feedback, f2)
	}

	rep, err := s.FeedbackReport(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Feedback) != 2 || rep.Feedback[0].Attendee != ada.ID || rep.Feedback[0].Name != "someone" || rep.Feedback[1].Blocked != "Trop court" {
		t.Errorf("FeedbackReport = %+v, want Ada's (latest) then Bob's", rep.Feedback)
	}
	if rep.Summary.Count != 2 || rep.Summary.Evening != [5]int{0, 1, 0, 0, 1} || len(rep.Summary.Topics) != 0 {
		t.Errorf("summary = %+v", rep.Summary)
	}
	st := mustState(t, s, e.ID)
	if st.ROTI == nil || !reflect.DeepEqual(*st.ROTI, rep.Summary) {
		t.Errorf("State.ROTI = %+v, want %+v", st.ROTI, rep.Summary)
	}
	p, err := s.Patch(ctx, e.ID, openspace.Change{Feedback: true}, false)
	if err != nil || p.ROTI == nil || p.ROTI.Evening != rep.Summary.Evening {
		t.Errorf("Patch(Feedback) = %+v, %v", p.ROTI, err)
	}
	if p, _ := s.Patch(ctx, e.ID, openspace.Change{Event: true}, false); p.ROTI != nil {
		t.Errorf("a patch without feedback carries the summary")
	}

	phase(t, s, e.ID, openspace.PhaseClosed)
	refuse("once closed", ada, openspace.FeedbackInput{Evening: 1}, openspace.EPHASE)
}

// TestMergedTopicKeepsItsMarks: when the organizer merges Jira into Puppet
// after the feedback came in, Jira's marks count for Puppet, unless the
// same person already marked Puppet.
func TestMergedTopicKeepsItsMarks(t *testing.T) {
	s := mustOpen(t)
	e, ada, bob, ids := feedbackEvening(t, s)
	phase(t, s, e.ID, openspace.PhaseWrapUp)
	for _, f := range []struct {
		who   openspace.Attendee
		marks map[string]int
	}{{ada, map[string]int{ids["Jira"]: 5}}, {bob, map[string]int{ids["Puppet"]: 2}}} {
		if _, err := s.SaveFeedback(ctx, e.ID, f.who.ID, openspace.FeedbackInput{Evening: 4, Topics: f.marks}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.MergeTopics(ctx, e.ID, ids["Puppet"], ids["Jira"]); err != nil {
		t.Fatal(err)
	}
	st := mustState(t, s, e.ID)
	if got, want := st.ROTI.Topics[ids["Puppet"]], [5]int{0, 1, 0, 0, 1}; got != want {
		t.Errorf("Puppet's marks %v, want Bob's 2 and Ada's 5 from Jira", got)
	}
	if _, ok := st.ROTI.Topics[ids["Jira"]]; ok {
		t.Errorf("the merged-away Jira still has marks: %v", st.ROTI.Topics)
	}
}
