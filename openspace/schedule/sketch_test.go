package schedule

import (
	"math/rand/v2"
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

func placementSlots(placement []int) []int {
	var placed []int
	for t, c := range placement {
		if c >= 0 {
			placed = append(placed, t)
		}
	}
	return placed
}
