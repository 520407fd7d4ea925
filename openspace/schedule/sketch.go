package schedule

import (
	"math"
	"math/rand/v2"
)

// sketch is a fast approximate search before the exact one. Its estimate
// of a session is built from the voters each pair of topics there shares:
//
//   - a topic is full when it would overflow its room even without any of
//     the voters it shares with the others in its session;
//   - a full topic seats its room's capacity;
//   - a topic with seats to spare seats its demand, less half of what it
//     shares with the other topics with seats to spare, at most its room.
//
// Half, because a voter torn between two topics with seats to spare
// attends one: each counts them as half. A full topic needs none of the
// voters it shares, so they count wholly for the other: a popular talk in
// a small room costs nothing to the hall's talk beside it, which a flat
// cost per shared voter would charge (docs/SCHEDULING.md, "The sketch").
//
// Estimates are kept in half-people, as integers, so that moves add and
// subtract without drift. A move costs a few hundred additions over the
// sessions it touches instead of the toggling of hundreds of voters and
// max-flows, so it tries several times more grids; the exact annealing
// then starts from its best.
type sketch struct {
	in      *instance
	shared  [][]int32 // per topic pair: voters in common
	cell    []int     // per topic: cell, -1 unscheduled
	topicAt []int     // per cell: topic, -1 empty
	clashes [][]int32 // per topic, per session: Σ shared with the topics there
	hosting [][]int32 // per session, per attendee: topics they host there
	halves  []int     // per session: the estimate, in half-people
	empty   int       // cells neither blocked nor filled
	// scratch space for estimate
	members []sketchMember
	full    []int
}

// sketchMember is a topic of a session as estimate sees it.
type sketchMember struct {
	topic  int
	seats  int32 // its room's capacity, in half-people
	demand int32 // in half-people
	clash  int32 // voters shared with the session's other topics
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
	k.halves = make([]int, in.sessions)
	for s := range k.halves {
		k.halves[s] = k.estimate(s, nil)
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

// inSession reports whether cell c (-1: none) is in session s.
func (k *sketch) inSession(c, s int) bool { return c >= 0 && k.in.sessionOf(c) == s }

// estimate is the value of session s in half-people, after move m when m
// is not nil (the grid itself is not changed).
func (k *sketch) estimate(s int, m *sketchMove) int {
	in := k.in
	members := k.members[:0]
	for r := 0; r < in.rooms; r++ {
		c := s*in.rooms + r
		x := k.topicAt[c]
		if m != nil {
			switch {
			case c == m.tTo:
				x = m.t
			case c == m.uTo:
				x = m.u
			case c == m.vTo:
				x = m.v
			case x >= 0 && (x == m.t || x == m.u || x == m.v):
				x = -1 // moved away
			}
		}
		if x < 0 {
			continue
		}
		clash := k.clashes[x][s]
		if m != nil {
			clash += k.clashChange(x, m.t, m.tTo, s) + k.clashChange(x, m.u, m.uTo, s) + k.clashChange(x, m.v, m.vTo, s)
		}
		members = append(members, sketchMember{topic: x, seats: 2 * int32(in.capacity[r]), demand: 2 * int32(in.demand(x)), clash: clash})
	}
	full := k.full[:0]
	total := 0
	for _, mb := range members {
		if mb.demand-2*mb.clash > mb.seats {
			full = append(full, mb.topic)
			total += int(mb.seats)
		}
	}
	for _, mb := range members {
		if mb.demand-2*mb.clash > mb.seats {
			continue
		}
		spare := mb.clash // shared with topics with seats to spare
		row := k.shared[mb.topic]
		for _, f := range full {
			spare -= row[f]
		}
		total += int(min(mb.seats, mb.demand-spare))
	}
	k.members, k.full = members, full
	return total
}

// clashChange is how the voters topic x shares with session s change when
// topic y (-1: none) goes to cell to: y's shared voters join if it enters
// s, leave if it leaves.
func (k *sketch) clashChange(x, y, to, s int) int32 {
	if y < 0 || y == x {
		return 0
	}
	was, is := k.inSession(k.cell[y], s), k.inSession(to, s)
	switch {
	case is && !was:
		return k.shared[x][y]
	case was && !is:
		return -k.shared[x][y]
	}
	return 0
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
		if !k.hostFree(t, in.sessionOf(c), u) {
			continue
		}
		if uBack && !k.hostFree(u, in.sessionOf(from), t) {
			uBack = false // u finds an empty cell or leaves, as in moveFor
		}
		m := sketchMove{t: t, tTo: c, u: u, uTo: -1, v: -1, vTo: -1}
		if u >= 0 && from >= 0 && rng.Float64() < sketchRotateShare {
			if !k.rotation(s, rng, &m, from) {
				continue
			}
		} else if uBack {
			m.uTo = from
		} else if u >= 0 && k.empty > 0 {
			m.uTo, m.v, m.vTo = relocation(in, k.topicAt, k.hostFree, u, t, c)
		}
		// The sessions the move touches, each once, and their estimates
		// after it; delta is in half-people.
		var sessions [4]int
		var after [4]int
		touched, delta := 0, 0
		for _, cell := range [4]int{c, from, m.uTo, m.vTo} {
			if cell < 0 {
				continue
			}
			s := in.sessionOf(cell)
			seen := false
			for _, x := range sessions[:touched] {
				seen = seen || x == s
			}
			if !seen {
				sessions[touched], after[touched] = s, k.estimate(s, &m)
				delta += after[touched] - k.halves[s]
				touched++
			}
		}
		if delta < 0 && (float64(delta) < -60*temperature || rng.Float64() >= math.Exp(float64(delta)/(2*temperature))) {
			continue
		}
		k.apply(&m, from)
		for i, s := range sessions[:touched] {
			k.halves[s] = after[i]
		}
		current += delta
		if current > bestValue {
			bestValue = current
			copy(best, k.cell)
		}
	}
	return best
}

// rotation turns move m (t to u's cell) into a rotation of three topics: u
// takes the cell of a topic v among its own targets, and v takes t's old
// cell. Swaps alone can only make such a round in two steps, the first of
// which often loses too much to be taken: the most wanted topic of a
// session that its host can only give there, say, takes the hall from one
// that could have had another session's hall. The three hosts must be
// different people, so that each rule is checked on its own.
func (k *sketch) rotation(s *search, rng *rand.Rand, m *sketchMove, from int) bool {
	in := k.in
	t, u := m.t, m.u
	targets := s.targets[u]
	if rng.Float64() < nearShare {
		targets = s.near[u]
	}
	if len(targets) == 0 {
		return false
	}
	w := targets[rng.IntN(len(targets))]
	v := k.topicAt[w]
	if v < 0 || v == t || w == m.tTo || !in.movable(v) || !in.fitsCell(v, from) {
		return false
	}
	sameHost := func(x, y int) bool { return in.host[x] >= 0 && in.host[x] == in.host[y] }
	if sameHost(t, u) || sameHost(t, v) || sameHost(u, v) ||
		!k.hostFree(u, in.sessionOf(w), v) || !k.hostFree(v, in.sessionOf(from), t) {
		return false
	}
	m.uTo, m.v, m.vTo = w, v, from
	return true
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
