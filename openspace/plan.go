package openspace

import (
	"slices"
	"sort"
	"time"
)

// Plan is the grid session × room → topic. The organizer edits a draft;
// publishing copies the draft into the plan that attendees see.
type Plan struct {
	Cells       []Cell     `json:"cells"`
	PublishedAt *time.Time `json:"published_at,omitempty"`
}

// Cell is one session × room with the topic placed there. A locked cell
// keeps its topic when the organizer or the scheduler rearranges the rest.
type Cell struct {
	Session string `json:"session"`
	Room    string `json:"room"`
	Topic   string `json:"topic"`
	Locked  bool   `json:"locked,omitempty"`
	// Expected is the headcount the exact assignment expects there; set on
	// the published plan when it is published.
	Expected int `json:"expected"`
}

// Plan operations an organizer can send.
const (
	OpPlace  = "place"  // put Topic in (Session, Room); swaps with the topic there when Topic came from another cell
	OpClear  = "clear"  // empty (Session, Room)
	OpLock   = "lock"   // lock (Session, Room)
	OpUnlock = "unlock" // unlock (Session, Room)
)

// PlanOp is one edit of the draft grid.
type PlanOp struct {
	Op      string `json:"op"`
	Topic   string `json:"topic,omitempty"`
	Session string `json:"session"`
	Room    string `json:"room"`
}

// CellAt returns the index of the cell at (session, room), or -1.
func (p Plan) CellAt(session, room string) int {
	for i, c := range p.Cells {
		if c.Session == session && c.Room == room {
			return i
		}
	}
	return -1
}

// CellOf returns the index of the cell holding the topic, or -1.
func (p Plan) CellOf(topic string) int {
	for i, c := range p.Cells {
		if c.Topic == topic {
			return i
		}
	}
	return -1
}

// Clone returns a deep copy, so that an edit never aliases the original.
func (p Plan) Clone() Plan {
	q := p
	q.Cells = append([]Cell(nil), p.Cells...)
	if p.PublishedAt != nil {
		t := *p.PublishedAt
		q.PublishedAt = &t
	}
	return q
}

// Apply returns the plan with the operation applied, or an error that
// leaves the plan as it was.
func (p Plan) Apply(e Event, topics map[string]Topic, op PlanOp) (Plan, error) {
	room, ok := e.Room(op.Room)
	if !ok {
		return p, Errorf(EINVALID, "Unknown room %q.", op.Room)
	}
	sess, ok := e.Session(op.Session)
	if !ok {
		return p, Errorf(EINVALID, "Unknown session %q.", op.Session)
	}
	// A session under way is frozen: people are in its rooms.
	if sess.Started {
		return p, Errorf(ECONFLICT, "%q has started: its rooms stay as they are.", sess.Title)
	}
	q := p.Clone()
	at := q.CellAt(op.Session, op.Room)
	switch op.Op {
	case OpPlace:
		topic, ok := topics[op.Topic]
		if !ok {
			return p, Errorf(ENOTFOUND, "Topic not found.")
		}
		if !topic.Fits(room) {
			return p, Errorf(ECONFLICT, "%s lacks equipment that %q needs.", room.Name, topic.Title)
		}
		from := q.CellOf(op.Topic)
		if from >= 0 && from == at {
			return q, nil
		}
		if from >= 0 {
			if src, _ := e.Session(q.Cells[from].Session); src.Started {
				return p, Errorf(ECONFLICT, "%q has started: its rooms stay as they are.", src.Title)
			}
		}
		if from >= 0 && q.Cells[from].Locked {
			return p, Errorf(ECONFLICT, "%q is locked in its cell: unlock it first.", topic.Title)
		}
		if at >= 0 && q.Cells[at].Locked {
			return p, Errorf(ECONFLICT, "That cell is locked: unlock it first.")
		}
		if at >= 0 && from >= 0 {
			// Swap: the topic already there takes the place the moved one left.
			other := topics[q.Cells[at].Topic]
			fromRoom, _ := e.Room(q.Cells[from].Room)
			if !other.Fits(fromRoom) {
				return p, Errorf(ECONFLICT, "%s lacks equipment that %q needs.", fromRoom.Name, other.Title)
			}
			q.Cells[at].Topic, q.Cells[from].Topic = op.Topic, q.Cells[at].Topic
			return q, nil
		}
		if from >= 0 {
			q.Cells = append(q.Cells[:from], q.Cells[from+1:]...)
			at = q.CellAt(op.Session, op.Room)
		}
		if at >= 0 {
			q.Cells[at].Topic = op.Topic // the topic there goes back to the unplaced list
		} else {
			q.Cells = append(q.Cells, Cell{Session: op.Session, Room: op.Room, Topic: op.Topic})
		}
	case OpClear:
		if at < 0 {
			return q, nil
		}
		if q.Cells[at].Locked {
			return p, Errorf(ECONFLICT, "That cell is locked: unlock it first.")
		}
		q.Cells = append(q.Cells[:at], q.Cells[at+1:]...)
	case OpLock, OpUnlock:
		if at < 0 {
			return p, Errorf(ECONFLICT, "Only a cell with a topic can be locked.")
		}
		q.Cells[at].Locked = op.Op == OpLock
	default:
		return p, Errorf(EINVALID, "Unknown plan operation %q.", op.Op)
	}
	return q, nil
}

// Prune drops cells whose session, room or topic no longer exists, after the
// set-up was edited or a topic removed or merged.
func (p Plan) Prune(e Event, topics map[string]Topic) Plan {
	q := p.Clone()
	q.Cells = q.Cells[:0]
	for _, c := range p.Cells {
		_, okS := e.Session(c.Session)
		_, okR := e.Room(c.Room)
		_, okT := topics[c.Topic]
		if okS && okR && okT {
			q.Cells = append(q.Cells, c)
		}
	}
	return q
}

// DropUnfit drops cells whose topic needs equipment their room lacks, after
// a room lost equipment or a topic gained needs.
func (p Plan) DropUnfit(e Event, topics map[string]Topic) Plan {
	q := p.Clone()
	q.Cells = q.Cells[:0]
	for _, c := range p.Cells {
		if room, ok := e.Room(c.Room); ok && topics[c.Topic].Fits(room) {
			q.Cells = append(q.Cells, c)
		}
	}
	return q
}

// SameCells reports whether two plans hold the same cells in the same
// order, locks and headcounts included: a draft computed from one grid may
// replace it only while it is still that grid.
func (p Plan) SameCells(q Plan) bool {
	return slices.EqualFunc(p.Cells, q.Cells, func(a, b Cell) bool { return a == b })
}

// Validate checks a whole plan (from the scheduler or a client): known
// sessions, rooms and topics, one topic per cell, one cell per topic, and
// equipment.
func (p Plan) Validate(e Event, topics map[string]Topic) error {
	cells := map[[2]string]bool{}
	placed := map[string]bool{}
	for _, c := range p.Cells {
		room, ok := e.Room(c.Room)
		if !ok {
			return Errorf(EINVALID, "Unknown room %q.", c.Room)
		}
		if _, ok := e.Session(c.Session); !ok {
			return Errorf(EINVALID, "Unknown session %q.", c.Session)
		}
		t, ok := topics[c.Topic]
		if !ok {
			return Errorf(EINVALID, "Unknown topic %q.", c.Topic)
		}
		if cells[[2]string{c.Session, c.Room}] {
			return Errorf(EINVALID, "Two topics in one cell.")
		}
		if placed[c.Topic] {
			return Errorf(EINVALID, "%q is placed twice.", t.Title)
		}
		if !t.Fits(room) {
			return Errorf(EINVALID, "%s lacks equipment that %q needs.", room.Name, t.Title)
		}
		cells[[2]string{c.Session, c.Room}] = true
		placed[c.Topic] = true
	}
	return nil
}

// Seat is an assignment: an attendee expected in a topic during a session.
// The scheduler computes them at publish; "my schedule" starts from them.
type Seat struct {
	Attendee string `json:"attendee"`
	Session  string `json:"session"`
	Topic    string `json:"topic"`
	// Host: the attendee proposed the topic and hosts it; their seat is
	// theirs without a dot on it.
	Host bool `json:"host,omitempty"`
}

// ScheduleEntry is one line of an attendee's "my schedule".
type ScheduleEntry struct {
	Session  string      `json:"session"`
	Status   string      `json:"status"`            // ScheduleAssigned, ScheduleNoSeat or ScheduleNoVote
	Assigned *Placement  `json:"assigned"`          // where they are expected; nil without a seat
	Hosting  bool        `json:"hosting,omitempty"` // Assigned is the topic they host
	Choices  []Placement `json:"choices"`           // the topics they voted for that run in this session
	Open     []OpenSeat  `json:"open"`              // without a seat: topics of the session with room left, most first
}

// Statuses of a schedule entry.
const (
	ScheduleAssigned = "assigned" // seated in one of their choices
	ScheduleNoSeat   = "no_seat"  // voted for topics of this session, but their rooms are full
	ScheduleNoVote   = "no_vote"  // nothing they voted for runs in this session
)

// Placement is a topic and its room.
type Placement struct {
	Topic string `json:"topic"`
	Room  string `json:"room"`
}

// OpenSeat is a topic with free seats: capacity minus expected headcount.
type OpenSeat struct {
	Topic string `json:"topic"`
	Room  string `json:"room"`
	Free  int    `json:"free"`
}

// MySchedule lists, per session in event order, where the attendee is
// expected (from seats, the exact assignment computed at publish, where a
// host sits in the topic they host, or else the one of their choices with
// the most seats left), the placed topics
// they voted for, and, when they have no seat, where there is room.
func MySchedule(e Event, p Plan, b Ballot, seats []Seat) []ScheduleEntry {
	seatIn := map[string]Seat{}
	for _, s := range seats {
		seatIn[s.Session] = s
	}
	out := make([]ScheduleEntry, 0, len(e.Sessions))
	for _, s := range e.Sessions {
		entry := ScheduleEntry{Session: s.ID, Status: ScheduleNoVote, Choices: []Placement{}, Open: []OpenSeat{}}
		for _, r := range e.Rooms {
			i := p.CellAt(s.ID, r.ID)
			if i < 0 {
				continue
			}
			c := p.Cells[i]
			if b.Has(c.Topic) {
				entry.Choices = append(entry.Choices, Placement{Topic: c.Topic, Room: r.ID})
			}
			// A dot taken back gives the seat up; a host's seat needs none.
			if seat, ok := seatIn[s.ID]; ok && seat.Topic == c.Topic && (b.Has(c.Topic) || seat.Host) {
				entry.Assigned = &Placement{Topic: c.Topic, Room: r.ID}
				entry.Hosting = seat.Host
			}
			if free := r.Capacity - c.Expected; free > 0 {
				entry.Open = append(entry.Open, OpenSeat{Topic: c.Topic, Room: r.ID, Free: free})
			}
		}
		sort.SliceStable(entry.Open, func(i, j int) bool { return entry.Open[i].Free > entry.Open[j].Free })
		if entry.Assigned == nil {
			// Not seated at publish (a late vote, a late arrival): one of their
			// choices with seats left is where they should go.
			for _, o := range entry.Open {
				if b.Has(o.Topic) {
					entry.Assigned = &Placement{Topic: o.Topic, Room: o.Room}
					break
				}
			}
		}
		switch {
		case entry.Assigned != nil:
			entry.Status = ScheduleAssigned
			entry.Open = []OpenSeat{}
		case len(entry.Choices) > 0:
			entry.Status = ScheduleNoSeat
		}
		out = append(out, entry)
	}
	return out
}
