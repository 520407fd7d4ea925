package schedule

import (
	"fmt"
	"math/bits"
	"slices"
	"strings"
)

// maxExactTopics and maxExactWork bound SolveExact: tables have 2^topics
// entries and the joins below cost about maxExactWork steps at most.
const (
	maxExactTopics = 20
	maxExactWork   = 400_000_000
)

// SolveExact returns a provably optimal plan, or false when the problem is
// too large: more than limit (and at most 20) topics to place, counting
// only unpinned topics with votes that fit some room (the others cannot
// change attendance). Tests use it to measure Solve against the optimum.
//
// How: sessions are independent once we know which topics each holds, so
//  1. for every set of at most "free rooms" topics, find the best way to
//     put them in a session's free rooms (trying each room assignment, up
//     to identical rooms, and stopping early when everyone who voted for
//     them is seated) — sessions with the same pins share this table;
//  2. combine the sessions: a table of the best value per set of used
//     topics for the first half of the sessions, another for the second
//     half, and a subset-maximum transform to join the two (meet in the
//     middle).
func SolveExact(p Problem, limit int) (Solution, bool) {
	in := newInstance(&p, Options{})
	sc := newScorer(in)
	var free []int
	for _, t := range byVotes(in) {
		if in.movable(t) && in.demand(t) > 0 {
			free = append(free, t)
		}
	}
	n := len(free)
	if n > limit || n > maxExactTopics {
		return Solution{}, false
	}
	ex := &exact{sc: sc, free: free, full: uint32(1)<<n - 1, classes: roomClasses(in)}
	ex.buildTables()
	half := (in.sessions + 1) / 2
	left, okL := ex.layers(0, half)
	right, okR := ex.layers(half, in.sessions)
	if !okL || !okR {
		return Solution{}, false
	}
	// best[C] = best value of the right half using a subset of C.
	size := 1 << n
	best := slices.Clone(right[len(right)-1].value)
	arg := make([]uint32, size)
	for c := range arg {
		arg[c] = uint32(c)
	}
	for b := 0; b < n; b++ {
		for c := 0; c < size; c++ {
			if c&(1<<b) != 0 && best[c^1<<b] > best[c] {
				best[c], arg[c] = best[c^1<<b], arg[c^1<<b]
			}
		}
	}
	lastLeft := left[len(left)-1]
	top, topLeft := int32(-1), uint32(0)
	for _, m := range lastLeft.reach {
		if rest := best[ex.full&^m]; rest >= 0 && lastLeft.value[m]+rest > top {
			top, topLeft = lastLeft.value[m]+rest, m
		}
	}
	if top < 0 {
		return Solution{}, false
	}
	chosen := make([]uint32, in.sessions)
	ex.unwind(left, 0, topLeft, chosen)
	ex.unwind(right, half, arg[ex.full&^topLeft], chosen)
	for s, set := range chosen {
		members := ex.members(set)
		if _, rooms := ex.bestRooms(s, members); rooms != nil {
			for i, t := range members {
				sc.place(t, s*in.rooms+rooms[i])
			}
		}
	}
	sc.refreshAll()
	fillEmptyCells(sc)
	breakRoomTies(sc)
	return in.solution(sc.topicCell), true
}

// exact holds the state of SolveExact. Bit i of a set is topic free[i].
type exact struct {
	sc      *scorer
	free    []int
	full    uint32
	classes []int      // per room: rooms with the same class are interchangeable
	tables  [][]int32  // per session: best value per set of topics, -1 if it does not fit
	valid   [][]uint32 // per session: the sets that fit
	work    int
}

// exactLayer is the best value per set of used topics after some sessions,
// and the set the last of them holds to get there.
type exactLayer struct {
	value  []int32 // -1: unreachable
	choice []uint32
	reach  []uint32 // reachable sets, in discovery order
}

// buildTables fills tables and valid, once per distinct pinned layout.
func (ex *exact) buildTables() {
	in := ex.sc.in
	ex.tables = make([][]int32, in.sessions)
	ex.valid = make([][]uint32, in.sessions)
	shared := map[string]int{}
	for s := 0; s < in.sessions; s++ {
		key := ex.layoutKey(s)
		if first, ok := shared[key]; ok {
			ex.tables[s], ex.valid[s] = ex.tables[first], ex.valid[first]
			continue
		}
		shared[key] = s
		freeRooms := 0
		for r := 0; r < in.rooms; r++ {
			if c := s*in.rooms + r; ex.sc.cellTopic[c] < 0 && !in.blocked[c] {
				freeRooms++
			}
		}
		table := make([]int32, ex.full+1)
		for set := range table {
			table[set] = -1
			if bits.OnesCount32(uint32(set)) > freeRooms {
				continue
			}
			if v, rooms := ex.bestRooms(s, ex.members(uint32(set))); rooms != nil {
				table[set] = int32(v)
				ex.valid[s] = append(ex.valid[s], uint32(set))
			}
		}
		ex.tables[s] = table
	}
}

// layoutKey describes what is fixed in a session: pinned topics, blocked
// cells and which free topics may run there. Sessions with the same key
// are interchangeable.
func (ex *exact) layoutKey(s int) string {
	var b strings.Builder
	in := ex.sc.in
	for r := 0; r < in.rooms; r++ {
		c := s*in.rooms + r
		fmt.Fprintf(&b, "%d/%t,", ex.sc.cellTopic[c], in.blocked[c])
	}
	for _, t := range ex.free {
		fmt.Fprintf(&b, "%t", in.allowed[t] == nil || in.allowed[t][s])
	}
	return b.String()
}

// layers runs the dynamic programme over sessions [from, to).
func (ex *exact) layers(from, to int) ([]exactLayer, bool) {
	size := int(ex.full) + 1
	start := exactLayer{value: make([]int32, size), reach: []uint32{0}}
	for i := range start.value {
		start.value[i] = -1
	}
	start.value[0] = 0
	out := []exactLayer{start}
	for s := from; s < to; s++ {
		prev, valid, table := out[len(out)-1], ex.valid[s], ex.tables[s]
		if ex.work += len(prev.reach) * len(valid); ex.work > maxExactWork {
			return nil, false
		}
		next := exactLayer{value: make([]int32, size), choice: make([]uint32, size)}
		for i := range next.value {
			next.value[i] = -1
		}
		for _, m := range prev.reach {
			base := prev.value[m]
			for _, set := range valid {
				if set&m != 0 {
					continue
				}
				u := set | m
				if v := base + table[set]; v > next.value[u] {
					if next.value[u] < 0 {
						next.reach = append(next.reach, u)
					}
					next.value[u], next.choice[u] = v, set
				}
			}
		}
		out = append(out, next)
	}
	return out, true
}

// unwind walks the layers back from the final set, writing the set each
// session holds into chosen (indexed from the first session of the layers).
func (ex *exact) unwind(layers []exactLayer, first int, set uint32, chosen []uint32) {
	for i := len(layers) - 1; i >= 1; i-- {
		own := layers[i].choice[set]
		chosen[first+i-1] = own
		set &^= own
	}
}

func (ex *exact) members(set uint32) []int {
	var out []int
	for rest := set; rest != 0; rest &= rest - 1 {
		out = append(out, ex.free[bits.TrailingZeros32(rest)])
	}
	return out
}

// bestRooms finds the best assignment of the topics to the free rooms of
// session s, trying rooms by capacity and skipping rooms identical to one
// already tried at the same step. It stops as soon as everyone who voted for
// a topic in the session is seated. rooms is nil when the topics do not fit.
func (ex *exact) bestRooms(s int, members []int) (value int, rooms []int) {
	sc, in := ex.sc, ex.sc.in
	if !ex.hostsApart(s, members) {
		return -1, nil
	}
	order := make([]int, in.rooms)
	for r := range order {
		order[r] = r
	}
	slices.SortStableFunc(order, func(a, b int) int { return in.capacity[b] - in.capacity[a] })
	bound := ex.seatBound(s, members)
	best, current := -1, make([]int, len(members))
	var try func(i int) bool
	try = func(i int) bool {
		if i == len(members) {
			if v := sc.sessionFlow(s); v > best {
				best, rooms = v, slices.Clone(current)
			}
			return best >= bound
		}
		t := members[i]
		var tried uint64
		for _, r := range order {
			c := s*in.rooms + r
			if sc.cellTopic[c] >= 0 || in.blocked[c] || !in.fitsCell(t, c) || tried&(1<<ex.classes[r]) != 0 {
				continue
			}
			tried |= 1 << ex.classes[r]
			sc.place(t, c)
			current[i] = r
			done := try(i + 1)
			sc.remove(t)
			if done {
				return true
			}
		}
		return false
	}
	try(0)
	return best, rooms
}

// hostsApart reports whether the members can share session s: no host
// runs two of them, or one of them and a topic pinned there.
func (ex *exact) hostsApart(s int, members []int) bool {
	sc, in := ex.sc, ex.sc.in
	seen := map[int32]bool{}
	for _, t := range members {
		h := in.host[t]
		if h < 0 {
			continue
		}
		if seen[h] || sc.hosting[s][h] != 0 {
			return false
		}
		seen[h] = true
	}
	return true
}

// seatBound bounds the attendance of session s with the members added:
// no more than the attendees who voted for one of its topics, and no more
// than Σ min(votes, capacity) with the most voted members in the largest
// free rooms (the pairing that maximises that sum).
func (ex *exact) seatBound(s int, members []int) int {
	sc, in := ex.sc, ex.sc.in
	wants := sc.wants[s]
	seen := make([]bool, len(wants))
	people := 0
	for a, w := range wants {
		if w != 0 || sc.hosting[s][a] != 0 {
			seen[a] = true
			people++
		}
	}
	for _, t := range members {
		for _, a := range in.voters[t] {
			if !seen[a] {
				seen[a] = true
				people++
			}
		}
		if h := in.host[t]; h >= 0 && !seen[h] {
			seen[h] = true
			people++
		}
	}
	seats := 0
	var freeCaps, votes []int
	for r := 0; r < in.rooms; r++ {
		c := s*in.rooms + r
		if t := sc.cellTopic[c]; t >= 0 {
			seats += min(in.demand(t), in.capacity[r])
		} else if !in.blocked[c] {
			freeCaps = append(freeCaps, in.capacity[r])
		}
	}
	for _, t := range members {
		votes = append(votes, in.demand(t))
	}
	slices.SortFunc(freeCaps, func(a, b int) int { return b - a })
	slices.SortFunc(votes, func(a, b int) int { return b - a })
	for i := range min(len(votes), len(freeCaps)) {
		seats += min(votes[i], freeCaps[i])
	}
	return min(people, seats)
}

// roomClasses numbers rooms so that rooms with the same capacity and
// equipment share a number.
func roomClasses(in *instance) []int {
	classes := make([]int, in.rooms)
	ids := map[string]int{}
	for r := 0; r < in.rooms; r++ {
		var eq []string
		for _, e := range in.problem.Rooms[r].Equipment {
			eq = append(eq, equipmentKey(e))
		}
		slices.Sort(eq)
		key := fmt.Sprint(in.capacity[r], eq)
		if _, ok := ids[key]; !ok {
			ids[key] = len(ids)
		}
		classes[r] = ids[key]
	}
	return classes
}
