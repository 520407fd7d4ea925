package schedule

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"openspace/openspace"
)

// checkSolution fails the test for every rule of docs/SCHEDULING.md the
// solution breaks, and checks that its attendance is a maximum one for its
// slots (by a seating algorithm independent of the solver's max-flow).
func checkSolution(t testing.TB, p Problem, s Solution) {
	t.Helper()
	sessions, rooms, topics := map[string]bool{}, map[string]ProblemRoom{}, map[string]ProblemTopic{}
	for _, x := range p.Sessions {
		sessions[x.ID] = true
	}
	for _, x := range p.Rooms {
		rooms[x.ID] = x
	}
	for _, x := range p.Topics {
		topics[x.ID] = x
	}
	cells := map[Pin]string{}
	placed := map[string]Pin{}
	hosting := map[[2]string]string{} // (host, session) → topic
	for _, slot := range s.Slots {
		cell := Pin{Session: slot.Session, Room: slot.Room}
		room, okRoom := rooms[slot.Room]
		topic, okTopic := topics[slot.Topic]
		if !sessions[slot.Session] || !okRoom || !okTopic {
			t.Errorf("slot %+v: unknown session, room or topic", slot)
			continue
		}
		if other, taken := cells[cell]; taken {
			t.Errorf("cell %+v holds %q and %q", cell, other, slot.Topic)
		}
		if _, twice := placed[slot.Topic]; twice {
			t.Errorf("topic %q is placed twice", slot.Topic)
		}
		if missing := missingEquipment(topic.Needs, room.Equipment); missing != "" {
			t.Errorf("topic %q is in room %q, which lacks %q", slot.Topic, slot.Room, missing)
		}
		if topic.Sessions != nil && !slices.Contains(topic.Sessions, slot.Session) {
			t.Errorf("topic %q is in session %q, not among its sessions %v", slot.Topic, slot.Session, topic.Sessions)
		}
		if topic.Host != "" {
			key := [2]string{topic.Host, slot.Session}
			if other, busy := hosting[key]; busy {
				t.Errorf("host %q runs %q and %q in session %q", topic.Host, other, slot.Topic, slot.Session)
			}
			hosting[key] = slot.Topic
		}
		cells[cell], placed[slot.Topic] = slot.Topic, cell
	}
	var unscheduled []string
	for _, topic := range p.Topics {
		if topic.Pinned != nil && placed[topic.ID] != *topic.Pinned {
			t.Errorf("pinned topic %q is at %+v, want %+v", topic.ID, placed[topic.ID], *topic.Pinned)
		}
		if _, ok := placed[topic.ID]; !ok {
			unscheduled = append(unscheduled, topic.ID)
		}
	}
	if s.Score.Unscheduled == nil {
		t.Error("unscheduled is nil, want an empty list")
	}
	if !slices.Equal(s.Score.Unscheduled, unscheduled) {
		t.Errorf("unscheduled = %v, want %v", s.Score.Unscheduled, unscheduled)
	}
	voted := map[[2]string]bool{}
	for _, v := range p.Votes {
		for _, topic := range v.Topics {
			voted[[2]string{v.Attendee, topic}] = true
		}
	}
	busy := map[[2]string]bool{}
	headcount := map[string]int{}
	for _, seat := range s.Attendance {
		if !voted[[2]string{seat.Attendee, seat.Topic}] && topics[seat.Topic].Host != seat.Attendee {
			t.Errorf("seat %+v: the attendee neither voted for the topic nor hosts it", seat)
		}
		if cell, ok := placed[seat.Topic]; !ok || cell.Session != seat.Session {
			t.Errorf("seat %+v: the topic is not in that session", seat)
		}
		if busy[[2]string{seat.Attendee, seat.Session}] {
			t.Errorf("attendee %q has two seats in session %q", seat.Attendee, seat.Session)
		}
		busy[[2]string{seat.Attendee, seat.Session}] = true
		headcount[seat.Topic]++
	}
	for key, topic := range hosting {
		if !busy[key] || !slices.ContainsFunc(s.Attendance, func(seat openspace.Seat) bool {
			return seat.Attendee == key[0] && seat.Session == key[1] && seat.Topic == topic
		}) {
			t.Errorf("host %q is not seated in their topic %q in session %q", key[0], topic, key[1])
		}
	}
	for topic, n := range headcount {
		if capacity := rooms[placed[topic].Room].Capacity; n > capacity {
			t.Errorf("topic %q has %d seats in a room of %d", topic, n, capacity)
		}
	}
	if got, want := s.Score.Attended, len(s.Attendance); got != want {
		t.Errorf("attended = %d, want %d (the seats listed)", got, want)
	}
	// A re-plan's bound counts its frozen sessions, so it may be lower.
	if got, limit := s.Score.UpperBound, p.UpperBound(); got > limit || got < s.Score.Attended {
		t.Errorf("upper bound = %d, want between attended %d and the problem's bound %d", got, s.Score.Attended, limit)
	}
	if got, want := s.Score.Attended, maxSeats(p, s.Slots); got != want {
		t.Errorf("attended = %d, but the slots allow %d", got, want)
	}
}

// maxSeats is the best attendance for the given slots, by augmenting paths
// (Kuhn's algorithm with room capacities), session by session. A host is
// seated in the first of their topics in the session, before anyone else.
func maxSeats(p Problem, slots []Slot) int {
	capacity := map[string]int{}
	for _, r := range p.Rooms {
		capacity[r.ID] = r.Capacity
	}
	hostOf := map[string]string{}
	for _, topic := range p.Topics {
		hostOf[topic.ID] = topic.Host
	}
	total := 0
	for _, session := range p.Sessions {
		room := map[string]string{} // topic → room, in this session
		seats := map[string]int{}   // topic → seats left for voters
		hosting := map[string]bool{}
		for _, s := range slots {
			if s.Session != session.ID {
				continue
			}
			room[s.Topic], seats[s.Topic] = s.Room, capacity[s.Room]
			if h := hostOf[s.Topic]; h != "" && !hosting[h] {
				hosting[h] = true
				seats[s.Topic]--
				total++
			}
		}
		seated := map[string][]int{} // topic → attendees seated there
		seatOf := make([]string, len(p.Votes))
		var try func(a int, visited map[string]bool) bool
		try = func(a int, visited map[string]bool) bool {
			for _, topic := range p.Votes[a].Topics {
				_, ok := room[topic]
				if !ok || visited[topic] {
					continue
				}
				visited[topic] = true
				if len(seated[topic]) < seats[topic] {
					seated[topic], seatOf[a] = append(seated[topic], a), topic
					return true
				}
				for i, b := range seated[topic] {
					if try(b, visited) {
						seated[topic][i], seatOf[a] = a, topic
						return true
					}
				}
			}
			return false
		}
		for a := range p.Votes {
			if !hosting[p.Votes[a].Attendee] && try(a, map[string]bool{}) {
				total++
			}
		}
	}
	return total
}

func readFixture(t testing.TB) Problem {
	t.Helper()
	data, err := os.ReadFile("testdata/paris-devops-2.problem.json")
	if err != nil {
		t.Fatal(err)
	}
	p, err := ReadProblem(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestFixtureGetsAnOptimalPlan(t *testing.T) {
	p := readFixture(t)
	exact, ok := SolveExact(p, 16)
	if !ok {
		t.Fatal("SolveExact gave up on the 7-topic fixture")
	}
	checkSolution(t, p, exact)
	got := Solve(p, Options{})
	checkSolution(t, p, got)
	if got.Score.Attended != exact.Score.Attended {
		t.Errorf("attended = %d, want the proven optimum %d", got.Score.Attended, exact.Score.Attended)
	}
	// The demo (t7) needs a screen and only the big room r1 has one.
	for _, s := range got.Slots {
		if s.Topic == "t7" && s.Room != "r1" {
			t.Errorf("the demo t7 is in %s, want r1 (the only room with a screen)", s.Room)
		}
	}
	greedy := SolveGreedy(p)
	checkSolution(t, p, greedy)
	t.Logf("fixture: attended %d (proven optimal), greedy %d, upper bound %d, unscheduled %v",
		got.Score.Attended, greedy.Score.Attended, got.Score.UpperBound, got.Score.Unscheduled)
}

func TestSolveKeepsEveryRule(t *testing.T) {
	for _, opts := range []GenOptions{
		{Seed: 1},
		{Seed: 2, Topics: 20, Sessions: 3, Rooms: 5, Voters: 80, Dots: 4, Pins: 3},
		{Seed: 3, Topics: 8, Sessions: 3, Rooms: 4, Voters: 30, Dots: 3}, // fewer topics than cells
		{Seed: 4, Topics: 30, Sessions: 2, Rooms: 3, Voters: 60, Dots: 5, Screen: 0.5},
		{Seed: 5, Topics: 12, Sessions: 4, Rooms: 3, Voters: 200, Dots: 3, Slack: 0.5}, // rooms too small
		{Seed: 6, Topics: 40, Sessions: 3, Rooms: 20, Voters: 150, Dots: 4},            // rooms beyond the dense index
		{Seed: 7, Topics: 6, Sessions: 1, Rooms: 1, Voters: 10, Dots: 2, Pins: 1},
	} {
		for _, hosted := range []bool{false, true} {
			t.Run(fmt.Sprintf("seed %d, hosts %t", opts.Seed, hosted), func(t *testing.T) {
				p := GenerateProblem(opts)
				if hosted {
					p = withHosts(p, opts.Seed)
				}
				if err := p.Validate(); err != nil {
					t.Fatalf("generated problem: %v", err)
				}
				s := Solve(p, Options{Seed: opts.Seed, Iterations: 20000})
				checkSolution(t, p, s)
				greedy := SolveGreedy(p)
				checkSolution(t, p, greedy)
				if s.Score.Attended < greedy.Score.Attended {
					t.Errorf("attended = %d, below the greedy's %d", s.Score.Attended, greedy.Score.Attended)
				}
			})
		}
	}
}

func TestSolveMatchesExactOptimum(t *testing.T) {
	seeds := 24
	if raceBuild || testing.Short() {
		seeds = 4 // the race detector makes the search ~10× slower
	}
	worst, optimal := 1.0, 0
	for seed := int64(1); seed <= int64(seeds); seed++ {
		opts := GenOptions{Seed: seed, Topics: 10 + int(seed%5), Sessions: 3, Rooms: 4, Voters: 30 + int(seed%50), Dots: 3 + int(seed%3)}
		switch seed % 4 {
		case 1:
			opts.Sessions, opts.Rooms = 4, 3
		case 2:
			opts.Sessions, opts.Rooms, opts.Groups = 2, 6, 2
		case 3:
			opts.Pins = 2
		}
		p := GenerateProblem(opts)
		exact, ok := SolveExact(p, 16)
		if !ok {
			t.Fatalf("seed %d: SolveExact gave up", seed)
		}
		checkSolution(t, p, exact)
		got := Solve(p, Options{Seed: seed})
		checkSolution(t, p, got)
		if got.Score.Attended > exact.Score.Attended {
			t.Fatalf("seed %d: heuristic %d beats the 'optimum' %d: SolveExact is wrong", seed, got.Score.Attended, exact.Score.Attended)
		}
		ratio := float64(got.Score.Attended) / float64(max(exact.Score.Attended, 1))
		if ratio < 0.995 {
			t.Errorf("seed %d: attended %d is %.4f of the optimum %d, want ≥ 0.995", seed, got.Score.Attended, ratio, exact.Score.Attended)
		}
		if ratio == 1 {
			optimal++
		}
		worst = min(worst, ratio)
	}
	t.Logf("%d of %d instances solved optimally; worst ratio to the optimum %.4f", optimal, seeds, worst)
}

func TestSolveNeverBelowGreedy(t *testing.T) {
	for seed := int64(1); seed <= 12; seed++ {
		p := GenerateProblem(GenOptions{Seed: seed * 31, Topics: 24, Sessions: 4, Rooms: 5, Voters: 120, Dots: 4, Pins: int(seed % 3)})
		got, greedy := Solve(p, Options{Seed: seed, Iterations: 5000}), SolveGreedy(p)
		if got.Score.Attended < greedy.Score.Attended {
			t.Errorf("seed %d: attended %d < greedy %d", seed, got.Score.Attended, greedy.Score.Attended)
		}
	}
}

func TestSolveIsDeterministic(t *testing.T) {
	p := GenerateProblem(GenOptions{Seed: 9, Topics: 30, Sessions: 4, Rooms: 6, Voters: 150, Dots: 4, Pins: 2})
	encode := func(s Solution) string {
		data, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	first := encode(Solve(p, Options{Seed: 42, Iterations: 20000}))
	for i := 0; i < 2; i++ {
		if again := encode(Solve(p, Options{Seed: 42, Iterations: 20000})); again != first {
			t.Fatal("the same problem and seed gave different plans")
		}
	}
}

func TestSolutionJSON(t *testing.T) {
	p := smallProblem()
	p.Topics = p.Topics[:2] // two topics, four cells: nothing left out
	p.Votes = []ProblemVote{{Attendee: "a1", Topics: []string{"t1", "t2"}}}
	data, err := json.Marshal(Solve(p, Options{}))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"slots":[`, `"attendance":[`, `"score":{"attended":2,"upper_bound":2,"unscheduled":[]}`} {
		if !strings.Contains(string(data), want) {
			t.Errorf("JSON %s lacks %s", data, want)
		}
	}
	empty := smallProblem()
	empty.Topics, empty.Votes = nil, nil
	data, _ = json.Marshal(Solve(empty, Options{}))
	if got, want := string(data), `{"slots":[],"attendance":[],"score":{"attended":0,"upper_bound":0,"unscheduled":[]}}`; got != want {
		t.Errorf("empty plan = %s, want %s", got, want)
	}
}

func TestSolveKeepsPins(t *testing.T) {
	p := GenerateProblem(GenOptions{Seed: 11, Topics: 18, Sessions: 3, Rooms: 4, Voters: 70, Dots: 3})
	// Pin the two most voted topics together in session 1: a poor choice
	// the solver must respect anyway.
	p.Topics[0].Needs, p.Topics[1].Needs = nil, nil
	p.Topics[0].Pinned = &Pin{Session: "s1", Room: p.Rooms[0].ID}
	p.Topics[1].Pinned = &Pin{Session: "s1", Room: p.Rooms[1].ID}
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	checkSolution(t, p, Solve(p, Options{Seed: 1}))
	checkSolution(t, p, SolveGreedy(p))
	exact, ok := SolveExact(p, 16)
	if !ok {
		t.Fatal("SolveExact gave up")
	}
	checkSolution(t, p, exact)
}

func TestSolveRespectsEquipment(t *testing.T) {
	// Three topics need a screen, one room has it: at most one per session.
	p := Problem{
		Sessions: []ProblemSession{{ID: "s1"}, {ID: "s2"}},
		Rooms:    []ProblemRoom{{ID: "big", Capacity: 20}, {ID: "tv", Capacity: 5, Equipment: []string{"screen"}}},
		Topics: []ProblemTopic{
			{ID: "demo1", Needs: []string{"screen"}}, {ID: "demo2", Needs: []string{"screen"}},
			{ID: "demo3", Needs: []string{"screen"}}, {ID: "talk"},
		},
	}
	for i := 0; i < 12; i++ {
		p.Votes = append(p.Votes, ProblemVote{Attendee: fmt.Sprint("a", i), Topics: []string{"demo1", "demo2", "demo3", "talk"}})
	}
	s := Solve(p, Options{})
	checkSolution(t, p, s)
	if got, want := len(s.Score.Unscheduled), 1; got != want {
		t.Errorf("unscheduled = %v, want one demo left out", s.Score.Unscheduled)
	}
	// Best: everyone in one session (the talk, or the demo for 5 of them)
	// and 5 at a demo in the other: 12 + 5.
	if got, want := s.Score.Attended, 17; got != want {
		t.Errorf("attended = %d, want %d", got, want)
	}
}

func TestSolveGivesTheLargestRoomToTheMostVoted(t *testing.T) {
	// One session, capacity never binds: any room order is optimal, and the
	// tie-break puts the most voted topic in the largest room.
	p := Problem{
		Sessions: []ProblemSession{{ID: "s1"}},
		Rooms:    []ProblemRoom{{ID: "small", Capacity: 30}, {ID: "large", Capacity: 90}, {ID: "medium", Capacity: 60}},
		Topics:   []ProblemTopic{{ID: "few"}, {ID: "many"}, {ID: "some"}},
	}
	votes := map[string]int{"few": 1, "many": 5, "some": 3}
	a := 0
	for topic, n := range votes {
		for i := 0; i < n; i++ {
			p.Votes = append(p.Votes, ProblemVote{Attendee: fmt.Sprint("a", a), Topics: []string{topic}})
			a++
		}
	}
	want := map[string]string{"many": "large", "some": "medium", "few": "small"}
	for _, solve := range []func() Solution{
		func() Solution { return Solve(p, Options{Seed: 3}) },
		func() Solution { s, _ := SolveExact(p, 16); return s },
	} {
		s := solve()
		checkSolution(t, p, s)
		for _, slot := range s.Slots {
			if got := slot.Room; got != want[slot.Topic] {
				t.Errorf("%s is in %s, want %s", slot.Topic, got, want[slot.Topic])
			}
		}
	}
}

func TestSolveFillsEmptyCellsWithUnvotedTopics(t *testing.T) {
	p := smallProblem()
	p.Topics[0].Pinned = nil
	p.Votes = []ProblemVote{{Attendee: "a1", Topics: []string{"t1"}}}
	s := Solve(p, Options{})
	checkSolution(t, p, s)
	if got, want := len(s.Slots), 3; got != want {
		t.Errorf("slots = %v, want all %d topics placed (4 cells)", s.Slots, want)
	}
}

func TestGenerateProblemIsSeeded(t *testing.T) {
	opts := GenOptions{Seed: 5, Topics: 30, Sessions: 4, Rooms: 5, Voters: 100, Dots: 4, Pins: 3}
	a, b := GenerateProblem(opts), GenerateProblem(opts)
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	if !bytes.Equal(ja, jb) {
		t.Error("the same options gave different problems")
	}
	if err := a.Validate(); err != nil {
		t.Fatalf("generated problem is invalid: %v", err)
	}
	if got, want := len(a.Votes), 100; got != want {
		t.Errorf("voters = %d, want %d", got, want)
	}
	for _, v := range a.Votes {
		if got, want := len(v.Topics), 4; got != want {
			t.Fatalf("%s has %d dots, want %d", v.Attendee, got, want)
		}
	}
	pinned := 0
	for _, topic := range a.Topics {
		if topic.Pinned != nil {
			pinned++
		}
	}
	if got, want := pinned, 3; got != want {
		t.Errorf("pinned topics = %d, want %d", got, want)
	}
	c := GenerateProblem(GenOptions{Seed: 6, Topics: 30, Sessions: 4, Rooms: 5, Voters: 100, Dots: 4})
	jc, _ := json.Marshal(c)
	if bytes.Equal(ja, jc) {
		t.Error("different seeds gave the same problem")
	}
}

func TestSolveToleratesInvalidProblems(t *testing.T) {
	// Validate rejects these; the solvers must still not panic on them.
	broken := smallProblem()
	broken.Topics = append(broken.Topics, ProblemTopic{ID: "t1", Pinned: &Pin{Session: "s1", Room: "r1"}}, ProblemTopic{ID: "t4", Pinned: &Pin{Session: "nope", Room: "r1"}})
	broken.Votes = append(broken.Votes, ProblemVote{Attendee: "a1", Topics: []string{"t9", "t2", "t2"}})
	broken.Rooms = append(broken.Rooms, ProblemRoom{ID: "r3", Capacity: -1})
	for _, p := range []Problem{{}, {Sessions: []ProblemSession{{ID: "s1"}}}, {Rooms: []ProblemRoom{{ID: "r1", Capacity: 1}}}, broken} {
		Solve(p, Options{Iterations: 100, Previous: []Slot{{"s1", "r1", "t2"}, {"x", "y", "z"}}, Frozen: []string{"s2", "nope"}})
		SolveGreedy(p)
		SolveExact(p, 16)
	}
}
