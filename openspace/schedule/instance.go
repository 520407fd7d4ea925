package schedule

// instance is a Problem turned into indexes for the solvers: sessions,
// rooms, topics and attendees are numbered in input order, and a cell
// (session s, room r) is s*rooms + r. It tolerates an invalid problem by
// ignoring what does not fit (unknown ids, conflicting pins), so that a
// solver never panics; Validate is where such input is rejected.
type instance struct {
	problem  *Problem
	sessions int
	rooms    int
	topics   int
	capacity []int     // per room
	fits     []uint64  // per topic: mask of the rooms whose equipment covers its needs
	pinned   []int     // per topic: the cell it is pinned to, or -1
	blocked  []bool    // per cell: must stay empty (frozen session, nothing there before)
	voters   [][]int32 // per topic: attendee indexes, each once
	previous []int     // per topic: its cell in the previous plan, or -1; nil when none given
	bound    int       // Σ over attendees of min(#voted topics that can be placed, #sessions)
	byTopic  map[string]int
	cellOf   map[[2]string]int // (session id, room id) → cell
}

func newInstance(p *Problem, opts Options) *instance {
	in := &instance{
		problem:  p,
		sessions: len(p.Sessions),
		rooms:    min(len(p.Rooms), MaxProblemRooms),
		topics:   len(p.Topics),
		byTopic:  map[string]int{},
		cellOf:   map[[2]string]int{},
	}
	for s, sess := range p.Sessions {
		for r := 0; r < in.rooms; r++ {
			key := [2]string{sess.ID, p.Rooms[r].ID}
			if _, dup := in.cellOf[key]; !dup {
				in.cellOf[key] = s*in.rooms + r
			}
		}
	}
	in.capacity = make([]int, in.rooms)
	for r := range in.capacity {
		in.capacity[r] = max(p.Rooms[r].Capacity, 0)
	}
	in.fits = make([]uint64, in.topics)
	in.pinned = make([]int, in.topics)
	in.voters = make([][]int32, in.topics)
	for t, topic := range p.Topics {
		if _, dup := in.byTopic[topic.ID]; !dup {
			in.byTopic[topic.ID] = t
		}
		for r := 0; r < in.rooms; r++ {
			if missingEquipment(topic.Needs, p.Rooms[r].Equipment) == "" {
				in.fits[t] |= 1 << r
			}
		}
		in.pinned[t] = -1
	}
	in.blocked = make([]bool, in.sessions*in.rooms)
	pinnedCell := make([]bool, in.sessions*in.rooms)
	for t, topic := range p.Topics {
		if topic.Pinned == nil {
			continue
		}
		if c, ok := in.cellOf[[2]string{topic.Pinned.Session, topic.Pinned.Room}]; ok && !pinnedCell[c] && in.fitsCell(t, c) {
			in.pinned[t], pinnedCell[c] = c, true
		}
	}
	attendees := map[string]bool{}
	for a, v := range p.Votes {
		if attendees[v.Attendee] {
			continue // a second entry of one attendee would count them twice
		}
		attendees[v.Attendee] = true
		seen := map[int]bool{}
		for _, id := range v.Topics {
			if t, ok := in.byTopic[id]; ok && !seen[t] {
				seen[t] = true
				in.voters[t] = append(in.voters[t], int32(a))
			}
		}
	}
	if opts.Previous != nil {
		in.previous = in.placementOf(opts.Previous)
	}
	in.freeze(opts.Frozen, pinnedCell)
	in.bound = in.seatBound()
	return in
}

// seatBound is the upper bound of Problem.UpperBound, counting only topics
// that can be placed: reaching it proves a plan optimal.
func (in *instance) seatBound() int {
	placeable := make([]int, len(in.problem.Votes))
	for t, voters := range in.voters {
		if in.pinned[t] >= 0 || in.fits[t] != 0 {
			for _, a := range voters {
				placeable[a]++
			}
		}
	}
	bound := 0
	for _, n := range placeable {
		bound += min(n, in.sessions)
	}
	return bound
}

// placementOf maps slots to a cell per topic (-1 when not placed), keeping
// the first of conflicting slots and dropping unknown ids.
func (in *instance) placementOf(slots []Slot) []int {
	cellOfTopic := make([]int, in.topics)
	for t := range cellOfTopic {
		cellOfTopic[t] = -1
	}
	used := map[int]bool{}
	for _, s := range slots {
		t, okT := in.byTopic[s.Topic]
		c, okC := in.cellOf[[2]string{s.Session, s.Room}]
		if okT && okC && cellOfTopic[t] < 0 && !used[c] {
			cellOfTopic[t], used[c] = c, true
		}
	}
	return cellOfTopic
}

// freeze keeps every cell of the frozen sessions as the previous plan had
// it: its topic is pinned there, an empty cell stays empty.
func (in *instance) freeze(sessions []string, pinnedCell []bool) {
	for _, id := range sessions {
		s := in.sessionIndex(id)
		if s < 0 {
			continue
		}
		for r := 0; r < in.rooms; r++ {
			c := s*in.rooms + r
			if pinnedCell[c] {
				continue
			}
			t := in.previousTopicAt(c)
			if t >= 0 && in.pinned[t] < 0 && in.fitsCell(t, c) {
				in.pinned[t], pinnedCell[c] = c, true
			} else {
				in.blocked[c] = true
			}
		}
	}
}

func (in *instance) sessionIndex(id string) int {
	for s, sess := range in.problem.Sessions {
		if sess.ID == id {
			return s
		}
	}
	return -1
}

func (in *instance) previousTopicAt(c int) int {
	for t, pc := range in.previous {
		if pc == c {
			return t
		}
	}
	return -1
}

func (in *instance) cells() int          { return in.sessions * in.rooms }
func (in *instance) sessionOf(c int) int { return c / in.rooms }
func (in *instance) roomOf(c int) int    { return c % in.rooms }

func (in *instance) fitsCell(t, c int) bool {
	return in.fits[t]&(1<<in.roomOf(c)) != 0
}

// movable reports whether the solver may place or move the topic.
func (in *instance) movable(t int) bool {
	return in.pinned[t] < 0 && in.fits[t] != 0
}

// votes is the number of attendees who voted for the topic.
func (in *instance) votes(t int) int { return len(in.voters[t]) }
