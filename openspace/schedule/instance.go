package schedule

import "math"

// instance is a Problem turned into indexes for the solvers: sessions,
// rooms, topics and attendees are numbered in input order, and a cell
// (session s, room r) is s*rooms + r. It tolerates an invalid problem by
// ignoring what does not fit (unknown ids, conflicting pins), so that a
// solver never panics; Validate is where such input is rejected.
//
// Attendees are the problem's vote entries, then the hosts who did not
// vote. A host is not among the voters of their own topic: wherever it
// runs they are seated there, which scorer and seats handle apart.
type instance struct {
	problem   *Problem
	sessions  int
	rooms     int
	topics    int
	attendees []string  // attendee ids by index
	capacity  []int     // per room
	fits      []uint64  // per topic: mask of the rooms whose equipment covers its needs
	allowed   [][]bool  // per topic: the sessions it may run in, nil for all
	host      []int32   // per topic: its host's attendee index, or -1
	pinned    []int     // per topic: the cell it is pinned to, or -1
	blocked   []bool    // per cell: must stay empty (frozen session, nothing there before)
	voters    [][]int32 // per topic: attendee indexes, each once, never its host
	previous  []int     // per topic: its cell in the previous plan, or -1; nil when none given
	bound     int       // no plan honours more (bound.go)
	// logs of capacity per room and of demand per topic: how well a room
	// suits a topic (relocation)
	logCapacity []float64
	logDemand   []float64
	byTopic     map[string]int
	cellOf      map[[2]string]int // (session id, room id) → cell
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
	in.allowed = make([][]bool, in.topics)
	in.pinned = make([]int, in.topics)
	sessionIndex := map[string]int{}
	for s := len(p.Sessions) - 1; s >= 0; s-- {
		sessionIndex[p.Sessions[s].ID] = s
	}
	for t, topic := range p.Topics {
		if _, dup := in.byTopic[topic.ID]; !dup {
			in.byTopic[topic.ID] = t
		}
		for r := 0; r < in.rooms; r++ {
			if missingEquipment(topic.Needs, p.Rooms[r].Equipment) == "" {
				in.fits[t] |= 1 << r
			}
		}
		if topic.Sessions != nil {
			in.allowed[t] = make([]bool, in.sessions)
			for _, id := range topic.Sessions {
				if s, ok := sessionIndex[id]; ok {
					in.allowed[t][s] = true
				}
			}
		}
		in.pinned[t] = -1
	}
	index := in.numberAttendees()
	in.voters = make([][]int32, in.topics)
	for a, v := range p.Votes {
		if index[v.Attendee] != a {
			continue // a second entry of one attendee would count them twice
		}
		seen := map[int]bool{}
		for _, id := range v.Topics {
			if t, ok := in.byTopic[id]; ok && !seen[t] && in.host[t] != int32(a) {
				seen[t] = true
				in.voters[t] = append(in.voters[t], int32(a))
			}
		}
	}
	in.blocked = make([]bool, in.sessions*in.rooms)
	pinnedCell := make([]bool, in.sessions*in.rooms)
	hostPinned := map[[2]int]bool{} // (host, session)
	for t, topic := range p.Topics {
		if topic.Pinned == nil {
			continue
		}
		c, ok := in.cellOf[[2]string{topic.Pinned.Session, topic.Pinned.Room}]
		if !ok || pinnedCell[c] || !in.fitsRoom(t, c) {
			continue
		}
		if h := in.host[t]; h >= 0 {
			key := [2]int{int(h), in.sessionOf(c)}
			if hostPinned[key] {
				in.host[t] = -1 // Validate refuses this; a tolerant solve keeps the pin
			}
			hostPinned[key] = true
		}
		in.pinned[t], pinnedCell[c] = c, true
	}
	if opts.Previous != nil {
		in.previous = in.placementOf(opts.Previous)
	}
	in.freeze(opts.Frozen, pinnedCell, hostPinned)
	in.bound = in.upperBound()
	in.logCapacity = make([]float64, in.rooms)
	for r, c := range in.capacity {
		in.logCapacity[r] = math.Log(float64(max(c, 1)))
	}
	in.logDemand = make([]float64, in.topics)
	for t := range in.logDemand {
		in.logDemand[t] = math.Log(float64(max(in.demand(t), 1)))
	}
	return in
}

// numberAttendees fills attendees and host: vote entries first (the first
// of two entries of one attendee wins), then hosts without votes. It
// returns the index of each attendee id.
func (in *instance) numberAttendees() map[string]int {
	index := map[string]int{}
	in.attendees = make([]string, len(in.problem.Votes))
	for a, v := range in.problem.Votes {
		in.attendees[a] = v.Attendee
		if _, dup := index[v.Attendee]; !dup {
			index[v.Attendee] = a
		}
	}
	in.host = make([]int32, in.topics)
	for t, topic := range in.problem.Topics {
		in.host[t] = -1
		if topic.Host == "" {
			continue
		}
		a, ok := index[topic.Host]
		if !ok {
			a = len(in.attendees)
			index[topic.Host] = a
			in.attendees = append(in.attendees, topic.Host)
		}
		in.host[t] = int32(a)
	}
	return index
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
// it: its topic is pinned there, an empty cell stays empty. A session under
// way keeps every topic it has, even where its host has since said they
// cannot be there; of two topics of one host running at once, the host is
// seated in the first and the second runs without them.
func (in *instance) freeze(sessions []string, pinnedCell []bool, hostPinned map[[2]int]bool) {
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
			if t >= 0 && in.pinned[t] < 0 && in.fitsRoom(t, c) {
				in.pinned[t], pinnedCell[c] = c, true
				if h := in.host[t]; h >= 0 {
					key := [2]int{int(h), s}
					if hostPinned[key] {
						in.host[t] = -1 // running already: its host sits in their other topic
					}
					hostPinned[key] = true
				}
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

// fitsCell reports whether topic t may go to cell c: the room has its
// equipment and its host can be there in that session.
func (in *instance) fitsCell(t, c int) bool {
	return in.fitsRoom(t, c) && (in.allowed[t] == nil || in.allowed[t][in.sessionOf(c)])
}

// fitsRoom reports whether the room of cell c has the equipment topic t needs.
func (in *instance) fitsRoom(t, c int) bool {
	return in.fits[t]&(1<<in.roomOf(c)) != 0
}

// movable reports whether the solver may place or move the topic.
func (in *instance) movable(t int) bool {
	return in.pinned[t] < 0 && in.fits[t] != 0 && in.allowedSomewhere(t)
}

func (in *instance) allowedSomewhere(t int) bool {
	if in.allowed[t] == nil {
		return true
	}
	for _, ok := range in.allowed[t] {
		if ok {
			return true
		}
	}
	return false
}

// voted is the number of attendees other than its host who voted for the topic.
func (in *instance) voted(t int) int { return len(in.voters[t]) }

// demand is the number of people who want to be in the topic: its voters
// and its host.
func (in *instance) demand(t int) int {
	if in.host[t] >= 0 {
		return len(in.voters[t]) + 1
	}
	return len(in.voters[t])
}
