package schedule

import "math/bits"

// scorer holds a grid (which topic is in which cell) and its exact value,
// kept up to date as topics are placed and removed.
//
// Why it is fast: within a session only the set of rooms an attendee wants
// matters, so attendees are grouped by that set (a bit mask over rooms).
// The session's max-flow then runs on groups instead of people — a few
// dozen nodes instead of a thousand — and stays exact.
type scorer struct {
	in        *instance
	cellTopic []int        // per cell: topic, or -1
	topicCell []int        // per topic: cell, or -1
	wants     [][]uint64   // per session, per attendee: rooms holding a topic they voted for
	hosting   [][]uint8    // per session, per attendee: topics they host there
	groups    []maskCounts // per session: attendees not hosting there, by wants
	value     []int        // per session: attended
	total     int
	empty     int // cells neither blocked nor filled (relocation)
	net       flowNetwork
	// scratch space for sessionFlow
	scratchMasks  []uint64
	scratchCounts []int32
}

func newScorer(in *instance) *scorer {
	sc := &scorer{
		in:        in,
		cellTopic: make([]int, in.cells()),
		topicCell: make([]int, in.topics),
		wants:     make([][]uint64, in.sessions),
		hosting:   make([][]uint8, in.sessions),
		groups:    make([]maskCounts, in.sessions),
		value:     make([]int, in.sessions),
	}
	for c := range sc.cellTopic {
		sc.cellTopic[c] = -1
	}
	for t := range sc.topicCell {
		sc.topicCell[t] = -1
	}
	for s := range sc.wants {
		sc.wants[s] = make([]uint64, len(in.attendees))
		sc.hosting[s] = make([]uint8, len(in.attendees))
		sc.groups[s] = newMaskCounts(in.rooms)
	}
	for _, blocked := range in.blocked {
		if !blocked {
			sc.empty++
		}
	}
	for t, c := range in.pinned {
		if c >= 0 {
			sc.place(t, c)
		}
	}
	sc.refreshAll()
	return sc
}

// load replaces the movable part of the grid with the given placement
// (cell per topic, -1 for none) and refreshes the values. What no longer
// fits is left out: a topic in a blocked cell or a room without its
// equipment, in a session its host cannot be in, or in a session where its
// host already runs another topic.
func (sc *scorer) load(topicCell []int) {
	in := sc.in
	for t, c := range sc.topicCell {
		if c >= 0 && in.movable(t) {
			sc.remove(t)
		}
	}
	for t, c := range topicCell {
		if c >= 0 && in.movable(t) && sc.cellTopic[c] < 0 && !in.blocked[c] && in.fitsCell(t, c) &&
			sc.hostFree(t, in.sessionOf(c), -1) {
			sc.place(t, c)
		}
	}
	sc.refreshAll()
}

// place puts topic t in the empty cell c. Values are refreshed separately
// (refresh) so that a move touching two topics computes each flow once.
func (sc *scorer) place(t, c int) {
	sc.cellTopic[c], sc.topicCell[t] = t, c
	sc.empty--
	sc.toggle(t, c)
	if h := sc.in.host[t]; h >= 0 {
		sc.host(sc.in.sessionOf(c), h, +1)
	}
}

// remove takes topic t out of its cell.
func (sc *scorer) remove(t int) {
	c := sc.topicCell[t]
	sc.cellTopic[c], sc.topicCell[t] = -1, -1
	sc.empty++
	sc.toggle(t, c)
	if h := sc.in.host[t]; h >= 0 {
		sc.host(sc.in.sessionOf(c), h, -1)
	}
}

// host counts a topic that attendee h hosts arriving in (+1) or leaving
// (-1) session s. A host is seated in their topic, so while they host in a
// session they leave its groups; sessionFlow gives them their seat.
func (sc *scorer) host(s int, h int32, delta int) {
	n := &sc.hosting[s][h]
	if *n == 0 {
		sc.groups[s].shift(sc.wants[s][h], 0)
	}
	*n = uint8(int(*n) + delta)
	if *n == 0 {
		sc.groups[s].shift(0, sc.wants[s][h])
	}
}

// hostFree reports whether topic t's host (if any) runs no other topic in
// session s, not counting topic `leaving` (-1: none), which is on its way
// out of s.
func (sc *scorer) hostFree(t, s, leaving int) bool {
	h := sc.in.host[t]
	if h < 0 {
		return true
	}
	n := int(sc.hosting[s][h])
	if c := sc.topicCell[t]; c >= 0 && sc.in.sessionOf(c) == s {
		n-- // t itself
	}
	if leaving >= 0 && leaving != t && sc.in.host[leaving] == h && sc.topicCell[leaving] >= 0 && sc.in.sessionOf(sc.topicCell[leaving]) == s {
		n--
	}
	return n == 0
}

// toggle flips the room of cell c in the wants of the voters of topic t
// (on when t arrives, off when it leaves) and moves them between mask
// groups. The search spends most of its time here, hence the inlined path
// for dense counts.
func (sc *scorer) toggle(t, c int) {
	s, bit := sc.in.sessionOf(c), uint64(1)<<sc.in.roomOf(c)
	wants, hosting, groups := sc.wants[s], sc.hosting[s], &sc.groups[s]
	if groups.table != nil {
		single := groups.single
		for _, a := range sc.in.voters[t] {
			old := wants[a]
			now := old ^ bit
			wants[a] = now
			if hosting[a] != 0 {
				continue
			}
			// Most attendees want at most one room of a session: counted
			// per room, here, without a call.
			if old&(old-1) == 0 && now&(now-1) == 0 {
				if old != 0 {
					single[bits.TrailingZeros64(old)]--
				}
				if now != 0 {
					single[bits.TrailingZeros64(now)]++
				}
				continue
			}
			groups.shift(old, now)
		}
		return
	}
	count, listed := groups.count, groups.listed
	for _, a := range sc.in.voters[t] {
		old := wants[a]
		now := old ^ bit
		wants[a] = now
		if hosting[a] != 0 {
			continue
		}
		if old != 0 {
			count[old]--
		}
		if now != 0 {
			if !listed[now] {
				listed[now] = true
				groups.list = append(groups.list, now)
			}
			count[now]++
		}
	}
}

// refresh recomputes the value of session s and the total.
func (sc *scorer) refresh(s int) {
	v := sc.sessionFlow(s)
	sc.total += v - sc.value[s]
	sc.value[s] = v
}

func (sc *scorer) refreshAll() {
	for s := range sc.value {
		sc.refresh(s)
	}
}

// snapshot returns a copy of the placement (cell per topic).
func (sc *scorer) snapshot() []int {
	return append([]int(nil), sc.topicCell...)
}

// sessionFlow is the exact attendance of session s: a max-flow from
// attendee groups to the rooms their topics are in, capped by capacity.
//
// Before any flow, two reductions that keep the result exact settle most
// groups: a group left with one usable room takes what seats it can there
// (some max-flow does that: a group with other options can always make
// way), and a room with seats for every group still wanting it serves them
// all (they lose nothing, and nobody else needed that room). A room with no
// seat left stops being usable. Only what remains goes to Dinic.
func (sc *scorer) sessionFlow(s int) int {
	in := sc.in
	var residual [MaxProblemRooms]int
	var usable uint64
	total := 0
	for r := 0; r < in.rooms; r++ {
		t := sc.cellTopic[s*in.rooms+r]
		if t < 0 {
			continue
		}
		residual[r] = in.capacity[r]
		if h := in.host[t]; h >= 0 && sc.hostSeatedHere(s, r, h) {
			residual[r]--
			total++
		}
		if residual[r] > 0 {
			usable |= 1 << r
		}
	}
	masks, counts := sc.groups[s].appendTo(sc.scratchMasks[:0], sc.scratchCounts[:0])
	defer func() { sc.scratchMasks, sc.scratchCounts = masks, counts }()
	for changed := true; changed && len(masks) > 0; {
		changed = false
		// Groups with one usable room take their seats; groups with none drop out.
		for i := 0; i < len(masks); {
			m := masks[i] & usable
			if m != 0 && m&(m-1) != 0 {
				masks[i] = m
				i++
				continue
			}
			if m != 0 {
				r := bits.TrailingZeros64(m)
				seated := min(int(counts[i]), residual[r])
				total += seated
				if residual[r] -= seated; residual[r] == 0 {
					usable &^= 1 << r
					changed = true
				}
			}
			last := len(masks) - 1
			masks[i], counts[i] = masks[last], counts[last]
			masks, counts = masks[:last], counts[:last]
		}
		// Rooms with a seat for everyone still wanting them serve them all.
		var demand [MaxProblemRooms]int
		for i, m := range masks {
			for rest := m; rest != 0; rest &= rest - 1 {
				demand[bits.TrailingZeros64(rest)] += int(counts[i])
			}
		}
		var slack uint64
		for rest := usable; rest != 0; rest &= rest - 1 {
			if r := bits.TrailingZeros64(rest); demand[r] <= residual[r] {
				slack |= 1 << r
			}
		}
		if slack == 0 {
			break
		}
		for i := 0; i < len(masks); {
			m := masks[i]
			if m&slack == 0 {
				i++
				continue
			}
			r := bits.TrailingZeros64(m & slack)
			residual[r] -= int(counts[i])
			total += int(counts[i])
			last := len(masks) - 1
			masks[i], counts[i] = masks[last], counts[last]
			masks, counts = masks[:last], counts[:last]
		}
		usable &^= slack
		changed = true
	}
	if len(masks) == 0 {
		return total
	}
	// Nodes: 0 source, 1 sink, 2..2+rooms-1 rooms, then one per group.
	net := &sc.net
	net.reset(2 + in.rooms + len(masks))
	for rest := usable; rest != 0; rest &= rest - 1 {
		r := bits.TrailingZeros64(rest)
		net.addEdge(2+r, 1, residual[r])
	}
	for i, m := range masks {
		node, count := 2+in.rooms+i, int(counts[i])
		net.addEdge(0, node, count)
		for rest := m; rest != 0; rest &= rest - 1 {
			net.addEdge(node, 2+bits.TrailingZeros64(rest), count)
		}
	}
	return total + net.maxFlow(0, 1)
}

// hostSeatedHere reports whether host h takes their seat in room r of
// session s: always, unless a plan given from outside has them host two
// topics at once, when they sit in the first (the search never does that).
func (sc *scorer) hostSeatedHere(s, r int, h int32) bool {
	if sc.hosting[s][h] == 1 {
		return true
	}
	for before := 0; before < r; before++ {
		if t := sc.cellTopic[s*sc.in.rooms+before]; t >= 0 && sc.in.host[t] == h {
			return false
		}
	}
	return true
}

// maskCounts counts attendees per non-empty room mask of one session. The
// list of masks in use is compacted lazily, when read, so that the hot path
// (shift, run for every voter of every moved topic) is two increments.
// Counts live in arrays indexed by the mask itself when there are at most
// denseRooms rooms, else at the slot of the mask in a small hash table;
// with the table, attendees wanting a single room (most of them: a few
// dots over many sessions) are counted per room instead, which spares the
// table most lookups and keeps the list short.
type maskCounts struct {
	list   []uint64 // masks whose count may be non-zero, in first-use order
	count  []int32  // by index
	listed []bool   // by index: the mask is in list
	table  *maskTable
	single []int32 // with the table: per room, attendees wanting only that room
}

// denseRooms is the largest room count for which arrays indexed by mask
// (2^rooms entries, 320 KB per session at 16 rooms) are used.
const denseRooms = 16

func newMaskCounts(rooms int) maskCounts {
	if rooms <= denseRooms {
		return maskCounts{count: make([]int32, 1<<rooms), listed: make([]bool, 1<<rooms)}
	}
	mc := maskCounts{table: &maskTable{}, single: make([]int32, rooms)}
	mc.table.resize(&mc, 64)
	return mc
}

func (mc *maskCounts) index(m uint64) int {
	if mc.table == nil {
		return int(m)
	}
	return mc.table.index(mc, m)
}

// shift moves one attendee from mask `from` to mask `to`; the empty mask is
// not tracked.
func (mc *maskCounts) shift(from, to uint64) {
	if mc.single != nil {
		if from != 0 && from&(from-1) == 0 {
			mc.single[bits.TrailingZeros64(from)]--
			from = 0
		}
		if to != 0 && to&(to-1) == 0 {
			mc.single[bits.TrailingZeros64(to)]++
			to = 0
		}
	}
	// index may grow the table (and replace count): call it first.
	if from != 0 {
		i := mc.index(from)
		mc.count[i]--
	}
	if to != 0 {
		i := mc.index(to)
		if !mc.listed[i] {
			mc.listed[i] = true
			mc.list = append(mc.list, to)
		}
		mc.count[i]++
	}
}

// appendTo appends the masks with a non-zero count and their counts, and
// drops the masks no longer used from the list.
func (mc *maskCounts) appendTo(masks []uint64, counts []int32) ([]uint64, []int32) {
	for r, n := range mc.single {
		if n != 0 {
			masks, counts = append(masks, 1<<r), append(counts, n)
		}
	}
	kept := mc.list[:0]
	for _, m := range mc.list {
		i := mc.index(m)
		if mc.count[i] == 0 {
			mc.listed[i] = false
			continue
		}
		kept = append(kept, m)
		masks, counts = append(masks, m), append(counts, mc.count[i])
	}
	mc.list = kept
	return masks, counts
}

// maskTable maps masks to slots by open addressing (linear probing); the
// counts and flags of maskCounts are stored at those slots. A Go map was
// ten times slower here.
type maskTable struct {
	keys  []uint64 // 0: free slot (the empty mask is never stored)
	used  int
	shift uint
}

func (h *maskTable) index(mc *maskCounts, m uint64) int {
	i := h.slot(m)
	if h.keys[i] == 0 {
		if 2*(h.used+1) > len(h.keys) {
			h.resize(mc, 2*len(h.keys))
			i = h.slot(m)
		}
		h.keys[i] = m
		h.used++
	}
	return i
}

func (h *maskTable) slot(m uint64) int {
	last := len(h.keys) - 1
	i := int((m * 0x9e3779b97f4a7c15) >> h.shift)
	for h.keys[i] != m && h.keys[i] != 0 {
		i = (i + 1) & last
	}
	return i
}

// resize rebuilds the table with at least the given number of slots,
// dropping masks that are neither counted nor listed.
func (h *maskTable) resize(mc *maskCounts, slots int) {
	keys, count, listed := h.keys, mc.count, mc.listed
	live := 0
	for i, k := range keys {
		if k != 0 && (count[i] != 0 || listed[i]) {
			live++
		}
	}
	size := 64
	for size < max(slots/2, 4*live) {
		size *= 2
	}
	h.keys, h.used, h.shift = make([]uint64, size), 0, uint(64-bitsLen(size-1))
	mc.count, mc.listed = make([]int32, size), make([]bool, size)
	for i, k := range keys {
		if k != 0 && (count[i] != 0 || listed[i]) {
			j := h.slot(k)
			h.keys[j], mc.count[j], mc.listed[j] = k, count[i], listed[i]
			h.used++
		}
	}
}

func bitsLen(x int) int { return bits.Len(uint(x)) }
