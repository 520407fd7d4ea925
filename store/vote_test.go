package store

import (
	"fmt"
	"reflect"
	"sync"
	"testing"

	"openspace/openspace"
)

func TestVoteAndUnvote(t *testing.T) {
	s := mustOpen(t)
	e := mustEvent(t, s) // budget 3
	a := mustJoin(t, s, e.ID, "")
	var ids []string
	for i := range 5 {
		ids = append(ids, mustTopic(t, s, e.ID, "", fmt.Sprintf("topic %d", i)).ID)
	}
	no, yes := false, true
	closeVoting := openspace.PhaseUpdate{VotingOpen: &no}
	openVoting := openspace.PhaseUpdate{VotingOpen: &yes}

	tests := []struct {
		name     string
		phase    *openspace.PhaseUpdate // applied before the call
		unvote   bool
		attendee string
		topic    string
		wantCode string
		want     []string // ballot topics after the call
	}{
		{"first dot", nil, false, a.ID, ids[0], "", ids[:1]},
		{"same topic again: no change", nil, false, a.ID, ids[0], "", ids[:1]},
		{"second dot", nil, false, a.ID, ids[1], "", ids[:2]},
		{"third dot", nil, false, a.ID, ids[2], "", ids[:3]},
		{"over budget", nil, false, a.ID, ids[3], openspace.EBUDGET, ids[:3]},
		{"over budget, already voted: no change", nil, false, a.ID, ids[2], "", ids[:3]},
		{"unknown topic", nil, false, a.ID, "nope", openspace.ENOTFOUND, ids[:3]},
		{"unknown attendee", nil, false, "ghost", ids[0], openspace.ENOTFOUND, ids[:3]},
		{"unvote middle", nil, true, a.ID, ids[1], "", []string{ids[0], ids[2]}},
		{"unvote not voted: no change", nil, true, a.ID, ids[1], "", []string{ids[0], ids[2]}},
		{"vote after unvote goes last", nil, false, a.ID, ids[3], "", []string{ids[0], ids[2], ids[3]}},
		{"voting closed: vote", &closeVoting, false, a.ID, ids[4], openspace.EPHASE, []string{ids[0], ids[2], ids[3]}},
		{"voting closed: unvote", nil, true, a.ID, ids[0], openspace.EPHASE, []string{ids[0], ids[2], ids[3]}},
		{"voting closed: even a done vote says closed", nil, false, a.ID, ids[0], openspace.EPHASE, []string{ids[0], ids[2], ids[3]}},
		{"reopened: unvote", &openVoting, true, a.ID, ids[0], "", []string{ids[2], ids[3]}},
		{"reopened: vote", nil, false, a.ID, ids[4], "", []string{ids[2], ids[3], ids[4]}},
	}
	for _, tt := range tests {
		if tt.phase != nil {
			if _, err := s.SetPhases(ctx, e.ID, *tt.phase); err != nil {
				t.Fatal(err)
			}
		}
		before := dump(t, s)
		var got openspace.Ballot
		var err error
		if tt.unvote {
			got, err = s.Unvote(ctx, e.ID, tt.attendee, tt.topic)
		} else {
			got, err = s.Vote(ctx, e.ID, tt.attendee, tt.topic)
		}
		wantCode(t, tt.name, err, tt.wantCode)
		want := openspace.NewBallot(3, tt.want)
		if tt.wantCode == "" && !reflect.DeepEqual(got, want) {
			t.Errorf("%s: returned ballot = %+v, want %+v", tt.name, got, want)
		}
		if stored, err := s.Ballot(ctx, e.ID, a.ID); err != nil || !reflect.DeepEqual(stored, want) {
			t.Errorf("%s: stored ballot = %+v, %v; want %+v", tt.name, stored, err, want)
		}
		if tt.wantCode != "" && !reflect.DeepEqual(dump(t, s), before) {
			t.Errorf("%s: rejected call changed the file", tt.name)
		}
		checkCounts(t, s, e.ID)
	}
	_, err := s.Ballot(ctx, e.ID, "ghost")
	wantCode(t, "Ballot of an unknown attendee", err, openspace.ENOTFOUND)
}

func TestBallotAfterBudgetLowered(t *testing.T) {
	s := mustOpen(t)
	e := mustEvent(t, s)
	a := mustJoin(t, s, e.ID, "")
	for i := range 3 {
		mustVote(t, s, e.ID, a.ID, mustTopic(t, s, e.ID, "", fmt.Sprint(i)).ID)
	}
	setup := openspace.EventSetup{Title: e.Title, Sessions: e.Sessions, Rooms: e.Rooms, Question: e.Question, DotBudget: 1}
	if _, err := s.UpdateSetup(ctx, e.ID, setup); err != nil {
		t.Fatal(err)
	}
	b, err := s.Ballot(ctx, e.ID, a.ID)
	if err != nil || b.Budget != 1 || b.Remaining != 0 || len(b.Topics) != 3 {
		t.Errorf("Ballot after the budget was lowered = %+v, %v; want budget 1, 3 topics, 0 remaining", b, err)
	}
	extra := mustTopic(t, s, e.ID, "", "extra")
	_, err = s.Vote(ctx, e.ID, a.ID, extra.ID)
	wantCode(t, "Vote over a lowered budget", err, openspace.EBUDGET)
}

// One attendee (budget 3) votes for 20 topics from 50 goroutines at once:
// exactly 3 dots land, and every count agrees.
func TestVoteConcurrentOneAttendee(t *testing.T) {
	s := mustOpen(t)
	e := mustEvent(t, s)
	a := mustJoin(t, s, e.ID, "")
	var ids []string
	for i := range 20 {
		ids = append(ids, mustTopic(t, s, e.ID, "", fmt.Sprintf("topic %d", i)).ID)
	}
	var wg sync.WaitGroup
	errs := make([]error, 50)
	for g := range 50 {
		wg.Go(func() {
			_, errs[g] = s.Vote(ctx, e.ID, a.ID, ids[g%len(ids)])
		})
	}
	wg.Wait()
	for g, err := range errs {
		if code := openspace.ErrorCode(err); code != "" && code != openspace.EBUDGET {
			t.Errorf("goroutine %d: error %v, want nil or %s", g, err, openspace.EBUDGET)
		}
	}
	b, err := s.Ballot(ctx, e.ID, a.ID)
	if err != nil || len(b.Topics) != 3 || b.Remaining != 0 {
		t.Errorf("Ballot = %+v, %v; want 3 topics, 0 remaining", b, err)
	}
	votes, _ := s.Votes(ctx, e.ID)
	if !reflect.DeepEqual(votes[a.ID], b.Topics) {
		t.Errorf("Votes = %v, want the ballot's %v", votes[a.ID], b.Topics)
	}
	topics, _ := s.Topics(ctx, e.ID)
	total := 0
	for _, tp := range topics {
		total += tp.Votes
		if tp.Votes > 1 {
			t.Errorf("topic %q has %d votes from one attendee", tp.Title, tp.Votes)
		}
	}
	if total != 3 {
		t.Errorf("sum of Topic.Votes = %d, want 3", total)
	}
	checkCounts(t, s, e.ID)
}

// Many attendees vote and unvote at once; the counts match the votes.
func TestVoteConcurrentManyAttendees(t *testing.T) {
	s := mustOpen(t)
	e := mustEvent(t, s)
	var ids []string
	for i := range 6 {
		ids = append(ids, mustTopic(t, s, e.ID, "", fmt.Sprintf("topic %d", i)).ID)
	}
	var attendees []string
	for range 30 {
		attendees = append(attendees, mustJoin(t, s, e.ID, "").ID)
	}
	var wg sync.WaitGroup
	errs := make(chan error, len(attendees)*6)
	for i, a := range attendees {
		for k := range 4 {
			topic := ids[(i+k)%len(ids)]
			wg.Go(func() {
				if _, err := s.Vote(ctx, e.ID, a, topic); openspace.ErrorCode(err) != "" && openspace.ErrorCode(err) != openspace.EBUDGET {
					errs <- err
				}
			})
		}
		if i%3 == 0 {
			wg.Go(func() {
				if _, err := s.Unvote(ctx, e.ID, a, ids[i%len(ids)]); err != nil {
					errs <- err
				}
			})
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("concurrent vote: %v", err)
	}
	votes, _ := s.Votes(ctx, e.ID)
	for _, a := range attendees {
		b, err := s.Ballot(ctx, e.ID, a)
		if err != nil || len(b.Topics) > 3 || len(b.Topics) < 2 || !reflect.DeepEqual(votes[a], b.Topics) {
			t.Errorf("attendee %s: ballot %+v, %v; votes %v", a, b, err, votes[a])
		}
	}
	checkCounts(t, s, e.ID)
}
