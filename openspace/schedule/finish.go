package schedule

import "math"

// fillEmptyCells places unscheduled topics into empty cells they fit, most
// voted first: a topic never lowers attendance, and a topic nobody voted
// for still runs if there is room (its host came for it). Each takes the
// cell that gains most; on ties a voted topic takes the larger room, an
// unvoted one the smaller, leaving big rooms to the crowds.
func fillEmptyCells(sc *scorer) {
	in := sc.in
	for _, t := range byVotes(in) {
		if sc.topicCell[t] >= 0 || !in.movable(t) {
			continue
		}
		best, bestGain := -1, 0
		for c := 0; c < in.cells(); c++ {
			if sc.cellTopic[c] >= 0 || in.blocked[c] || !in.fitsCell(t, c) || !sc.hostFree(t, in.sessionOf(c), -1) {
				continue
			}
			m := move{t: t, u: -1, from: -1, to: c, uTo: -1, v: -1, vTo: -1}
			sc.apply(&m)
			gain := sc.total - m.oldTotal
			sc.undo(&m)
			if best < 0 || gain > bestGain || gain == bestGain && roomPreferred(in, t, c, best) {
				best, bestGain = c, gain
			}
		}
		if best >= 0 {
			m := move{t: t, u: -1, from: -1, to: best, uTo: -1, v: -1, vTo: -1}
			sc.apply(&m)
		}
	}
}

// roomPreferred reports whether cell c suits topic t better than cell
// other when both score the same.
func roomPreferred(in *instance, t, c, other int) bool {
	capC, capOther := in.capacity[in.roomOf(c)], in.capacity[in.roomOf(other)]
	if in.voted(t) > 0 {
		return capC > capOther
	}
	return capC < capOther
}

// breakRoomTies applies the tie-break within each session: a topic with
// more votes than another in a larger room swaps with it (or moves to a
// larger empty room) when equipment allows and attendance does not drop.
// Each swap raises Σ votes × capacity, so the loop ends. When re-planning,
// swaps that would move more topics from the previous plan are skipped.
func breakRoomTies(sc *scorer) {
	in := sc.in
	for s := 0; s < in.sessions; s++ {
		for swapped := true; swapped; {
			swapped = false
			for r1 := 0; r1 < in.rooms; r1++ {
				for r2 := 0; r2 < in.rooms; r2++ {
					c1, c2 := s*in.rooms+r1, s*in.rooms+r2
					t1, t2 := sc.cellTopic[c1], sc.cellTopic[c2]
					if t1 < 0 || in.capacity[r1] >= in.capacity[r2] || in.demand(t1) <= demandOrZero(in, t2) {
						continue
					}
					m, ok := sc.moveFor(t1, c2)
					if !ok || m.u >= 0 && m.uTo != m.from {
						continue // never unschedule a topic for a tie-break
					}
					moved := sc.moved()
					sc.apply(&m)
					if sc.total < m.oldTotal || sc.moved() > moved {
						sc.undo(&m)
						continue
					}
					swapped = true
				}
			}
		}
	}
}

func demandOrZero(in *instance, t int) int {
	if t < 0 {
		return 0
	}
	return in.demand(t)
}

// moved counts topics placed differently from the previous plan; 0 when
// there is none.
func (sc *scorer) moved() int {
	if sc.in.previous == nil {
		return 0
	}
	n := 0
	for t, c := range sc.topicCell {
		if c != sc.in.previous[t] {
			n++
		}
	}
	return n
}

// keepPrevious implements the re-planning rule: among plans within
// ReplanTolerance of the best found (the best of the chains), keep the one
// that moves the fewest topics from the previous plan, then the one that
// honours most. Candidates: each chain's plan with topics put back where
// they were as long as attendance stays within the tolerance, and the
// previous plan itself, improved one move at a time (each moving one or two
// topics) until it is within the tolerance.
func keepPrevious(sc *scorer, chains [][]int, b budget) {
	sc.load(chains[0])
	need := sc.total - int(float64(sc.total)*ReplanTolerance)
	var best []int
	bestValue, bestMoved := -1, 0
	consider := func() {
		if sc.total < need {
			return
		}
		if moved := sc.moved(); best == nil || moved < bestMoved || moved == bestMoved && sc.total > bestValue {
			best, bestValue, bestMoved = sc.snapshot(), sc.total, moved
		}
	}
	for _, placement := range chains {
		sc.load(placement)
		restoreMoved(sc, need)
		consider()
	}
	sc.load(sc.in.previous)
	descend(sc, need, math.MaxInt, b)
	consider()
	sc.load(best)
}

// restoreMoved puts topics back into their previous place, one at a time,
// whenever that lowers the number of moved topics and keeps attendance at
// least need.
func restoreMoved(sc *scorer, need int) {
	in := sc.in
	for changed := true; changed; {
		changed = false
		for t := 0; t < in.topics; t++ {
			target := in.previous[t]
			if sc.topicCell[t] == target || !in.movable(t) {
				continue
			}
			before := sc.moved()
			if target < 0 {
				if unscheduleIfAllowed(sc, t, need, before) {
					changed = true
				}
				continue
			}
			m, ok := sc.moveFor(t, target)
			if !ok {
				continue
			}
			sc.apply(&m)
			if sc.total >= need && sc.moved() < before {
				changed = true
			} else {
				sc.undo(&m)
			}
		}
	}
}

// unscheduleIfAllowed takes topic t out of the grid if that moves fewer
// topics and keeps attendance at least need.
func unscheduleIfAllowed(sc *scorer, t, need, movedBefore int) bool {
	c := sc.topicCell[t]
	s := sc.in.sessionOf(c)
	oldValue, oldTotal := sc.value[s], sc.total
	sc.remove(t)
	sc.refresh(s)
	if sc.total >= need && sc.moved() < movedBefore {
		return true
	}
	sc.place(t, c)
	sc.value[s], sc.total = oldValue, oldTotal
	return false
}
