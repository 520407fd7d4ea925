package schedule

import (
	"math/bits"
	"slices"
)

// upperBound is what no plan can beat, from three relaxations that each
// take milliseconds (docs/SCHEDULING.md, "The bound"); it returns the
// smallest:
//
//   - people: each attendee attends at most one topic per session, only
//     in sessions where one of their wishes (a topic they voted for or
//     host) can run, and at most as many as they have wishes;
//   - seats per session: in a session, a cell seats at most its room's
//     capacity and at most the demand (voters and host) of the topic it
//     holds, so the session seats at most the best pairing of its free
//     rooms with the most wanted topics that may run there, largest with
//     largest, plus what its pinned cells can seat. People and seats
//     together are a small max-flow: groups of attendees alike → sessions;
//   - topics: each topic runs once, so the whole grid seats at most the
//     pairing of all free cells with all the movable topics, plus the pins.
func (in *instance) upperBound() int {
	free := in.freeCells()
	usable := in.topicSessions(free)
	seats := in.sessionSeats(free, usable)
	return min(in.peopleSeatsBound(usable, seats), in.topicBound(free))
}

// topicSessions is, per topic, the sessions it can be in: its pin's, or
// those with a free cell it fits; 0 for a topic that cannot be placed.
// With more than 64 sessions every topic may be anywhere (a looser bound).
func (in *instance) topicSessions(free []bool) []uint64 {
	usable := make([]uint64, in.topics)
	if in.sessions > 64 {
		for t := range usable {
			if in.pinned[t] >= 0 || in.movable(t) {
				usable[t] = ^uint64(0)
			}
		}
		return usable
	}
	for t := range usable {
		switch {
		case in.pinned[t] >= 0:
			usable[t] = 1 << in.sessionOf(in.pinned[t])
		case in.movable(t):
			for c, ok := range free {
				if ok && in.fitsCell(t, c) {
					usable[t] |= 1 << in.sessionOf(c)
				}
			}
		}
	}
	return usable
}

// freeCells marks the cells the solver may fill: neither blocked nor pinned.
func (in *instance) freeCells() []bool {
	free := make([]bool, in.cells())
	for c := range free {
		free[c] = !in.blocked[c]
	}
	for _, c := range in.pinned {
		if c >= 0 {
			free[c] = false
		}
	}
	return free
}

// sessionSeats bounds what each session can seat.
func (in *instance) sessionSeats(free []bool, usable []uint64) []int {
	seats := make([]int, in.sessions)
	capacities := make([][]int, in.sessions)
	demands := make([][]int, in.sessions)
	for c, ok := range free {
		if ok {
			s := in.sessionOf(c)
			capacities[s] = append(capacities[s], in.capacity[in.roomOf(c)])
		}
	}
	for t := range usable {
		if in.pinned[t] >= 0 {
			seats[in.sessionOf(in.pinned[t])] += min(in.demand(t), in.capacity[in.roomOf(in.pinned[t])])
			continue
		}
		for s := range in.sessions {
			if usable[t]&(1<<(s%64)) != 0 {
				demands[s] = append(demands[s], in.demand(t))
			}
		}
	}
	for s := range seats {
		seats[s] += bestPairing(capacities[s], demands[s])
	}
	return seats
}

// topicBound bounds what the whole grid can seat, each topic once.
func (in *instance) topicBound(free []bool) int {
	seats := 0
	var capacities, demands []int
	for c, ok := range free {
		if ok {
			capacities = append(capacities, in.capacity[in.roomOf(c)])
		}
	}
	for t := 0; t < in.topics; t++ {
		switch {
		case in.pinned[t] >= 0:
			seats += min(in.demand(t), in.capacity[in.roomOf(in.pinned[t])])
		case in.movable(t):
			demands = append(demands, in.demand(t))
		}
	}
	return seats + bestPairing(capacities, demands)
}

// bestPairing is the largest Σ min(capacity, demand) over ways of giving
// distinct capacities to distinct demands: sorting both in decreasing order
// and pairing them in turn reaches it (an exchange argument: swapping two
// crossed pairs never lowers the sum).
func bestPairing(capacities, demands []int) int {
	slices.SortFunc(capacities, func(a, b int) int { return b - a })
	slices.SortFunc(demands, func(a, b int) int { return b - a })
	sum := 0
	for i := range min(len(capacities), len(demands)) {
		sum += min(capacities[i], demands[i])
	}
	return sum
}

// peopleSeatsBound is the max-flow source → attendee → session → sink where
// an attendee sends at most their number of wishes, at most one to each
// session where a wish can run, and a session takes at most its seats.
// Attendees with the same number of wishes and the same sessions form one
// group: n of them send at most n·k, and at most n to each session, which
// n people can always share out one by one.
func (in *instance) peopleSeatsBound(usable []uint64, seats []int) int {
	wishes := make([]int, len(in.attendees))
	sessions := make([]uint64, len(in.attendees))
	for t := range usable {
		if usable[t] == 0 {
			continue
		}
		for _, a := range in.voters[t] {
			wishes[a]++
			sessions[a] |= usable[t]
		}
		if h := in.host[t]; h >= 0 {
			wishes[h]++
			sessions[h] |= usable[t]
		}
	}
	type group struct {
		wishes   int
		sessions uint64
	}
	count := map[group]int{}
	var order []group
	for a := range wishes {
		if wishes[a] == 0 {
			continue
		}
		reach := in.sessions
		if in.sessions <= 64 {
			reach = bits.OnesCount64(sessions[a])
		}
		g := group{min(wishes[a], reach, in.sessions), sessions[a]}
		if count[g] == 0 {
			order = append(order, g)
		}
		count[g]++
	}
	if in.sessions > 64 { // masks cannot say which sessions: people only
		total := 0
		for _, g := range order {
			total += count[g] * g.wishes
		}
		return total
	}
	// Nodes: 0 source, 1 sink, 2+s session s, then one per group.
	var net flowNetwork
	net.reset(2 + in.sessions + len(order))
	for s, n := range seats {
		net.addEdge(2+s, 1, n)
	}
	for i, g := range order {
		node, n := 2+in.sessions+i, count[g]
		net.addEdge(0, node, n*g.wishes)
		for rest := g.sessions; rest != 0; rest &= rest - 1 {
			if s := bits.TrailingZeros64(rest); s < in.sessions {
				net.addEdge(node, 2+s, n)
			}
		}
	}
	return net.maxFlow(0, 1)
}
