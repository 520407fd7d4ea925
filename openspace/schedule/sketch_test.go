package schedule

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"testing"
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
		for session, got := range k.halves {
			if want := fresh.halves[session]; got != want {
				t.Fatalf("seed %d: estimate of session %d = %d half-people, counted afresh %d", o.Seed, session, got, want)
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

// TestSketchEstimate checks the estimate of one session against cases
// counted by hand; in each, it is also the exact attendance.
func TestSketchEstimate(t *testing.T) {
	voters := func(prefix string, n int) []string {
		var ids []string
		for i := 1; i <= n; i++ {
			ids = append(ids, fmt.Sprintf("%s%d", prefix, i))
		}
		return ids
	}
	tests := []struct {
		name      string
		hallTalk  []string // voters of the talk in the hall (100 seats)
		smallTalk []string // voters of the talk in the small room (2 seats)
		want      int
	}{
		{
			// Both have seats to spare for their own voters: the four torn
			// between them count half in each.
			name:      "seats to spare",
			hallTalk:  voters("a", 5),
			smallTalk: voters("a", 2),
			want:      5,
		},
		{
			// The small room is full with its own four: the two it shares
			// with the hall's talk count there wholly.
			name:      "a full room gives its shared voters away",
			hallTalk:  voters("a", 3),
			smallTalk: append(voters("a", 2), voters("x", 4)...),
			want:      5,
		},
		{
			name:      "nobody shared",
			hallTalk:  voters("a", 3),
			smallTalk: voters("x", 3),
			want:      5,
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
			if got := newSketch(in, placement).halves[0]; got != 2*tt.want {
				t.Errorf("estimate = %d half-people, want %d", got, 2*tt.want)
			}
			sc := newScorer(in)
			sc.load(placement)
			if got := sc.total; got != tt.want {
				t.Errorf("exact attendance = %d, want %d", got, tt.want)
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
