package openspace

import (
	"fmt"
	"testing"
)

// bruteForceBest tries every placement of every topic (any cell or none)
// and returns the best attendance: the reference SolveExact must match.
func bruteForceBest(p Problem) int {
	type cell struct{ session, room string }
	var cells []cell
	for _, s := range p.Sessions {
		for _, r := range p.Rooms {
			cells = append(cells, cell{s.ID, r.ID})
		}
	}
	rooms := map[string]ProblemRoom{}
	for _, r := range p.Rooms {
		rooms[r.ID] = r
	}
	best := 0
	used := make([]bool, len(cells))
	var slots []Slot
	var place func(t int)
	place = func(t int) {
		if t == len(p.Topics) {
			best = max(best, maxSeats(p, slots))
			return
		}
		topic := p.Topics[t]
		if topic.Pinned == nil {
			place(t + 1) // left out
		}
		for i, c := range cells {
			if used[i] || missingEquipment(topic.Needs, rooms[c.room].Equipment) != "" {
				continue
			}
			if topic.Pinned != nil && (*topic.Pinned != Pin{Session: c.session, Room: c.room}) {
				continue
			}
			used[i] = true
			slots = append(slots, Slot{Session: c.session, Room: c.room, Topic: topic.ID})
			place(t + 1)
			slots = slots[:len(slots)-1]
			used[i] = false
		}
	}
	place(0)
	return best
}

func TestSolveExactMatchesBruteForce(t *testing.T) {
	for seed := int64(1); seed <= 12; seed++ {
		opts := GenOptions{Seed: seed, Topics: 5 + int(seed%2), Sessions: 2, Rooms: 2 + int(seed%2), Voters: 8 + int(seed%7), Dots: 2 + int(seed%2), Groups: 2, Screen: 0.3}
		if seed%3 == 0 {
			opts.Pins = 1
		}
		p := GenerateProblem(opts)
		t.Run(fmt.Sprintf("seed %d", seed), func(t *testing.T) {
			exact, ok := SolveExact(p, 16)
			if !ok {
				t.Fatal("SolveExact gave up")
			}
			checkSolution(t, p, exact)
			if got, want := exact.Score.Attended, bruteForceBest(p); got != want {
				t.Errorf("SolveExact attended = %d, brute force finds %d", got, want)
			}
		})
	}
}

func TestSolveExactGivesUpOnLargeProblems(t *testing.T) {
	p := GenerateProblem(GenOptions{Seed: 1, Topics: 30, Sessions: 4, Rooms: 5, Voters: 100})
	if _, ok := SolveExact(p, 16); ok {
		t.Error("SolveExact accepted 30 topics with a limit of 16")
	}
	if _, ok := SolveExact(p, 100); ok {
		t.Errorf("SolveExact accepted 30 topics, beyond its hard limit of %d", maxExactTopics)
	}
}
