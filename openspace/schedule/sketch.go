package schedule

import (
	"math"
	"math/rand/v2"
)

// sketch is a fast approximate search before the exact one: the value of a
// grid is estimated as Σ over placed topics of min(demand, capacity), less
// the pairs of topics in one session that share a voter, weighted by how
// many voters they share. A move costs a few dozen additions instead of
// the toggling of hundreds of voters, so it tries a hundred times more
// grids; the exact annealing then starts from its best.
type sketch struct {
	in      *instance
	shared  [][]int32 // per topic pair: voters in common
	cell    []int     // per topic: cell, -1 unscheduled
	topicAt []int     // per cell: topic, -1 empty
	clashes [][]int32 // per topic, per session: Σ shared with the topics there
	hosting [][]int32 // per session, per attendee: topics they host there
}

func newSketch(in *instance, placement []int) *sketch {
	k := &sketch{in: in, cell: append([]int(nil), placement...), topicAt: make([]int, in.cells())}
	for c := range k.topicAt {
		k.topicAt[c] = -1
	}
	for t, c := range k.cell {
		if c >= 0 {
			k.topicAt[c] = t
		}
	}
	k.shared = make([][]int32, in.topics)
	for t := range k.shared {
		k.shared[t] = make([]int32, in.topics)
	}
	byAttendee := make([][]int32, len(in.attendees))
	for t, voters := range in.voters {
		for _, a := range voters {
			byAttendee[a] = append(byAttendee[a], int32(t))
		}
	}
	for t, h := range in.host {
		if h >= 0 {
			byAttendee[h] = append(byAttendee[h], int32(t))
		}
	}
	for _, topics := range byAttendee {
		for i, t := range topics {
			for _, u := range topics[i+1:] {
				k.shared[t][u]++
				k.shared[u][t]++
			}
		}
	}
	k.clashes = make([][]int32, in.topics)
	for t := range k.clashes {
		k.clashes[t] = make([]int32, in.sessions)
	}
	k.hosting = make([][]int32, in.sessions)
	for s := range k.hosting {
		k.hosting[s] = make([]int32, len(in.attendees))
	}
	for t, c := range k.cell {
		if c >= 0 {
			k.enter(t, in.sessionOf(c), +1)
		}
	}
	return k
}

// enter counts topic t arriving in (+1) or leaving (-1) session s.
func (k *sketch) enter(t, s int, sign int32) {
	for u, n := range k.shared[t] {
		k.clashes[u][s] += sign * n
	}
	if h := k.in.host[t]; h >= 0 {
		k.hosting[s][h] += sign
	}
}

// seats is the estimated attendance of topic t in cell c.
func (k *sketch) seats(t, c int) float64 {
	return float64(min(k.in.demand(t), k.in.capacity[k.in.roomOf(c)]))
}

// clash is the weight of the pairs topic t would form in session s,
// ignoring topic skip (and t itself, should it be there).
func (k *sketch) clash(t, s, skip int) float64 {
	sum := k.clashes[t][s]
	if skip >= 0 && k.cell[skip] >= 0 && k.in.sessionOf(k.cell[skip]) == s {
		sum -= k.shared[t][skip]
	}
	return float64(sum)
}

// value of topic t at cell c (c >= 0), with skip ignored in the clashes.
func (k *sketch) value(t, c, skip int) float64 {
	return k.seats(t, c) - sketchClashCost*k.clash(t, k.in.sessionOf(c), skip)
}

// anneal runs the sketch's annealing within the budget, with the moves of
// the exact search (the same targets, swaps and replacements, the same
// rules) on the sketch's grid, and returns the best placement it saw.
// The temperature falls from 2 to 0.05 in units of the estimate.
func (k *sketch) anneal(s *search, rng *rand.Rand, b budget) []int {
	in := k.in
	best := append([]int(nil), k.cell...)
	if len(s.active) == 0 {
		return best
	}
	current, bestValue := 0.0, 0.0
	hot, cold := 2.0, 0.05
	temperature := hot
	for i := 0; ; i++ {
		if i%256 == 0 {
			progress := b.progress(i)
			if progress >= 1 {
				break
			}
			temperature = hot * math.Pow(cold/hot, progress)
		}
		t := s.active[rng.IntN(len(s.active))]
		targets := s.targets[t]
		if rng.Float64() < nearShare {
			targets = s.near[t]
		}
		c := targets[rng.IntN(len(targets))]
		from := k.cell[t]
		if c == from {
			continue
		}
		u := k.topicAt[c]
		if u >= 0 && !in.movable(u) {
			continue
		}
		uBack := u >= 0 && from >= 0 && in.fitsCell(u, from)
		// Hosts: t's host must be free in c's session, u's in from's.
		if !k.hostFree(t, in.sessionOf(c), u) || uBack && !k.hostFree(u, in.sessionOf(from), t) {
			continue
		}
		delta := 0.0
		if from >= 0 {
			delta -= k.value(t, from, -1)
		}
		if u >= 0 {
			delta -= k.value(u, c, -1)
			if from >= 0 && in.sessionOf(from) == in.sessionOf(c) {
				delta -= float64(k.shared[t][u]) * sketchClashCost // counted twice above
			}
		}
		delta += k.value(t, c, u)
		if uBack {
			delta += k.value(u, from, t)
			if in.sessionOf(from) == in.sessionOf(c) {
				delta -= float64(k.shared[t][u]) * sketchClashCost // the pair stays
			}
		}
		if delta < 0 && rng.Float64() >= math.Exp(delta/temperature) {
			continue
		}
		sFrom, sTo := -1, in.sessionOf(c)
		if from >= 0 {
			sFrom = in.sessionOf(from)
			k.topicAt[from] = -1
		}
		if sFrom != sTo {
			if sFrom >= 0 {
				k.enter(t, sFrom, -1)
			}
			k.enter(t, sTo, +1)
		}
		k.topicAt[c], k.cell[t] = t, c
		if u >= 0 {
			if uBack {
				k.topicAt[from], k.cell[u] = u, from
			} else {
				k.cell[u] = -1
			}
			if !uBack || sFrom != sTo {
				k.enter(u, sTo, -1)
				if uBack {
					k.enter(u, sFrom, +1)
				}
			}
		}
		current += delta
		if current > bestValue {
			bestValue = current
			copy(best, k.cell)
		}
	}
	return best
}

// hostFree reports whether topic t's host runs no other topic than
// `leaving` in session s.
func (k *sketch) hostFree(t, s, leaving int) bool {
	h := k.in.host[t]
	if h < 0 {
		return true
	}
	n := k.hosting[s][h]
	if c := k.cell[t]; c >= 0 && k.in.sessionOf(c) == s {
		n--
	}
	if leaving >= 0 && leaving != t && k.in.host[leaving] == h && k.cell[leaving] >= 0 && k.in.sessionOf(k.cell[leaving]) == s {
		n--
	}
	return n == 0
}
