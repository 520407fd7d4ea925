package schedule

import (
	"slices"
	"testing"
)

func TestReplanMovesNothingWhenThePreviousPlanIsOptimal(t *testing.T) {
	for _, p := range []Problem{
		readFixture(t),
		GenerateProblem(GenOptions{Seed: 21, Topics: 13, Sessions: 3, Rooms: 4, Voters: 50, Dots: 3}),
	} {
		exact, ok := SolveExact(p, 16)
		if !ok {
			t.Fatal("SolveExact gave up")
		}
		// Another seed finds another optimal plan, if there are several:
		// the previous one must still win.
		for seed := int64(1); seed <= 3; seed++ {
			got := Solve(p, Options{Seed: seed, Previous: exact.Slots})
			checkSolution(t, p, got)
			if moved := MovedTopics(exact.Slots, got.Slots); moved != 0 {
				t.Errorf("seed %d: moved %d topics from an optimal plan, want 0", seed, moved)
			}
			if got, want := got.Score.Attended, exact.Score.Attended; got != want {
				t.Errorf("seed %d: attended = %d, want %d", seed, got, want)
			}
		}
	}
}

func TestReplanAfterNewVotesMovesFewTopics(t *testing.T) {
	p := GenerateProblem(GenOptions{Seed: 22, Topics: 30, Sessions: 4, Rooms: 6, Voters: 150, Dots: 4})
	published := Solve(p, Options{Seed: 1, Iterations: 30000})
	// Late arrivals vote for the topics left out.
	for i, topic := range published.Score.Unscheduled {
		p.Votes = append(p.Votes, ProblemVote{Attendee: "late" + topic, Topics: []string{topic, p.Topics[i].ID}})
	}
	// A fresh plan moves about half the topics, by chance more or fewer,
	// and honours a few wishes more or fewer: the re-plan should move
	// fewer topics than the typical one of five, and give up at most
	// ReplanTolerance against the typical one's attendance (against the
	// best of five, the re-plan's own search would need to be lucky too).
	var freshMoved, freshAttended []int
	for seed := int64(2); seed <= 6; seed++ {
		fresh := Solve(p, Options{Seed: seed, Iterations: 30000})
		freshMoved = append(freshMoved, MovedTopics(published.Slots, fresh.Slots))
		freshAttended = append(freshAttended, fresh.Score.Attended)
	}
	slices.Sort(freshMoved)
	slices.Sort(freshAttended)
	replan := Solve(p, Options{Seed: 2, Iterations: 30000, Previous: published.Slots})
	checkSolution(t, p, replan)
	typicalAttended := freshAttended[len(freshAttended)/2]
	if float64(replan.Score.Attended) < float64(typicalAttended)*(1-ReplanTolerance)-1e-9 {
		t.Errorf("re-plan attended %d, more than %.1f%% below a typical fresh plan's %d (of %v)", replan.Score.Attended, 100*ReplanTolerance, typicalAttended, freshAttended)
	}
	movedReplan, typical := MovedTopics(published.Slots, replan.Slots), freshMoved[len(freshMoved)/2]
	if movedReplan > typical {
		t.Errorf("re-plan moved %d topics, a typical fresh plan %d (of %v)", movedReplan, typical, freshMoved)
	}
	t.Logf("re-plan: attended %d (fresh %v), moved %d topics (fresh %v)", replan.Score.Attended, freshAttended, movedReplan, freshMoved)
}

func TestReplanKeepsFrozenSessionsAndLockedCells(t *testing.T) {
	p := GenerateProblem(GenOptions{Seed: 23, Topics: 14, Sessions: 3, Rooms: 4, Voters: 60, Dots: 3})
	published := Solve(p, Options{Seed: 1, Iterations: 20000})
	// Session 1 has started and one of its cells was emptied by hand;
	// a cell of session 3 is locked.
	var previous []Slot
	emptied := false
	for _, s := range published.Slots {
		if s.Session == "s1" && !emptied {
			emptied = true
			continue
		}
		previous = append(previous, s)
	}
	var locked Slot
	for _, s := range previous {
		if s.Session == "s3" {
			locked = s
			break
		}
	}
	q, err := p.PinSlots([]Slot{locked})
	if err != nil {
		t.Fatal(err)
	}
	// New votes that would reshuffle everything.
	for i := 0; i < 30; i++ {
		q.Votes = append(q.Votes, ProblemVote{Attendee: "new" + string(rune('a'+i)), Topics: []string{q.Topics[i%14].ID, q.Topics[(i*5+3)%14].ID}})
	}
	got := Solve(q, Options{Seed: 4, Previous: previous, Frozen: []string{"s1"}})
	checkSolution(t, q, got)
	sessionSlots := func(slots []Slot, session string) []Slot {
		var out []Slot
		for _, s := range slots {
			if s.Session == session {
				out = append(out, s)
			}
		}
		return out
	}
	if got, want := sessionSlots(got.Slots, "s1"), sessionSlots(previous, "s1"); !slices.Equal(got, want) {
		t.Errorf("frozen session s1 = %v, want %v as before", got, want)
	}
	if !slices.Contains(got.Slots, locked) {
		t.Errorf("locked cell %+v lost its topic: %v", locked, got.Slots)
	}
}

func TestMovedTopics(t *testing.T) {
	a := []Slot{{"s1", "r1", "t1"}, {"s1", "r2", "t2"}, {"s2", "r1", "t3"}}
	for _, tt := range []struct {
		name string
		b    []Slot
		want int
	}{
		{"same", a, 0},
		{"one moved", []Slot{{"s1", "r1", "t1"}, {"s2", "r2", "t2"}, {"s2", "r1", "t3"}}, 1},
		{"swap", []Slot{{"s1", "r2", "t1"}, {"s1", "r1", "t2"}, {"s2", "r1", "t3"}}, 2},
		{"one left out", a[:2], 1},
		{"one added", append(slices.Clone(a), Slot{"s2", "r2", "t4"}), 1},
		{"none", nil, 3},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := MovedTopics(a, tt.b); got != tt.want {
				t.Errorf("MovedTopics = %d, want %d", got, tt.want)
			}
		})
	}
}
