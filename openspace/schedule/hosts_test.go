package schedule

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"openspace/openspace"
)

// withHosts gives the topics of p hosts and availability, seeded: most
// hosts are voters, some host two topics, some never voted; about one
// topic in five may only run in some sessions. Pins stay valid.
func withHosts(p Problem, seed int64) Problem {
	rng := rand.New(rand.NewPCG(uint64(seed), 0x686f737473)) // "hosts"
	q := p
	q.Topics = slices.Clone(p.Topics)
	hostPinned := map[[2]string]bool{}
	previous := ""
	for i := range q.Topics {
		topic := &q.Topics[i]
		switch x := rng.Float64(); {
		case x < 0.15 && previous != "":
			topic.Host = previous // a second topic of the same person
		case x < 0.8 && len(p.Votes) > 0:
			topic.Host = p.Votes[rng.IntN(len(p.Votes))].Attendee
		case x < 0.9:
			topic.Host = fmt.Sprintf("host-%d", i+1) // did not vote
		}
		if topic.Pinned != nil && topic.Host != "" {
			key := [2]string{topic.Host, topic.Pinned.Session}
			if hostPinned[key] {
				topic.Host = ""
			}
			hostPinned[key] = true
		}
		previous = topic.Host
		if len(p.Sessions) > 1 && rng.Float64() < 0.2 {
			for _, s := range p.Sessions {
				if rng.Float64() < 0.5 || topic.Pinned != nil && topic.Pinned.Session == s.ID {
					topic.Sessions = append(topic.Sessions, s.ID)
				}
			}
			if len(topic.Sessions) == 0 {
				topic.Sessions = []string{p.Sessions[0].ID} // "only in the first session"
			}
		}
	}
	return q
}

func TestWithHostsIsValid(t *testing.T) {
	hosted, limited := 0, 0
	for seed := int64(1); seed <= 20; seed++ {
		p := withHosts(GenerateProblem(GenOptions{Seed: seed, Topics: 20, Sessions: 3, Rooms: 4, Voters: 60, Pins: 3}), seed)
		if err := p.Validate(); err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		for _, topic := range p.Topics {
			if topic.Host != "" {
				hosted++
			}
			if topic.Sessions != nil {
				limited++
			}
		}
	}
	if hosted < 200 || limited < 40 {
		t.Errorf("%d hosted and %d limited topics of 400: the instances do not exercise the rules", hosted, limited)
	}
}

func TestSolveMatchesExactOptimumWithHosts(t *testing.T) {
	seeds := 16
	if raceBuild || testing.Short() {
		seeds = 3
	}
	for seed := int64(1); seed <= int64(seeds); seed++ {
		opts := GenOptions{Seed: 100 + seed, Topics: 10 + int(seed%4), Sessions: 3, Rooms: 4, Voters: 30 + int(seed%40), Dots: 3 + int(seed%3)}
		if seed%3 == 0 {
			opts.Pins = 2
		}
		if seed%4 == 1 {
			opts.Slack = 0.6 // rooms overflow: hosts' seats matter
		}
		p := withHosts(GenerateProblem(opts), seed)
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
		if got.Score.Attended < exact.Score.Attended {
			t.Errorf("seed %d: attended %d, the optimum is %d", seed, got.Score.Attended, exact.Score.Attended)
		}
		if exact.Score.UpperBound < exact.Score.Attended {
			t.Errorf("seed %d: bound %d below the optimum %d", seed, exact.Score.UpperBound, exact.Score.Attended)
		}
	}
}

func TestHostIsSeatedInTheirTopic(t *testing.T) {
	// One room of 2: the host of t1 did not vote and takes one seat; of the
	// three voters only one gets in. t2's host voted for t1 but hosts t2, in
	// the other session, so they still attend t1.
	p := Problem{
		Sessions: []ProblemSession{{ID: "s1"}, {ID: "s2"}},
		Rooms:    []ProblemRoom{{ID: "r1", Capacity: 2}},
		Topics: []ProblemTopic{
			{ID: "t1", Host: "h1", Pinned: &Pin{Session: "s1", Room: "r1"}},
			{ID: "t2", Host: "a1", Pinned: &Pin{Session: "s2", Room: "r1"}},
		},
		Votes: []ProblemVote{
			{Attendee: "a1", Topics: []string{"t1"}},
			{Attendee: "a2", Topics: []string{"t1", "t2"}},
			{Attendee: "a3", Topics: []string{"t1"}},
		},
	}
	got := Solve(p, Options{})
	checkSolution(t, p, got)
	// s1: h1 + one of a1..a3; s2: a1 hosting + a2.
	if got, want := got.Score.Attended, 4; got != want {
		t.Errorf("attended = %d, want %d", got, want)
	}
	seated := map[[2]string]string{}
	for _, s := range got.Attendance {
		seated[[2]string{s.Attendee, s.Session}] = s.Topic
	}
	if seated[[2]string{"h1", "s1"}] != "t1" || seated[[2]string{"a1", "s2"}] != "t2" {
		t.Errorf("hosts not in their topics: %v", got.Attendance)
	}
}

func TestHostsTopicsGoToDifferentSessions(t *testing.T) {
	// Both of h's topics are the most wanted and two big rooms exist, but
	// h cannot run both at once.
	p := Problem{
		Sessions: []ProblemSession{{ID: "s1"}, {ID: "s2"}},
		Rooms:    []ProblemRoom{{ID: "big1", Capacity: 20}, {ID: "big2", Capacity: 20}},
		Topics:   []ProblemTopic{{ID: "a", Host: "h"}, {ID: "b", Host: "h"}, {ID: "c"}, {ID: "d"}},
	}
	for i := 0; i < 10; i++ {
		p.Votes = append(p.Votes, ProblemVote{Attendee: fmt.Sprintf("v%d", i), Topics: []string{"a", "b"}})
	}
	for _, sol := range []Solution{Solve(p, Options{}), SolveGreedy(p)} {
		checkSolution(t, p, sol)
	}
}

func TestTopicRunsOnlyWhereItsHostCan(t *testing.T) {
	p := Problem{
		Sessions: []ProblemSession{{ID: "s1"}, {ID: "s2"}, {ID: "s3"}},
		Rooms:    []ProblemRoom{{ID: "r1", Capacity: 10}},
		Topics:   []ProblemTopic{{ID: "early", Host: "h", Sessions: []string{"s1"}}, {ID: "b"}, {ID: "c"}},
	}
	for i := 0; i < 5; i++ {
		p.Votes = append(p.Votes, ProblemVote{Attendee: fmt.Sprintf("v%d", i), Topics: []string{"early", "b", "c"}})
	}
	for _, sol := range []Solution{Solve(p, Options{}), SolveGreedy(p)} {
		checkSolution(t, p, sol)
		if !slices.Contains(sol.Slots, Slot{Session: "s1", Room: "r1", Topic: "early"}) {
			t.Errorf("slots = %v, want early in s1", sol.Slots)
		}
	}
}

// The overflow family's greedy already fills every seat, and the bound
// says so: Solve must stop right there. Were it to search on, an hour's
// budget would stop the test at go test's timeout instead.
func TestSolveStopsAtAProvenOptimum(t *testing.T) {
	for _, size := range conferenceSizes {
		if !size.overflow {
			continue
		}
		p := size.problem(t, size.seeds[0])
		got := Solve(p, Options{Time: time.Hour})
		checkPlan(t, p, got)
		if got.Score.Attended != got.Score.UpperBound {
			t.Errorf("%s: attended %d, bound %d: want them equal (every seat filled)", size.name, got.Score.Attended, got.Score.UpperBound)
		}
	}
}

// What the report says people lose adds up to what the plan leaves of
// everyone's wishes, hosts' own topics included, and a host whose topic is
// left out is told so.
func TestReportCountsHostsWishes(t *testing.T) {
	p := GenerateConference(ConferenceOptions{Seed: 7, Sessions: 4, Rooms: 6, Topics: 40, Voters: 200})
	sol := Solve(p, Options{Seed: 1, Iterations: 20_000})
	rep := Report(p, sol, nil)
	want := -sol.Score.Attended
	for _, w := range wishes(p) {
		want += min(len(w.Topics), len(p.Sessions))
	}
	got := 0
	for _, loss := range rep.Losses {
		got += loss.Lost
	}
	if got != want {
		t.Errorf("losses add up to %d, the wishes left unhonoured are %d", got, want)
	}

	// One room, one session: h's topic cannot run next to the pinned one.
	q := Problem{
		Sessions: []ProblemSession{{ID: "s1"}},
		Rooms:    []ProblemRoom{{ID: "r1", Capacity: 5}},
		Topics:   []ProblemTopic{{ID: "big", Pinned: &Pin{Session: "s1", Room: "r1"}}, {ID: "mine", Host: "h"}},
		Votes:    []ProblemVote{{Attendee: "a", Topics: []string{"big"}}},
	}
	rep = Report(q, Solve(q, Options{}), nil)
	if len(rep.Losses) != 1 || rep.Losses[0].Attendee != "h" || rep.Losses[0].Missed[0].Reason != openspace.MissedUnscheduled {
		t.Errorf("losses = %+v, want h missing their own topic, unscheduled", rep.Losses)
	}
}

// A published grid may have one host running two topics at once (the
// organizer placed them by hand): once that session has started, both stay
// where they are, and the host is seated in the first.
func TestReplanKeepsAStartedSessionWhoseHostRunsTwoTopics(t *testing.T) {
	p := Problem{
		Sessions: []ProblemSession{{ID: "s1"}, {ID: "s2"}},
		Rooms:    []ProblemRoom{{ID: "r1", Capacity: 5}, {ID: "r2", Capacity: 5}},
		Topics:   []ProblemTopic{{ID: "a", Host: "h"}, {ID: "b", Host: "h"}, {ID: "c"}},
		Votes: []ProblemVote{
			{Attendee: "v1", Topics: []string{"a", "c"}},
			{Attendee: "v2", Topics: []string{"b", "c"}},
		},
	}
	published := []Slot{{"s1", "r1", "a"}, {"s1", "r2", "b"}, {"s2", "r1", "c"}}
	got := Solve(p, Options{Previous: published, Frozen: []string{"s1"}})
	for _, want := range published[:2] {
		if !slices.Contains(got.Slots, want) {
			t.Errorf("slots = %v, want %+v kept: the session has started", got.Slots, want)
		}
	}
	if !slices.Contains(got.Attendance, openspace.Seat{Attendee: "h", Session: "s1", Topic: "a"}) {
		t.Errorf("attendance = %v, want h in a, the first of their topics", got.Attendance)
	}
}

// The console scores grids the organizer edits by hand, which may put a
// topic where its host cannot be: the bound must still cover that grid,
// never call it "optimal" below what it honours.
func TestAttendBoundCoversAGridThatBreaksAvailability(t *testing.T) {
	p := Problem{
		Sessions: []ProblemSession{{ID: "s1"}, {ID: "s2"}},
		Rooms:    []ProblemRoom{{ID: "r1", Capacity: 5}},
		Topics:   []ProblemTopic{{ID: "t", Sessions: []string{"s1"}}, {ID: "u", Sessions: []string{"s1"}}},
	}
	for i := 0; i < 5; i++ {
		p.Votes = append(p.Votes, ProblemVote{Attendee: fmt.Sprintf("v%d", i), Topics: []string{"t", "u"}})
	}
	sol := Attend(p, []Slot{{"s1", "r1", "t"}, {"s2", "r1", "u"}})
	if got, want := sol.Score.Attended, 10; got != want {
		t.Errorf("attended = %d, want %d", got, want)
	}
	if sol.Score.UpperBound < sol.Score.Attended {
		t.Errorf("bound %d below the %d the grid honours", sol.Score.UpperBound, sol.Score.Attended)
	}
	if got, want := p.UpperBound(), 5; got != want {
		t.Errorf("the problem's own bound = %d, want %d (both topics only in s1, one room)", got, want)
	}
}

func TestUpperBoundBeyond64Sessions(t *testing.T) {
	var p Problem
	var vote ProblemVote
	vote.Attendee = "a"
	for i := 0; i < 70; i++ {
		p.Sessions = append(p.Sessions, ProblemSession{ID: fmt.Sprintf("s%d", i)})
		p.Topics = append(p.Topics, ProblemTopic{ID: fmt.Sprintf("t%d", i)})
		vote.Topics = append(vote.Topics, fmt.Sprintf("t%d", i))
	}
	p.Rooms = []ProblemRoom{{ID: "r1", Capacity: 1}}
	p.Votes = []ProblemVote{vote}
	got := Solve(p, Options{Iterations: 1000})
	checkSolution(t, p, got)
	if got.Score.Attended != 70 || got.Score.UpperBound != 70 {
		t.Errorf("attended %d, bound %d; want 70 and 70", got.Score.Attended, got.Score.UpperBound)
	}
}
