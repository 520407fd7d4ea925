package schedule

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// TestScorerStaysExact drives the incremental scorer through random moves
// and undos and compares its total, after each step, with a fresh
// attendee-level max-flow: the grouping by room masks, the reductions
// before the flow and the undo bookkeeping must never drift.
func TestScorerStaysExact(t *testing.T) {
	for _, opts := range []GenOptions{
		{Seed: 1, Topics: 14, Sessions: 3, Rooms: 4, Voters: 60, Dots: 4, Slack: 0.6},
		{Seed: 2, Topics: 30, Sessions: 2, Rooms: 20, Voters: 120, Dots: 5, Pins: 2}, // hash-table path
		{Seed: 3, Topics: 10, Sessions: 4, Rooms: 2, Voters: 40, Dots: 3, Screen: 0.5},
	} {
		t.Run(fmt.Sprintf("%d rooms", opts.Rooms), func(t *testing.T) {
			p := GenerateProblem(opts)
			in := newInstance(&p, Options{})
			sc := newScorer(in)
			greedyPlace(sc, 0)
			s := newSearch(sc, rand.New(rand.NewPCG(1, 2)))
			for step := 0; step < 300; step++ {
				m, ok := s.randomMove()
				if !ok {
					t.Fatal("no move found")
				}
				sc.apply(&m)
				if step%3 == 0 {
					sc.undo(&m)
				}
				if got, want := sc.total, in.solution(sc.topicCell).Score.Attended; got != want {
					t.Fatalf("step %d: scorer total = %d, max-flow on people = %d", step, got, want)
				}
			}
		})
	}
}
