package schedule

import "sort"

// SolveGreedy is the conflict-aware greedy that organizers and other tools
// use, kept as the baseline Solve must never fall below: topics by votes,
// most first; each takes the free cell whose session has the fewest of its
// voters already busy with another of their topics, preferring the larger
// room. Pins, equipment and hosts are respected; the attendance is still
// exact.
func SolveGreedy(p Problem) Solution {
	in := newInstance(&p, Options{})
	sc := newScorer(in)
	greedyPlace(sc, 0)
	return in.solution(sc.topicCell)
}

// greedyPlace runs the greedy on the unplaced movable topics having at least
// minVotes votes, then refreshes the values.
func greedyPlace(sc *scorer, minVotes int) {
	in := sc.in
	clashes := make([]int, in.sessions)
	for _, t := range byVotes(in) {
		if sc.topicCell[t] >= 0 || !in.movable(t) || in.demand(t) < minVotes {
			continue
		}
		for s := range clashes {
			clashes[s] = sc.clashes(t, s)
		}
		best := -1
		for c := 0; c < in.cells(); c++ {
			if sc.cellTopic[c] >= 0 || in.blocked[c] || !in.fitsCell(t, c) || !sc.hostFree(t, in.sessionOf(c), -1) {
				continue
			}
			if best < 0 || better(clashes[in.sessionOf(c)], in.capacity[in.roomOf(c)],
				clashes[in.sessionOf(best)], in.capacity[in.roomOf(best)]) {
				best = c
			}
		}
		if best >= 0 {
			sc.place(t, best)
		}
	}
	sc.refreshAll()
}

// better orders greedy candidates: fewer clashes, then the larger room.
func better(clash, capacity, bestClash, bestCapacity int) bool {
	return clash < bestClash || clash == bestClash && capacity > bestCapacity
}

// clashes counts the voters of topic t who voted for a topic already in
// session s.
func (sc *scorer) clashes(t, s int) int {
	n := 0
	for _, a := range sc.in.voters[t] {
		if sc.wants[s][a] != 0 {
			n++
		}
	}
	return n
}

// byVotes lists topic indexes by demand (votes, and the host), most first,
// input order on ties.
func byVotes(in *instance) []int {
	order := make([]int, in.topics)
	for t := range order {
		order[t] = t
	}
	sort.SliceStable(order, func(i, j int) bool {
		return in.demand(order[i]) > in.demand(order[j])
	})
	return order
}
