package schedule

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// relocationProblem has two sessions of a screen room and a plain one.
// Ada's talk needs the screen and can only run in s1, where Bea's screen
// talk is; the only empty cell is s2's plain room, and Cem's plain talk
// holds s2's screen.
func relocationProblem() Problem {
	votes := []ProblemVote{}
	for _, v := range []struct {
		who    string
		topics []string
	}{
		{"p1", []string{"ada"}}, {"p2", []string{"ada"}}, {"p3", []string{"ada"}}, {"p4", []string{"ada"}},
		{"p5", []string{"bea"}}, {"p6", []string{"bea"}}, {"p7", []string{"cem"}}, {"p8", []string{"dan"}},
	} {
		votes = append(votes, ProblemVote{Attendee: v.who, Topics: v.topics})
	}
	return Problem{
		Sessions: []ProblemSession{{ID: "s1"}, {ID: "s2"}},
		Rooms:    []ProblemRoom{{ID: "screen", Capacity: 10, Equipment: []string{"screen"}}, {ID: "plain", Capacity: 10}},
		Topics: []ProblemTopic{
			{ID: "ada", Needs: []string{"screen"}, Sessions: []string{"s1"}},
			{ID: "bea", Needs: []string{"screen"}},
			{ID: "cem"},
			{ID: "dan"},
		},
		Votes: votes,
	}
}

func TestMoveRelocatesThePushedTopic(t *testing.T) {
	p := relocationProblem()
	in := newInstance(&p, Options{})
	cell := func(session, room string) int { return in.cellOf[[2]string{session, room}] }
	ada, bea, cem, dan := in.byTopic["ada"], in.byTopic["bea"], in.byTopic["cem"], in.byTopic["dan"]
	tests := []struct {
		name           string
		placement      map[int]int // topic → cell; the others unscheduled
		wantUTo, wantV int
		wantVTo        int
	}{
		{
			name:      "to an empty cell",
			placement: map[int]int{bea: cell("s1", "screen"), cem: cell("s1", "plain"), dan: cell("s2", "plain")},
			wantUTo:   cell("s2", "screen"), wantV: -1, wantVTo: -1,
		},
		{
			name:      "to the cell of a topic that takes the empty one",
			placement: map[int]int{bea: cell("s1", "screen"), cem: cell("s2", "screen"), dan: cell("s1", "plain")},
			wantUTo:   cell("s2", "screen"), wantV: cem, wantVTo: cell("s2", "plain"),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			placement := slices.Repeat([]int{-1}, in.topics)
			for topic, c := range tt.placement {
				placement[topic] = c
			}
			sc := newScorer(in)
			sc.load(placement)
			before, beforeTotal := sc.snapshot(), sc.total
			m, ok := sc.moveFor(ada, cell("s1", "screen"))
			if !ok {
				t.Fatal("Ada's talk may not take s1's screen room")
			}
			if m.u != bea || m.uTo != tt.wantUTo || m.v != tt.wantV || m.vTo != tt.wantVTo {
				t.Fatalf("move: Bea's talk (%d) to %d, then %d to %d; want Bea's (%d) to %d, then %d to %d",
					m.u, m.uTo, m.v, m.vTo, bea, tt.wantUTo, tt.wantV, tt.wantVTo)
			}
			sc.apply(&m)
			sol := in.solution(sc.topicCell)
			checkPlan(t, p, sol)
			if got := len(sol.Score.Unscheduled); got != 0 {
				t.Errorf("after the move %d topics are unscheduled, want none", got)
			}
			if got, want := sc.total, sol.Score.Attended; got != want || got != 8 {
				t.Errorf("after the move the scorer says %d, the plan honours %d, want 8 both", got, want)
			}
			sc.undo(&m)
			if got := sc.snapshot(); !slices.Equal(got, before) || sc.total != beforeTotal {
				t.Errorf("undo left %v (total %d), want %v (total %d)", got, sc.total, before, beforeTotal)
			}
		})
	}
}

// Half the moves of a scheduled topic keep its room and change its session:
// once the big topics sit in rooms that fit them, that is what is left to
// improve, and a random target seldom keeps the seats.
func TestTargetsKeepTheRoomHalfTheTime(t *testing.T) {
	size, ok := conferenceSizeNamed("6x10-80topics-1000voters")
	if !ok {
		t.Fatal("no 6 × 10 conference size")
	}
	p := size.problem(t, 1)
	in := newInstance(&p, Options{})
	sc := newScorer(in)
	greedyPlace(sc, 1)
	s := newSearch(sc, rand.New(rand.NewPCG(1, 2)))
	const draws = 100_000
	placed, sameRoom, sameCell := 0, 0, 0
	for range draws {
		topic := s.active[s.rng.IntN(len(s.active))]
		from := sc.topicCell[topic]
		if from < 0 {
			continue
		}
		placed++
		c := s.target(s.rng, topic, from)
		if c < 0 || c >= in.cells() {
			t.Fatalf("topic %d in cell %d drew cell %d, outside the grid", topic, from, c)
		}
		switch {
		case c == from:
			sameCell++
		case in.roomOf(c) == in.roomOf(from):
			sameRoom++
		}
	}
	if got, want := float64(sameRoom)/float64(placed), sameRoomShare; got < want-0.02 {
		t.Errorf("%.3f of the draws keep the room in another session, want at least %.2f", got, want)
	}
	if got := float64(sameCell) / float64(placed); got > 0.05 {
		t.Errorf("%.3f of the draws are the topic's own cell, want few", got)
	}
}
