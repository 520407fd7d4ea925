package schedule_test

import (
	"reflect"
	"testing"

	"openspace/openspace"
	"openspace/openspace/schedule"
)

// planningFixture: two sessions, a 2-seat room and a 1-seat room.
func planningFixture() (openspace.Event, []openspace.Topic, map[string][]string) {
	ev := openspace.Event{
		Sessions: []openspace.Session{{ID: "s1"}, {ID: "s2"}},
		Rooms:    []openspace.Room{{ID: "big", Capacity: 2, Equipment: []string{"screen"}}, {ID: "small", Capacity: 1}},
	}
	topics := []openspace.Topic{{ID: "a"}, {ID: "b"}, {ID: "c"}, {ID: "demo", Needs: []string{"screen"}}}
	votes := map[string][]string{
		"ada":    {"a", "b"},
		"bob":    {"a", "b", "gone"}, // a vote for a deleted topic is ignored
		"cyd":    {"a", "c"},
		"nobody": {},
	}
	return ev, topics, votes
}

func TestProblemFor(t *testing.T) {
	ev, topics, votes := planningFixture()
	p := schedule.ProblemFor(ev, topics, votes)
	if err := p.Validate(); err != nil {
		t.Fatalf("problem is invalid: %v", err)
	}
	gotVoters := []string{}
	for _, v := range p.Votes {
		gotVoters = append(gotVoters, v.Attendee)
	}
	if want := []string{"ada", "bob", "cyd"}; !reflect.DeepEqual(gotVoters, want) {
		t.Errorf("voters = %v, want %v (sorted, without people who voted for nothing)", gotVoters, want)
	}
	if got, want := p.Votes[1].Topics, []string{"a", "b"}; !reflect.DeepEqual(got, want) {
		t.Errorf("bob's topics = %v, want %v", got, want)
	}
	if got, want := p.Topics[3].Needs, []string{"screen"}; !reflect.DeepEqual(got, want) {
		t.Errorf("demo needs = %v, want %v", got, want)
	}
}

func TestAttendAndReport(t *testing.T) {
	ev, topics, votes := planningFixture()
	p := schedule.ProblemFor(ev, topics, votes)
	// a and b in the same session: ada and bob clash; a's room holds 2 of 3.
	draft := openspace.Plan{Cells: []openspace.Cell{
		{Session: "s1", Room: "big", Topic: "a", Locked: true},
		{Session: "s1", Room: "small", Topic: "b"},
		{Session: "s2", Room: "small", Topic: "c"},
	}}
	sol := schedule.Attend(p, schedule.SlotsOf(draft))
	// Session 1: a (2 seats) and b (1 seat) for ada, bob, cyd → 3 seated.
	// Session 2: c for cyd → 1. Upper bound: a wanted by 3 seats at most 2
	// in the biggest room, b 2, c 1: 5.
	if got, want := sol.Score.Attended, 4; got != want {
		t.Errorf("attended = %d, want %d", got, want)
	}
	if got, want := sol.Score.UpperBound, 5; got != want {
		t.Errorf("upper bound = %d, want %d", got, want)
	}
	if got, want := sol.Score.Unscheduled, []string{"demo"}; !reflect.DeepEqual(got, want) {
		t.Errorf("unscheduled = %v, want %v", got, want)
	}

	rep := schedule.Report(p, sol, map[string]string{"ada": "Ada"})
	lost := map[string]int{}
	for _, l := range rep.Losses {
		lost[l.Attendee] = l.Lost
	}
	if got, want := lost, map[string]int{"ada": 1, "bob": 1}; !reflect.DeepEqual(got, want) {
		t.Errorf("losses = %v, want %v", got, want)
	}
	if got, want := rep.LossCount, 2; got != want {
		t.Errorf("loss count = %d, want %d (Ada and Bob)", got, want)
	}
	for _, l := range rep.Losses {
		if len(l.Missed) != 1 || l.Missed[0].Reason != openspace.MissedClash {
			t.Errorf("%s misses %+v, want one clash", l.Attendee, l.Missed)
		}
	}
	if rep.Losses[0].Name != "Ada" && rep.Losses[1].Name != "Ada" {
		t.Errorf("names not carried: %+v", rep.Losses)
	}
	for _, c := range rep.Cells {
		if c.Expected > c.Capacity {
			t.Errorf("cell %+v expects more than its capacity", c)
		}
	}

	published := schedule.WithExpected(draft, sol)
	total := 0
	for _, c := range published.Cells {
		total += c.Expected
	}
	if got, want := total, sol.Score.Attended; got != want {
		t.Errorf("expected headcounts sum to %d, want %d", got, want)
	}
	again := schedule.PlanFromSlots(draft, sol.Slots)
	if !again.Cells[0].Locked || again.Cells[1].Locked {
		t.Errorf("PlanFromSlots lost or invented a lock: %+v", again.Cells)
	}
}

// TestSolveOnEventKeepsLockedCells is what "Propose a plan" does: locked
// cells become pins and stay where they are.
func TestSolveOnEventKeepsLockedCells(t *testing.T) {
	ev, topics, votes := planningFixture()
	draft := openspace.Plan{Cells: []openspace.Cell{{Session: "s2", Room: "small", Topic: "a", Locked: true}}}
	p, err := schedule.ProblemFor(ev, topics, votes).PinSlots(schedule.LockedSlots(draft))
	if err != nil {
		t.Fatal(err)
	}
	sol := schedule.Solve(p, schedule.Options{})
	plan := schedule.PlanFromSlots(draft, sol.Slots)
	i := plan.CellOf("a")
	if i < 0 || plan.Cells[i].Session != "s2" || plan.Cells[i].Room != "small" || !plan.Cells[i].Locked {
		t.Errorf("locked topic moved or lost its lock: %+v", plan.Cells)
	}
	best := schedule.Solve(schedule.ProblemFor(ev, topics, votes), schedule.Options{})
	if sol.Score.Attended > best.Score.Attended {
		t.Errorf("a pinned plan (%d) beats the free one (%d)", sol.Score.Attended, best.Score.Attended)
	}
}
