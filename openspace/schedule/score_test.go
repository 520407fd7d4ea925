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
		{Seed: 13, Topics: 10, Sessions: 4, Rooms: 2, Voters: 40, Dots: 3, Screen: 0.5, Slack: 0.3}, // hosts' seats matter
		{Seed: 5, Topics: 12, Sessions: 3, Rooms: 4, Voters: 60, Dots: 3, Screen: 0.4},              // as many topics as cells: relocations
	} {
		for _, hosted := range []bool{false, true} {
			t.Run(fmt.Sprintf("%d rooms, hosts %t", opts.Rooms, hosted), func(t *testing.T) {
				p := GenerateProblem(opts)
				if hosted {
					p = withHosts(p, opts.Seed)
				}
				in := newInstance(&p, Options{})
				sc := newScorer(in)
				greedyPlace(sc, 0)
				s := newSearch(sc, rand.New(rand.NewPCG(1, 2)))
				relocated := 0
				for step := 0; step < 300; step++ {
					m, ok := s.randomMove()
					if !ok {
						t.Fatal("no move found")
					}
					if m.u >= 0 && m.uTo >= 0 && m.uTo != m.from {
						relocated++
					}
					sc.apply(&m)
					if step%3 == 0 {
						sc.undo(&m)
					}
					sol := in.solution(sc.topicCell)
					if got, want := sc.total, sol.Score.Attended; got != want {
						t.Fatalf("step %d: scorer total = %d, max-flow on people = %d", step, got, want)
					}
					if step%50 == 0 {
						checkSolution(t, p, sol) // the moves keep the host rules
					}
				}
				if in.topics == in.cells() && relocated == 0 {
					t.Error("no move relocated the topic it pushed out: the case this instance is for went untested")
				}
			})
		}
	}
}
