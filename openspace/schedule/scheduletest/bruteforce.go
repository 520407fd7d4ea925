// Package scheduletest holds what tests and benchmarks of the scheduler
// share and the product does not use: a brute-force optimum for small
// problems, the reference any plan is measured against.
package scheduletest

import (
	"slices"

	"openspace/openspace/schedule"
)

// MaxBruteForceTopics bounds BruteForce: it tries (cells+1)^topics grids.
const MaxBruteForceTopics = 8

// BruteForce returns the best plan of p by trying every placement of every
// topic (any cell that fits it in a session it may run in, never two of one
// host in a session, or none; pinned topics stay pinned), each scored by
// schedule.Attend. It reports false when p has more than
// MaxBruteForceTopics topics.
func BruteForce(p schedule.Problem) (schedule.Solution, bool) {
	if len(p.Topics) > MaxBruteForceTopics {
		return schedule.Solution{}, false
	}
	type cell struct{ session, room string }
	var cells []cell
	rooms := map[string]schedule.ProblemRoom{}
	for _, s := range p.Sessions {
		for _, r := range p.Rooms {
			cells = append(cells, cell{s.ID, r.ID})
			rooms[r.ID] = r
		}
	}
	best := schedule.Attend(p, nil)
	used := make([]bool, len(cells))
	hosting := map[[2]string]bool{} // (host, session)
	var slots []schedule.Slot
	var place func(t int)
	place = func(t int) {
		if t == len(p.Topics) {
			if sol := schedule.Attend(p, slots); sol.Score.Attended > best.Score.Attended {
				best = sol
			}
			return
		}
		topic := p.Topics[t]
		if topic.Pinned == nil {
			place(t + 1) // left out
		}
		for i, c := range cells {
			if used[i] || !schedule.Fits(topic, rooms[c.room]) {
				continue
			}
			if topic.Pinned != nil && (*topic.Pinned != schedule.Pin{Session: c.session, Room: c.room}) {
				continue
			}
			if topic.Sessions != nil && !slices.Contains(topic.Sessions, c.session) {
				continue
			}
			key := [2]string{topic.Host, c.session}
			if topic.Host != "" && hosting[key] {
				continue
			}
			used[i], hosting[key] = true, topic.Host != ""
			slots = append(slots, schedule.Slot{Session: c.session, Room: c.room, Topic: topic.ID})
			place(t + 1)
			slots = slots[:len(slots)-1]
			used[i], hosting[key] = false, false
		}
	}
	place(0)
	return best, true
}
