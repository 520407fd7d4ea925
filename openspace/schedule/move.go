package schedule

// move sends topic t from cell `from` (-1: unscheduled) to cell `to`; the
// topic u that was in `to` (-1: none) goes to uTo: t's old cell (a swap)
// or -1, out of the grid (a replacement, when t was unscheduled or u does
// not fit t's old cell).
type move struct {
	t, u     int
	from, to int
	uTo      int
	// values before the move, so that undo needs no flow
	oldFrom, oldTo, oldTotal int
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
	uTo := from
	if u >= 0 && from >= 0 && (!in.fitsCell(u, from) || !sc.hostFree(u, in.sessionOf(from), t)) {
		uTo = -1 // a swap would break a rule: u leaves the grid
	}
	return move{t: t, u: u, from: from, to: c, uTo: uTo}, true
}

// apply performs the move and refreshes the sessions it touches.
func (sc *scorer) apply(m *move) {
	in := sc.in
	m.oldTotal, m.oldTo = sc.total, sc.value[in.sessionOf(m.to)]
	if m.from >= 0 {
		m.oldFrom = sc.value[in.sessionOf(m.from)]
		sc.remove(m.t)
	}
	if m.u >= 0 {
		sc.remove(m.u)
	}
	sc.place(m.t, m.to)
	if m.u >= 0 && m.uTo >= 0 {
		sc.place(m.u, m.uTo)
	}
	sc.refresh(in.sessionOf(m.to))
	if m.from >= 0 && in.sessionOf(m.from) != in.sessionOf(m.to) {
		sc.refresh(in.sessionOf(m.from))
	}
}

// undo reverts an applied move, restoring the saved values.
func (sc *scorer) undo(m *move) {
	in := sc.in
	sc.remove(m.t)
	if m.u >= 0 && m.uTo >= 0 {
		sc.remove(m.u)
	}
	if m.u >= 0 {
		sc.place(m.u, m.to)
	}
	if m.from >= 0 {
		sc.place(m.t, m.from)
		sc.value[in.sessionOf(m.from)] = m.oldFrom
	}
	sc.value[in.sessionOf(m.to)] = m.oldTo
	sc.total = m.oldTotal
}
