package store

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"openspace/openspace"
)

// TestOnCommitCountsEveryCommittedWrite: the hook hears once of each
// committed write, plain or batched, concurrent batched writes included,
// and never of a read or a refused write; nil stops it.
func TestOnCommitCountsEveryCommittedWrite(t *testing.T) {
	s := mustOpen(t)
	var n atomic.Int64
	var negative atomic.Bool
	s.OnCommit(func(d time.Duration) {
		if d < 0 {
			negative.Store(true)
		}
		n.Add(1)
	})
	e := mustEvent(t, s) // CreateEvent and SetPhases
	if got, want := n.Load(), int64(2); got != want {
		t.Fatalf("after creating and opening an event: %d commits, want %d", got, want)
	}
	a := mustJoin(t, s, e.ID, "")
	tp := mustTopic(t, s, e.ID, "", "Observability")
	var voters []string
	for range 8 {
		voters = append(voters, mustJoin(t, s, e.ID, "").ID)
	}

	tests := []struct {
		name string
		do   func(t *testing.T)
		want int64
	}{
		{"a vote (batched)", func(t *testing.T) { mustVote(t, s, e.ID, a.ID, tp.ID) }, 1},
		{"eight concurrent votes sharing commits", func(t *testing.T) {
			var wg sync.WaitGroup
			for _, id := range voters {
				wg.Go(func() {
					if _, err := s.Vote(ctx, e.ID, id, tp.ID); err != nil {
						t.Errorf("Vote: %v", err)
					}
				})
			}
			wg.Wait()
		}, 8},
		{"a refused vote", func(t *testing.T) {
			if _, err := s.Vote(ctx, e.ID, a.ID, "no-such-topic"); err == nil {
				t.Error("a vote on no topic succeeded")
			}
		}, 0},
		{"a refused plain write", func(t *testing.T) {
			if _, err := s.Join(ctx, "no-such-event", openspace.JoinInput{Name: "nobody"}, []byte("token-x")); err == nil {
				t.Error("a join to no event succeeded")
			}
		}, 0},
		{"a read", func(t *testing.T) { mustState(t, s, e.ID) }, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := n.Load()
			tt.do(t)
			if got := n.Load() - before; got != tt.want {
				t.Errorf("%d commits counted, want %d", got, tt.want)
			}
		})
	}
	if negative.Load() {
		t.Error("a commit took a negative time")
	}

	s.OnCommit(nil)
	before := n.Load()
	mustTopic(t, s, e.ID, "", "Without the hook")
	if got := n.Load() - before; got != 0 {
		t.Errorf("after OnCommit(nil): %d commits counted, want 0", got)
	}
}
