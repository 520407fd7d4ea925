package schedule

import (
	"math"
	"math/rand/v2"
)

// sketch is a fast approximate search before the exact one: the value of a
// grid is estimated as Σ over placed topics of min(demand, capacity), less
// half of the voters each pair of topics in one session shares. Estimates
// are kept in quarter-people, as integers, so that moves add and subtract
// without drift. A move costs a few additions per topic it moves (delta)
// instead of the toggling of hundreds of voters and max-flows, so it tries
// many more grids; the exact annealing then starts from its best, and a
// copy of it screens the exact moves (search.screen).
type sketch struct {
	in      *instance
	shared  [][]int32 // per topic pair: voters in common
	cell    []int     // per topic: cell, -1 unscheduled
	topicAt []int     // per cell: topic, -1 empty
	clashes [][]int32 // per topic, per session: Σ shared with the topics there
	hosting [][]int32 // per session, per attendee: topics they host there
	empty   int       // cells neither blocked nor filled
}

// sketchMove sends topic t to cell tTo; topic u (-1: none) goes to uTo
// (-1: out of the grid), and topic v (-1: none), which was there, to vTo.
type sketchMove struct {
	t, tTo, u, uTo, v, vTo int
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
	for c, t := range k.topicAt {
		if t < 0 && !in.blocked[c] {
			k.empty++
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

// delta is what move m changes the estimate by, in quarter-people: the
// seats of the topics it moves, and the pairs they make and break, each
// counted from both of its topics.
func (k *sketch) delta(m *sketchMove) int {
	in := k.in
	moved := [3]int{m.t, m.u, m.v}
	to := [3]int{m.tTo, m.uTo, m.vTo}
	var before, after [3]int // sessions, -1 for none
	for i, x := range moved {
		before[i], after[i] = -1, -1
		if x < 0 {
			continue
		}
		if c := k.cell[x]; c >= 0 {
			before[i] = in.sessionOf(c)
		}
		if to[i] >= 0 {
			after[i] = in.sessionOf(to[i])
		}
	}
	d := 0
	for i, x := range moved {
		if x < 0 {
			continue
		}
		if c := k.cell[x]; c >= 0 {
			d -= 4 * min(in.capacity[in.roomOf(c)], in.demand(x))
		}
		if to[i] >= 0 {
			d += 4 * min(in.capacity[in.roomOf(to[i])], in.demand(x))
		}
		// Pairs with the topics that stay: clashes counts every topic where
		// it is now, the moved ones included, so take those out.
		for _, side := range [2]struct {
			session, sign int
		}{{before[i], +1}, {after[i], -1}} {
			if side.session < 0 {
				continue
			}
			pairs := k.clashes[x][side.session]
			for j, y := range moved {
				if j != i && y >= 0 && before[j] == side.session {
					pairs -= k.shared[x][y]
				}
			}
			d += 2 * side.sign * int(pairs)
		}
		// Pairs among the moved topics, each once.
		for j := i + 1; j < len(moved); j++ {
			if y := moved[j]; y >= 0 {
				same := func(a, b int) int { return boolInt(a >= 0 && a == b) }
				d -= 2 * int(k.shared[x][y]) * (same(after[i], after[j]) - same(before[i], before[j]))
			}
		}
	}
	return d
}

// anneal runs the sketch's annealing within the budget, with the moves of
// the exact search (the same targets, swaps, relocations and replacements,
// the same rules) and rotations of three topics on the sketch's grid, and
// returns the best placement it saw.
// The temperature falls from 2 to 0.05 people.
func (k *sketch) anneal(s *search, rng *rand.Rand, b budget) []int {
	in := k.in
	best := append([]int(nil), k.cell...)
	if len(s.active) == 0 {
		return best
	}
	current, bestValue := 0, 0
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
		from := k.cell[t]
		c := s.target(rng, t, from)
		if c == from || in.blocked[c] || !in.fitsCell(t, c) {
			continue
		}
		u := k.topicAt[c]
		if u >= 0 && !in.movable(u) {
			continue
		}
		uBack := u >= 0 && from >= 0 && in.fitsCell(u, from)
		// Hosts: t's host must be free in c's session, u's in from's.
		if !k.hostFree(t, in.sessionOf(c), u) {
			continue
		}
		if uBack && !k.hostFree(u, in.sessionOf(from), t) {
			uBack = false // u finds an empty cell or leaves, as in moveFor
		}
		m := sketchMove{t: t, tTo: c, u: u, uTo: -1, v: -1, vTo: -1}
		if u >= 0 && from >= 0 && rng.Float64() < sketchRotateShare {
			w, v, ok := s.rotation(rng, k.topicAt, k.hostFree, t, c, u, from)
			if !ok {
				continue
			}
			m.uTo, m.v, m.vTo = w, v, from
		} else if uBack {
			m.uTo = from
		} else if u >= 0 && k.empty > 0 {
			m.uTo, m.v, m.vTo = relocation(in, k.topicAt, k.hostFree, u, t, c)
		}
		delta := k.delta(&m) // in quarter-people
		if delta < 0 && (float64(delta) < -120*temperature || rng.Float64() >= math.Exp(float64(delta)/(4*temperature))) {
			continue
		}
		k.apply(&m, from)
		current += delta
		if current > bestValue {
			bestValue = current
			copy(best, k.cell)
		}
	}
	return best
}

// apply performs move m of the topic that was in cell from (-1: none).
func (k *sketch) apply(m *sketchMove, from int) {
	in := k.in
	sessionOf := func(c int) int {
		if c < 0 {
			return -1
		}
		return in.sessionOf(c)
	}
	k.empty -= boolInt(m.u < 0) + boolInt(m.u >= 0 && m.uTo >= 0 && m.v < 0) + boolInt(m.v >= 0) - boolInt(from >= 0)
	if from >= 0 {
		k.topicAt[from] = -1
	}
	if m.v >= 0 {
		k.topicAt[m.vTo], k.cell[m.v] = m.v, m.vTo
		k.move(m.v, sessionOf(m.uTo), sessionOf(m.vTo))
	}
	k.topicAt[m.tTo], k.cell[m.t] = m.t, m.tTo
	if m.u >= 0 {
		if m.uTo >= 0 {
			k.topicAt[m.uTo] = m.u
		}
		k.cell[m.u] = m.uTo
	}
	k.move(m.t, sessionOf(from), sessionOf(m.tTo))
	if m.u >= 0 {
		k.move(m.u, sessionOf(m.tTo), sessionOf(m.uTo))
	}
}

// move counts topic t leaving session from for session to (-1: none).
func (k *sketch) move(t, from, to int) {
	if from == to {
		return
	}
	if from >= 0 {
		k.enter(t, from, -1)
	}
	if to >= 0 {
		k.enter(t, to, +1)
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
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
