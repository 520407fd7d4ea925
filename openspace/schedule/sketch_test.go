package schedule

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"sync/atomic"
	"testing"
	"time"
)

// The sketch's bookkeeping (clashes per topic and session, hosts per
// session) must match a count from scratch after any run, and its plans
// keep every rule once scored exactly.
func TestSketchKeepsItsCountsAndTheRules(t *testing.T) {
	for _, o := range []ConferenceOptions{
		{Seed: 1, Sessions: 6, Rooms: 10, Topics: 80, Voters: 1000, Limited: 0.3},
		{Seed: 2, Sessions: 5, Rooms: 24, Topics: 130, Voters: 1500, Seats: 1.1},
	} {
		p := GenerateConference(o)
		in := newInstance(&p, Options{})
		sc := newScorer(in)
		greedyPlace(sc, 1)
		k := newSketch(in, sc.snapshot())
		s := newSearch(sc, nil)
		placement := k.anneal(s, rand.New(rand.NewPCG(1, 2)), budget{moves: 200_000})
		fresh := newSketch(in, k.cell)
		for topic := range k.clashes {
			for session := range k.clashes[topic] {
				if got, want := k.clashes[topic][session], fresh.clashes[topic][session]; got != want {
					t.Fatalf("seed %d: clashes of topic %d in session %d = %d, counted afresh %d", o.Seed, topic, session, got, want)
				}
			}
		}
		for session := range k.hosting {
			for a := range k.hosting[session] {
				if got, want := k.hosting[session][a], fresh.hosting[session][a]; got != want {
					t.Fatalf("seed %d: attendee %d hosts %d topics in session %d, counted afresh %d", o.Seed, a, got, session, want)
				}
			}
		}
		sc.load(placement)
		if got, want := len(placementSlots(placement)), len(placementSlots(sc.topicCell)); got != want {
			t.Errorf("seed %d: the scorer dropped %d of the sketch's %d topics as breaking a rule", o.Seed, got-want, got)
		}
		checkPlan(t, p, in.solution(sc.topicCell))
	}
}

// TestSketchEstimate checks the estimate of one session against counts by
// hand, next to the exact attendance it stands for: the estimate may be
// off, the scorer never.
func TestSketchEstimate(t *testing.T) {
	voters := func(prefix string, n int) []string {
		var ids []string
		for i := 1; i <= n; i++ {
			ids = append(ids, fmt.Sprintf("%s%d", prefix, i))
		}
		return ids
	}
	tests := []struct {
		name         string
		hallTalk     []string // voters of the talk in the hall (100 seats)
		smallTalk    []string // voters of the talk in the small room (2 seats)
		wantEstimate float64
		wantExact    int
	}{
		{
			// 5 + 2 - 2/2: the two torn between the talks count 1.5 each.
			name:         "seats to spare",
			hallTalk:     voters("a", 5),
			smallTalk:    voters("a", 2),
			wantEstimate: 6,
			wantExact:    5,
		},
		{
			// 3 + 2 - 2/2: the small room is full with its own four, so the
			// two it shares lose nothing, but the estimate charges them.
			name:         "a full room",
			hallTalk:     voters("a", 3),
			smallTalk:    append(voters("a", 2), voters("x", 4)...),
			wantEstimate: 4,
			wantExact:    5,
		},
		{
			name:         "nobody shared",
			hallTalk:     voters("a", 3),
			smallTalk:    voters("x", 3),
			wantEstimate: 5,
			wantExact:    5,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wishes := map[string][]string{}
			for _, a := range tt.hallTalk {
				wishes[a] = append(wishes[a], "hall-talk")
			}
			for _, a := range tt.smallTalk {
				wishes[a] = append(wishes[a], "small-talk")
			}
			p := Problem{
				Sessions: []ProblemSession{{ID: "s1"}},
				Rooms:    []ProblemRoom{{ID: "hall", Capacity: 100}, {ID: "small", Capacity: 2}},
				Topics:   []ProblemTopic{{ID: "hall-talk"}, {ID: "small-talk"}},
			}
			for _, a := range slices.Sorted(maps.Keys(wishes)) {
				p.Votes = append(p.Votes, ProblemVote{Attendee: a, Topics: wishes[a]})
			}
			in := newInstance(&p, Options{})
			placement := []int{0, 1} // the hall's talk in the hall
			if got := float64(estimate(newSketch(in, placement), 0, nil)) / 4; got != tt.wantEstimate {
				t.Errorf("estimate = %g, want %g", got, tt.wantEstimate)
			}
			sc := newScorer(in)
			sc.load(placement)
			if got := sc.total; got != tt.wantExact {
				t.Errorf("exact attendance = %d, want %d", got, tt.wantExact)
			}
		})
	}
}

func placementSlots(placement []int) []int {
	var placed []int
	for t, c := range placement {
		if c >= 0 {
			placed = append(placed, t)
		}
	}
	return placed
}

// estimate is the reference for sketch.delta: the value of session s in quarter-people, after move m when
// m is not nil (the grid itself is not changed): Σ over its topics of
// min(demand, capacity), less half of the voters each pair of them shares.
func estimate(k *sketch, s int, m *sketchMove) int {
	in := k.in
	total := 0
	for r := 0; r < in.rooms; r++ {
		c := s*in.rooms + r
		x := k.topicAt[c]
		if m != nil {
			switch {
			case c == m.tTo:
				x = m.t
			case c == m.uTo:
				x = m.u
			case c == m.vTo:
				x = m.v
			case x >= 0 && (x == m.t || x == m.u || x == m.v):
				x = -1 // moved away
			}
		}
		if x < 0 {
			continue
		}
		clash := k.clashes[x][s]
		if m != nil {
			clash += clashChange(k, x, m.t, m.tTo, s) + clashChange(k, x, m.u, m.uTo, s) + clashChange(k, x, m.v, m.vTo, s)
		}
		// Each pair is in the clash of both its topics: a quarter from each.
		total += 4*min(in.capacity[r], in.demand(x)) - int(clash)
	}
	return total
}

// clashChange is how the voters topic x shares with session s change when
// topic y (-1: none) goes to cell to: y's shared voters join if it enters
// s, leave if it leaves.
func clashChange(k *sketch, x, y, to, s int) int32 {
	if y < 0 || y == x {
		return 0
	}
	was, is := inSession(k, k.cell[y], s), inSession(k, to, s)
	switch {
	case is && !was:
		return k.shared[x][y]
	case was && !is:
		return -k.shared[x][y]
	}
	return 0
}

func inSession(k *sketch, c, s int) bool { return c >= 0 && k.in.sessionOf(c) == s }

func estimateAll(k *sketch, m *sketchMove) int {
	total := 0
	for s := 0; s < k.in.sessions; s++ {
		total += estimate(k, s, m)
	}
	return total
}

// TestSketchDeltaMatchesTheEstimate drives the sketch through random
// moves, swaps, replacements, relocations and rotations, and checks each
// delta against the estimate of the whole grid counted afresh.
func TestSketchDeltaMatchesTheEstimate(t *testing.T) {
	in, _, k, s := sketchedConference(t, 3, nil)
	rng := rand.New(rand.NewPCG(4, 5))
	kinds := map[string]int{}
	for step := 0; step < 3000; step++ {
		tp := s.active[rng.IntN(len(s.active))]
		c := s.targets[tp][rng.IntN(len(s.targets[tp]))]
		from, u := k.cell[tp], k.topicAt[c]
		if c == from || u >= 0 && !in.movable(u) {
			continue
		}
		m := sketchMove{t: tp, tTo: c, u: u, uTo: -1, v: -1, vTo: -1}
		kind := "move"
		switch {
		case u >= 0 && from >= 0 && rng.IntN(3) == 0:
			w, v, ok := s.rotation(rng, k.topicAt, k.hostFree, tp, c, u, from)
			if !ok {
				continue
			}
			m.uTo, m.v, m.vTo, kind = w, v, from, "rotation"
		case u >= 0 && from >= 0 && rng.IntN(2) == 0:
			m.uTo, kind = from, "swap"
		case u >= 0:
			m.uTo, m.v, m.vTo = relocation(in, k.topicAt, k.hostFree, u, tp, c)
			kind = "relocation"
		}
		before := estimateAll(k, nil)
		want := estimateAll(k, &m) - before
		if got := k.delta(&m); got != want {
			t.Fatalf("step %d, %s %+v: delta = %d, the estimate counted afresh changes by %d", step, kind, m, got, want)
		}
		kinds[kind]++
		k.apply(&m, from)
		if got, want := estimateAll(k, nil), before+want; got != want {
			t.Fatalf("step %d, %s: after the move the grid estimates %d, want %d", step, kind, got, want)
		}
	}
	for _, kind := range []string{"move", "swap", "rotation", "relocation"} {
		if kinds[kind] == 0 {
			t.Errorf("no %s was tried", kind)
		}
	}
}

// TestSketchFollowsTheScorersMoves applies the exact search's random moves
// (swaps, replacements, relocations) to the scorer and, as the screening of
// the exact annealing does, to a sketch: the sketch must stay on the same
// grid with the counts of a fresh one, and its delta must match its
// estimate.
func TestSketchFollowsTheScorersMoves(t *testing.T) {
	in, sc, k, s := sketchedConference(t, 6, rand.New(rand.NewPCG(7, 8)))
	chains := 0
	for step := 0; step < 2000; step++ {
		m, ok := s.randomMove()
		if !ok {
			t.Fatal("no move found")
		}
		sm := m.sketched()
		want := estimateAll(k, &sm) - estimateAll(k, nil)
		if got := k.delta(&sm); got != want {
			t.Fatalf("step %d, move %+v: delta = %d, the estimate changes by %d", step, sm, got, want)
		}
		if m.v >= 0 {
			chains++
		}
		sc.apply(&m)
		k.apply(&sm, m.from)
		if !slices.Equal(k.cell, sc.topicCell) {
			t.Fatalf("step %d: the sketch's grid %v, the scorer's %v", step, k.cell, sc.topicCell)
		}
	}
	fresh := newSketch(in, k.cell)
	for topic := range k.clashes {
		if !slices.Equal(k.clashes[topic], fresh.clashes[topic]) {
			t.Fatalf("clashes of topic %d = %v, counted afresh %v", topic, k.clashes[topic], fresh.clashes[topic])
		}
	}
	if k.empty != fresh.empty {
		t.Errorf("the sketch counts %d empty cells, a fresh one %d", k.empty, fresh.empty)
	}
	t.Logf("%d chains of three among 2,000 moves", chains)
}

// A sketched chain that ends on its move count with time left runs again
// from the start and keeps its best; without a clock it runs once, so that
// Options.Iterations stays reproducible; an unsketched one never restarts.
func TestChainRunsAgainWhileTimeIsLeft(t *testing.T) {
	conference := GenerateConference(ConferenceOptions{Seed: 1, Sessions: 6, Rooms: 10, Topics: 80, Voters: 1000})
	meetup := GenerateProblem(GenOptions{Seed: 1, Topics: 12, Sessions: 3, Rooms: 4, Voters: 40})
	tests := []struct {
		name     string
		p        Problem
		clock    bool
		wantMany bool
	}{
		{"conference, with a clock", conference, true, true},
		{"conference, moves only", conference, false, false},
		{"meetup, with a clock", meetup, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := newInstance(&tt.p, Options{})
			sc := newScorer(in)
			greedyPlace(sc, 1)
			b := budget{moves: 2000}
			if tt.clock {
				// Several times what 2,000 moves take (ten times more
				// under the race detector).
				limit := 300 * time.Millisecond
				if raceBuild {
					limit *= 10
				}
				b.start, b.proven = time.Now(), new(atomic.Bool)
				b.deadline = b.start.Add(limit)
			}
			best, value, runs := runChain(in, sc.snapshot(), rand.New(rand.NewPCG(1, 2)), b)
			// Three runs at least, so that the second (a polish of the
			// best) and a fresh one after it both run; the checks below
			// then cover the plan they leave.
			if got := runs >= 3; got != tt.wantMany {
				t.Errorf("%d runs, want three or more: %t", runs, tt.wantMany)
			}
			sc.load(best)
			if sc.total != value {
				t.Errorf("the chain reports %d for a placement worth %d", value, sc.total)
			}
			checkPlan(t, tt.p, in.solution(best))
		})
	}
}

// sketchedConference is a small conference with hosts and limited
// availability on its greedy grid, with a sketch of that grid and a search.
func sketchedConference(tb testing.TB, seed int64, rng *rand.Rand) (*instance, *scorer, *sketch, *search) {
	tb.Helper()
	p := GenerateConference(ConferenceOptions{Seed: seed, Sessions: 4, Rooms: 6, Topics: 24, Voters: 300, Limited: 0.2})
	in := newInstance(&p, Options{})
	sc := newScorer(in)
	greedyPlace(sc, 1)
	return in, sc, newSketch(in, sc.snapshot()), newSearch(sc, rng)
}
