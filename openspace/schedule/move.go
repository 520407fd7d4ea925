package schedule

import (
	"math"
	"math/bits"
	"math/rand/v2"
)

// move sends topic t from cell `from` (-1: unscheduled) to cell `to`; the
// topic u that was in `to` (-1: none) goes to uTo: t's old cell (a swap),
// an empty cell it fits (when t was unscheduled or u does not fit t's old
// cell), or -1, out of the grid (a replacement, when no such cell is left).
type move struct {
	t, u     int
	from, to int
	uTo      int
	// v (-1: none) is the topic in uTo when u takes it; it goes to the
	// empty cell vTo (relocation)
	v, vTo int
	// values before the move, so that undo needs no flow: the sessions it
	// touches (at most four) and the total
	sessions [4]int
	old      [4]int
	touched  int
	oldTotal int
}

// moveFor builds the move of topic t to cell c, if the rules allow it:
// not its own cell, not a blocked or pinned cell, equipment and the hosts'
// sessions both ways, no host running two topics at once.
func (sc *scorer) moveFor(t, c int) (move, bool) {
	in := sc.in
	from := sc.topicCell[t]
	if c == from || in.blocked[c] || !in.movable(t) || !in.fitsCell(t, c) {
		return move{}, false
	}
	u := sc.cellTopic[c]
	if u >= 0 && !in.movable(u) {
		return move{}, false
	}
	if !sc.hostFree(t, in.sessionOf(c), u) {
		return move{}, false
	}
	m := move{t: t, u: u, from: from, to: c, uTo: from, v: -1, vTo: -1}
	if u >= 0 && (from < 0 || !in.fitsCell(u, from) || !sc.hostFree(u, in.sessionOf(from), t)) {
		m.uTo, m.v, m.vTo = sc.relocation(u, t, c)
	}
	return m, true
}

// relocation says where topic u goes when topic t pushes it out of cell c
// and t's old cell does not suit it, instead of leaving the grid: to an
// empty cell (v = -1), or to the cell of a topic v that goes to an empty
// cell vTo, whichever suits the rooms to the demands best; uTo = -1 when
// there is no such cell. With as many topics as cells, a topic only one
// session or one kind of room suits can then come in without throwing
// another out, which single moves hardly ever undo.
func (sc *scorer) relocation(u, t, c int) (uTo, v, vTo int) {
	if sc.empty == 0 {
		return -1, -1, -1
	}
	return relocation(sc.in, sc.cellTopic, sc.hostFree, u, t, c)
}

// relocation finds that chain in a grid given by its topic per cell and its
// hosts' rule (scorer or sketch). A chain of three asks the three hosts to
// be different people, so that each rule is checked on its own.
func relocation(in *instance, cellTopic []int, hostFree func(t, s, leaving int) bool, u, t, c int) (uTo, v, vTo int) {
	uTo, v, vTo = -1, -1, -1
	suits := func(x, cell int) float64 { return math.Abs(in.logCapacity[in.roomOf(cell)] - in.logDemand[x]) }
	sameHost := func(x, y int) bool { return in.host[x] >= 0 && in.host[x] == in.host[y] }
	best := math.Inf(1)
	var emptyCells [8]int // the first few, for chains
	empties := 0
	for e, x := range cellTopic {
		if x >= 0 || in.blocked[e] {
			continue
		}
		if empties < len(emptyCells) {
			emptyCells[empties] = e
			empties++
		}
		if !in.fitsCell(u, e) {
			continue
		}
		s := in.sessionOf(e)
		if !hostFree(u, s, -1) || s == in.sessionOf(c) && sameHost(u, t) {
			continue
		}
		if d := suits(u, e); d < best {
			uTo, best = e, d
		}
	}
	if uTo >= 0 || empties == 0 || sameHost(u, t) {
		return uTo, -1, -1
	}
	// Only the rooms u fits, in the sessions it may run in.
	for rooms := in.fits[u]; rooms != 0; rooms &= rooms - 1 {
		r := bits.TrailingZeros64(rooms)
		for session := 0; session < in.sessions; session++ {
			e2 := session*in.rooms + r
			y := cellTopic[e2]
			if y < 0 || y == t || y == u || in.allowed[u] != nil && !in.allowed[u][session] || !in.movable(y) ||
				sameHost(y, t) || sameHost(y, u) {
				continue
			}
			for _, e := range emptyCells[:empties] {
				if !in.fitsCell(y, e) {
					continue
				}
				d := suits(u, e2) + suits(y, e)
				if d >= best || !hostFree(u, session, y) || !hostFree(y, in.sessionOf(e), -1) {
					continue
				}
				uTo, v, vTo, best = e2, y, e, d
			}
		}
	}
	return uTo, v, vTo
}

// rotation turns the swap of topic t (in cell from) with topic u (in cell
// c) into a rotation of three topics: u takes the cell w of a topic v among
// its own targets, and v takes t's old cell. Swaps alone can only make such
// a round in two steps, the first of which often loses too much to be
// taken: the most wanted topic of a session that its host can only give
// there, say, takes the hall from one that could have had another
// session's hall. The three hosts must be different people, so that each
// rule is checked on its own. The grid is given by its topic per cell and
// its hosts' rule (scorer or sketch).
func (s *search) rotation(rng *rand.Rand, cellTopic []int, hostFree func(t, s, leaving int) bool, t, c, u, from int) (w, v int, ok bool) {
	in := s.sc.in
	targets := s.targets[u]
	if rng.Float64() < nearShare {
		targets = s.near[u]
	}
	if len(targets) == 0 {
		return -1, -1, false
	}
	w = targets[rng.IntN(len(targets))]
	v = cellTopic[w]
	if v < 0 || v == t || w == c || !in.movable(v) || !in.fitsCell(v, from) {
		return -1, -1, false
	}
	sameHost := func(x, y int) bool { return in.host[x] >= 0 && in.host[x] == in.host[y] }
	if sameHost(t, u) || sameHost(t, v) || sameHost(u, v) ||
		!hostFree(u, in.sessionOf(w), v) || !hostFree(v, in.sessionOf(from), t) {
		return -1, -1, false
	}
	return w, v, true
}

// sketched is the move as the sketch sees it.
func (m *move) sketched() sketchMove {
	return sketchMove{t: m.t, tTo: m.to, u: m.u, uTo: m.uTo, v: m.v, vTo: m.vTo}
}

// apply performs the move and refreshes the sessions it touches.
func (sc *scorer) apply(m *move) {
	in := sc.in
	m.oldTotal, m.touched = sc.total, 0
	for _, c := range [4]int{m.to, m.from, m.uTo, m.vTo} {
		if c < 0 {
			continue
		}
		s := in.sessionOf(c)
		seen := false
		for _, x := range m.sessions[:m.touched] {
			seen = seen || x == s
		}
		if !seen {
			m.sessions[m.touched], m.old[m.touched] = s, sc.value[s]
			m.touched++
		}
	}
	if m.from >= 0 {
		sc.remove(m.t)
	}
	if m.u >= 0 {
		sc.remove(m.u)
	}
	if m.v >= 0 {
		sc.remove(m.v)
		sc.place(m.v, m.vTo)
	}
	sc.place(m.t, m.to)
	if m.u >= 0 && m.uTo >= 0 {
		sc.place(m.u, m.uTo)
	}
	for _, s := range m.sessions[:m.touched] {
		sc.refresh(s)
	}
}

// undo reverts an applied move, restoring the saved values.
func (sc *scorer) undo(m *move) {
	sc.remove(m.t)
	if m.u >= 0 && m.uTo >= 0 {
		sc.remove(m.u)
	}
	if m.v >= 0 {
		sc.remove(m.v)
		sc.place(m.v, m.uTo)
	}
	if m.u >= 0 {
		sc.place(m.u, m.to)
	}
	if m.from >= 0 {
		sc.place(m.t, m.from)
	}
	for i, s := range m.sessions[:m.touched] {
		sc.value[s] = m.old[i]
	}
	sc.total = m.oldTotal
}
