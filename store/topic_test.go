package store

import (
	"reflect"
	"slices"
	"testing"

	"openspace/openspace"
)

func TestCreateTopic(t *testing.T) {
	s := mustOpen(t)
	e := mustEvent(t, s)
	a := mustJoin(t, s, e.ID, "Dev")
	no := false
	tests := []struct {
		name        string
		closeFirst  bool
		proposer    string
		byOrganizer bool
		in          openspace.TopicInput
		wantCode    string
	}{
		{"attendee, open", false, a.ID, false, openspace.TopicInput{Title: " GitOps ", Host: " Ada ", Needs: []string{"Screen", "screen"}}, ""},
		{"organizer, open", false, "", true, openspace.TopicInput{Title: "Observability"}, ""},
		{"no title", false, a.ID, false, openspace.TopicInput{Title: "  "}, openspace.EINVALID},
		{"unknown proposer", false, "ghost", false, openspace.TopicInput{Title: "x"}, openspace.ENOTFOUND},
		{"attendee without ID", false, "", false, openspace.TopicInput{Title: "x"}, openspace.ENOTFOUND},
		{"attendee, closed", true, a.ID, false, openspace.TopicInput{Title: "Late idea"}, openspace.EPHASE},
		{"organizer, closed", true, "", true, openspace.TopicInput{Title: "Organizer idea"}, ""},
	}
	for _, tt := range tests {
		if tt.closeFirst {
			if _, err := s.SetPhases(ctx, e.ID, openspace.PhaseUpdate{ProposalsOpen: &no}); err != nil {
				t.Fatal(err)
			}
		}
		before := dump(t, s)
		tp, err := s.CreateTopic(ctx, e.ID, tt.proposer, tt.in, tt.byOrganizer)
		wantCode(t, tt.name, err, tt.wantCode)
		if tt.wantCode != "" {
			if !reflect.DeepEqual(dump(t, s), before) {
				t.Errorf("%s: rejected CreateTopic changed the file", tt.name)
			}
			continue
		}
		if tp.ID == "" || tp.EventID != e.ID || tp.ProposerID != tt.proposer || tp.Votes != 0 || tp.CreatedAt.IsZero() {
			t.Errorf("%s: CreateTopic = %+v", tt.name, tp)
		}
		got, err := s.Topic(ctx, e.ID, tp.ID)
		if err != nil || !reflect.DeepEqual(got, tp) {
			t.Errorf("%s: Topic = %+v, %v; want %+v", tt.name, got, err, tp)
		}
	}
	topics, _ := s.Topics(ctx, e.ID)
	if len(topics) != 3 {
		t.Fatalf("Topics: got %d topics, want 3", len(topics))
	}
	if got := topics[0]; got.Title != "GitOps" || got.Host != "Ada" || !reflect.DeepEqual(got.Needs, []string{"screen"}) {
		t.Errorf("first topic = %+v, want normalized GitOps", got)
	}
	_, err := s.Topic(ctx, e.ID, "nope")
	wantCode(t, "Topic(nope)", err, openspace.ENOTFOUND)
}

func TestTopicsOrder(t *testing.T) {
	s := mustOpen(t)
	e := mustEvent(t, s)
	a, b := mustJoin(t, s, e.ID, ""), mustJoin(t, s, e.ID, "")
	first := mustTopic(t, s, e.ID, "", "first")
	second := mustTopic(t, s, e.ID, "", "second")
	third := mustTopic(t, s, e.ID, "", "third")
	mustVote(t, s, e.ID, a.ID, third.ID)
	mustVote(t, s, e.ID, b.ID, third.ID)
	mustVote(t, s, e.ID, a.ID, second.ID)
	topics, err := s.Topics(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tp := range topics {
		got = append(got, tp.Title)
	}
	if want := []string{third.Title, second.Title, first.Title}; !slices.Equal(got, want) {
		t.Errorf("Topics order = %v, want %v", got, want)
	}
	other := mustEvent(t, s)
	if topics, err := s.Topics(ctx, other.ID); err != nil || topics == nil || len(topics) != 0 {
		t.Errorf("Topics of an event without topics = %#v, %v; want an empty slice", topics, err)
	}
}

func TestUpdateTopic(t *testing.T) {
	s := mustOpen(t)
	e := mustEvent(t, s)
	s1, big, kitchen := e.Sessions[0].ID, e.Rooms[0].ID, e.Rooms[1].ID
	inBig := mustTopic(t, s, e.ID, "", "In the big room")
	inKitchen := mustTopic(t, s, e.ID, "", "In the kitchen")
	mustOp(t, s, e.ID, openspace.PlanOp{Op: openspace.OpPlace, Topic: inBig.ID, Session: s1, Room: big})
	mustOp(t, s, e.ID, openspace.PlanOp{Op: openspace.OpPlace, Topic: inKitchen.ID, Session: s1, Room: kitchen})
	mustOp(t, s, e.ID, openspace.PlanOp{Op: openspace.OpLock, Session: s1, Room: kitchen})
	if _, err := s.Publish(ctx, e.ID); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name      string
		topic     openspace.Topic
		in        openspace.TopicInput
		wantCode  string
		wantCells int // draft cells after
	}{
		{"new text", inBig, openspace.TopicInput{Title: " New title ", Description: "Line 1\nLine 2"}, "", 2},
		{"needs a screen, has one", inBig, openspace.TopicInput{Title: "Demo", Needs: []string{"screen"}}, "", 2},
		{"needs a screen, has none", inKitchen, openspace.TopicInput{Title: "Demo 2", Needs: []string{"SCREEN"}}, "", 1},
		{"empty title", inBig, openspace.TopicInput{Title: ""}, openspace.EINVALID, 1},
		{"unknown topic", openspace.Topic{ID: "nope"}, openspace.TopicInput{Title: "x"}, openspace.ENOTFOUND, 1},
	}
	for _, tt := range tests {
		before := dump(t, s)
		got, err := s.UpdateTopic(ctx, e.ID, tt.topic.ID, tt.in)
		wantCode(t, tt.name, err, tt.wantCode)
		if tt.wantCode != "" {
			if !reflect.DeepEqual(dump(t, s), before) {
				t.Errorf("%s: rejected UpdateTopic changed the file", tt.name)
			}
		} else {
			in := tt.in
			in.Normalize()
			want := tt.topic.Apply(in)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s: UpdateTopic = %+v, want %+v", tt.name, got, want)
			}
			if stored, _ := s.Topic(ctx, e.ID, tt.topic.ID); !reflect.DeepEqual(stored, want) {
				t.Errorf("%s: stored topic = %+v, want %+v", tt.name, stored, want)
			}
		}
		if draft, _ := s.Draft(ctx, e.ID); len(draft.Cells) != tt.wantCells {
			t.Errorf("%s: draft has %d cells, want %d", tt.name, len(draft.Cells), tt.wantCells)
		}
	}
	if pub, _ := s.Published(ctx, e.ID); pub == nil || len(pub.Cells) != 2 {
		t.Errorf("published plan = %+v, want its 2 cells until the next publication", pub)
	}
}

func TestDeleteTopicReturnsDots(t *testing.T) {
	s := mustOpen(t)
	e := mustEvent(t, s)
	a, b := mustJoin(t, s, e.ID, ""), mustJoin(t, s, e.ID, "")
	doomed := mustTopic(t, s, e.ID, a.ID, "Doomed")
	kept := mustTopic(t, s, e.ID, a.ID, "Kept")
	mustVote(t, s, e.ID, a.ID, doomed.ID)
	mustVote(t, s, e.ID, a.ID, kept.ID)
	mustVote(t, s, e.ID, b.ID, doomed.ID)
	mustOp(t, s, e.ID, openspace.PlanOp{Op: openspace.OpPlace, Topic: doomed.ID, Session: e.Sessions[0].ID, Room: e.Rooms[0].ID})
	mustOp(t, s, e.ID, openspace.PlanOp{Op: openspace.OpPlace, Topic: kept.ID, Session: e.Sessions[1].ID, Room: e.Rooms[0].ID})
	if _, err := s.Publish(ctx, e.ID); err != nil {
		t.Fatal(err)
	}

	if err := s.DeleteTopic(ctx, e.ID, doomed.ID); err != nil {
		t.Fatalf("DeleteTopic: %v", err)
	}
	_, err := s.Topic(ctx, e.ID, doomed.ID)
	wantCode(t, "Topic after delete", err, openspace.ENOTFOUND)
	err = s.DeleteTopic(ctx, e.ID, doomed.ID)
	wantCode(t, "DeleteTopic twice", err, openspace.ENOTFOUND)

	ballots := []struct {
		who  openspace.Attendee
		want openspace.Ballot
	}{
		{a, openspace.NewBallot(3, []string{kept.ID})},
		{b, openspace.NewBallot(3, nil)},
	}
	for _, tt := range ballots {
		got, err := s.Ballot(ctx, e.ID, tt.who.ID)
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Ballot = %+v, %v; want %+v", got, err, tt.want)
		}
	}
	votes, _ := s.Votes(ctx, e.ID)
	if want := map[string][]string{a.ID: {kept.ID}}; !reflect.DeepEqual(votes, want) {
		t.Errorf("Votes = %v, want %v", votes, want)
	}
	wantCells := []openspace.Cell{{Session: e.Sessions[1].ID, Room: e.Rooms[0].ID, Topic: kept.ID}}
	draft, _ := s.Draft(ctx, e.ID)
	pub, _ := s.Published(ctx, e.ID)
	if !reflect.DeepEqual(draft.Cells, wantCells) || pub == nil || !reflect.DeepEqual(placements(pub.Cells), wantCells) {
		t.Errorf("plans after delete: draft %+v, published %+v; want cells %+v", draft.Cells, pub, wantCells)
	}
}

func TestMergeTopics(t *testing.T) {
	s := mustOpen(t)
	e := mustEvent(t, s)
	both, sourceOnly, targetOnly := mustJoin(t, s, e.ID, ""), mustJoin(t, s, e.ID, ""), mustJoin(t, s, e.ID, "")
	target := mustTopic(t, s, e.ID, "", "Kubernetes in prod")
	source := mustTopic(t, s, e.ID, "", "K8s prod")
	other := mustTopic(t, s, e.ID, "", "Other")
	mustVote(t, s, e.ID, both.ID, source.ID)
	mustVote(t, s, e.ID, both.ID, other.ID)
	mustVote(t, s, e.ID, both.ID, target.ID)
	mustVote(t, s, e.ID, sourceOnly.ID, other.ID)
	mustVote(t, s, e.ID, sourceOnly.ID, source.ID)
	mustVote(t, s, e.ID, targetOnly.ID, target.ID)
	s1, s2, big := e.Sessions[0].ID, e.Sessions[1].ID, e.Rooms[0].ID
	mustOp(t, s, e.ID, openspace.PlanOp{Op: openspace.OpPlace, Topic: source.ID, Session: s1, Room: big})
	mustOp(t, s, e.ID, openspace.PlanOp{Op: openspace.OpPlace, Topic: target.ID, Session: s2, Room: big})
	if _, err := s.Publish(ctx, e.ID); err != nil {
		t.Fatal(err)
	}

	before := dump(t, s)
	rejected := []struct {
		name           string
		target, source string
		wantCode       string
	}{
		{"into itself", target.ID, target.ID, openspace.EINVALID},
		{"unknown target", "nope", source.ID, openspace.ENOTFOUND},
		{"unknown source", target.ID, "nope", openspace.ENOTFOUND},
	}
	for _, tt := range rejected {
		_, err := s.MergeTopics(ctx, e.ID, tt.target, tt.source)
		wantCode(t, tt.name, err, tt.wantCode)
	}
	if !reflect.DeepEqual(dump(t, s), before) {
		t.Errorf("rejected merges changed the file")
	}

	got, err := s.MergeTopics(ctx, e.ID, target.ID, source.ID)
	if err != nil {
		t.Fatalf("MergeTopics: %v", err)
	}
	if got.Title != target.Title || got.Votes != 3 {
		t.Errorf("MergeTopics = %+v, want title %q and 3 votes", got, target.Title)
	}
	if stored, _ := s.Topic(ctx, e.ID, target.ID); !reflect.DeepEqual(stored, got) {
		t.Errorf("stored target = %+v, want %+v", stored, got)
	}
	_, err = s.Topic(ctx, e.ID, source.ID)
	wantCode(t, "source after merge", err, openspace.ENOTFOUND)

	ballots := []struct {
		name string
		who  openspace.Attendee
		want openspace.Ballot
	}{
		{"voted both: counted once, a dot back", both, openspace.NewBallot(3, []string{other.ID, target.ID})},
		{"voted source: dot moves, keeps its place", sourceOnly, openspace.NewBallot(3, []string{other.ID, target.ID})},
		{"voted target", targetOnly, openspace.NewBallot(3, []string{target.ID})},
	}
	for _, tt := range ballots {
		b, err := s.Ballot(ctx, e.ID, tt.who.ID)
		if err != nil || !reflect.DeepEqual(b, tt.want) {
			t.Errorf("%s: Ballot = %+v, %v; want %+v", tt.name, b, err, tt.want)
		}
	}
	checkCounts(t, s, e.ID)

	wantCells := []openspace.Cell{{Session: s2, Room: big, Topic: target.ID}}
	draft, _ := s.Draft(ctx, e.ID)
	pub, _ := s.Published(ctx, e.ID)
	if !reflect.DeepEqual(draft.Cells, wantCells) || pub == nil || !reflect.DeepEqual(placements(pub.Cells), wantCells) {
		t.Errorf("plans after merge: draft %+v, published %+v; want cells %+v", draft.Cells, pub, wantCells)
	}
}

// checkCounts verifies that every Topic.Votes equals the votes stored for it.
func checkCounts(tb testing.TB, s *Store, eventID string) {
	tb.Helper()
	votes, err := s.Votes(ctx, eventID)
	if err != nil {
		tb.Fatalf("Votes: %v", err)
	}
	count := map[string]int{}
	for _, topics := range votes {
		for _, id := range topics {
			count[id]++
		}
	}
	topics, err := s.Topics(ctx, eventID)
	if err != nil {
		tb.Fatalf("Topics: %v", err)
	}
	for _, tp := range topics {
		if tp.Votes != count[tp.ID] {
			tb.Errorf("topic %q: Votes = %d, but %d votes are stored", tp.Title, tp.Votes, count[tp.ID])
		}
	}
}
