package schedule

import (
	"bytes"
	"errors"
	"testing"

	"openspace/openspace"
)

// FuzzReadProblem: the problem parser (the schedule command's input, and
// the bridge's output written to a file) never panics; every refusal is an
// EINVALID openspace error; a problem it accepts, the greedy solves
// without panicking into a grid that keeps the rules: cells that exist,
// one topic per cell, each topic once, pins kept, equipment respected, no
// more attended pairs than the bound. Seeds: testdata/fuzz/FuzzReadProblem.
func FuzzReadProblem(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ReadProblem(bytes.NewReader(data))
		if err != nil {
			var e *openspace.Error
			if !errors.As(err, &e) || e.Code != openspace.EINVALID || e.Message == "" {
				t.Fatalf("ReadProblem refused with %T %v, want an EINVALID openspace error", err, err)
			}
			return
		}
		if len(p.Topics) > 40 || len(p.Votes) > 200 {
			return // keep each run short: size is bench_test.go's business
		}
		sol := SolveGreedy(p)
		sessions, rooms, topics := map[string]bool{}, map[string]ProblemRoom{}, map[string]ProblemTopic{}
		for _, s := range p.Sessions {
			sessions[s.ID] = true
		}
		for _, r := range p.Rooms {
			rooms[r.ID] = r
		}
		for _, tp := range p.Topics {
			topics[tp.ID] = tp
		}
		cells, placed := map[[2]string]bool{}, map[string]bool{}
		for _, sl := range sol.Slots {
			room, ok := rooms[sl.Room]
			if !sessions[sl.Session] || !ok {
				t.Fatalf("slot %+v is not a cell of the problem", sl)
			}
			tp, ok := topics[sl.Topic]
			if !ok {
				t.Fatalf("slot %+v places an unknown topic", sl)
			}
			if cells[[2]string{sl.Session, sl.Room}] || placed[sl.Topic] {
				t.Fatalf("slot %+v: the cell or the topic is used twice", sl)
			}
			cells[[2]string{sl.Session, sl.Room}], placed[sl.Topic] = true, true
			if !Fits(tp, room) {
				t.Fatalf("slot %+v: the room lacks what the topic needs", sl)
			}
			if tp.Pinned != nil && (tp.Pinned.Session != sl.Session || tp.Pinned.Room != sl.Room) {
				t.Fatalf("pinned topic %q placed in %+v", tp.ID, sl)
			}
		}
		for _, tp := range p.Topics {
			if tp.Pinned != nil && !placed[tp.ID] {
				t.Fatalf("pinned topic %q left out", tp.ID)
			}
		}
		if sol.Score.Attended > sol.Score.UpperBound {
			t.Fatalf("attended %d > bound %d", sol.Score.Attended, sol.Score.UpperBound)
		}
	})
}
