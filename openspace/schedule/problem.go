package schedule

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"openspace/openspace"
)

// MaxProblemRooms bounds the rooms of a scheduling problem: the scheduler
// keeps, per attendee and session, the set of rooms they want as a 64-bit
// mask. Events allow fewer rooms (MaxRooms), so this never bites in the app.
const MaxProblemRooms = 64

// Problem is the input of the scheduler (docs/SCHEDULING.md, "Formats"): the sessions and
// rooms of an event, its topics and everyone's votes.
type Problem struct {
	Sessions []ProblemSession `json:"sessions"`
	Rooms    []ProblemRoom    `json:"rooms"`
	Topics   []ProblemTopic   `json:"topics"`
	Votes    []ProblemVote    `json:"votes"`
}

// ProblemSession is a time slot in which topics run in parallel.
type ProblemSession struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

// ProblemRoom is a room with its capacity and equipment.
type ProblemRoom struct {
	ID        string   `json:"id"`
	Name      string   `json:"name"`
	Capacity  int      `json:"capacity"`
	Equipment []string `json:"equipment,omitempty"`
}

// ProblemTopic is a topic to place. Needs lists equipment its room must
// have; Pinned fixes its cell (a locked cell, a session already started).
// Host is the attendee who runs it: their topics never share a session,
// and they are seated in their own topic wherever it runs, taking a seat
// and counting as attended. Sessions, when given, lists the only sessions
// the topic may run in (its host's availability).
type ProblemTopic struct {
	ID       string   `json:"id"`
	Title    string   `json:"title"`
	Needs    []string `json:"needs,omitempty"`
	Pinned   *Pin     `json:"pinned,omitempty"`
	Host     string   `json:"host,omitempty"`
	Sessions []string `json:"sessions,omitempty"`
}

// Pin is the cell (session × room) a topic must stay in.
type Pin struct {
	Session string `json:"session"`
	Room    string `json:"room"`
}

// ProblemVote is one attendee's dots: the topics they want to attend.
type ProblemVote struct {
	Attendee string   `json:"attendee"`
	Topics   []string `json:"topics"`
}

// ReadProblem decodes one JSON problem from r and validates it. Unknown
// fields and anything after the object are rejected, so that a typo never
// silently turns into a default. Every error about the input is EINVALID.
func ReadProblem(r io.Reader) (Problem, error) {
	// Reading first keeps I/O failures apart from bad input.
	data, err := io.ReadAll(r)
	if err != nil {
		return Problem{}, fmt.Errorf("read problem: %w", err)
	}
	var p Problem
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return Problem{}, problemJSONError(data, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		line, col := lineColumn(data, dec.InputOffset())
		return Problem{}, openspace.Errorf(openspace.EINVALID, "Unexpected data after the problem at line %d, column %d: one JSON object expected.", line, col)
	}
	if err := p.Validate(); err != nil {
		return Problem{}, err
	}
	return p, nil
}

// problemJSONError turns a decoding error into an EINVALID error that says
// where the input is wrong.
func problemJSONError(data []byte, err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.EOF):
		return openspace.Errorf(openspace.EINVALID, "The problem is empty: a JSON object is expected.")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return openspace.Errorf(openspace.EINVALID, "The problem JSON ends too early.")
	case errors.As(err, &syntax):
		line, col := lineColumn(data, syntax.Offset-1) // Offset is just past the bad byte
		return openspace.Errorf(openspace.EINVALID, "Invalid JSON at line %d, column %d: %s.", line, col, strings.TrimPrefix(syntax.Error(), "json: "))
	case errors.As(err, &typ):
		line, col := lineColumn(data, typ.Offset-1)
		return openspace.Errorf(openspace.EINVALID, "Invalid problem at line %d, column %d: %s.", line, col, strings.TrimPrefix(typ.Error(), "json: "))
	default: // unknown field and the like
		return openspace.Errorf(openspace.EINVALID, "Invalid problem: %s.", strings.TrimPrefix(err.Error(), "json: "))
	}
}

// lineColumn converts the 0-based offset of a byte into 1-based line and
// column numbers.
func lineColumn(data []byte, offset int64) (line, col int) {
	if offset > int64(len(data)) {
		offset = int64(len(data))
	}
	before := data[:max(offset, 0)]
	line = bytes.Count(before, []byte("\n")) + 1
	col = len(before) - bytes.LastIndexByte(before, '\n')
	return line, col
}

// Validate reports the first rule the problem breaks, as an EINVALID error
// naming the session, room, topic or attendee at fault.
func (p *Problem) Validate() error {
	if len(p.Sessions) == 0 {
		return openspace.Errorf(openspace.EINVALID, "The problem needs at least one session.")
	}
	if len(p.Rooms) == 0 {
		return openspace.Errorf(openspace.EINVALID, "The problem needs at least one room.")
	}
	if len(p.Rooms) > MaxProblemRooms {
		return openspace.Errorf(openspace.EINVALID, "The problem has %d rooms; at most %d are supported.", len(p.Rooms), MaxProblemRooms)
	}
	sessions := map[string]bool{}
	for i, s := range p.Sessions {
		if s.ID == "" {
			return openspace.Errorf(openspace.EINVALID, "Session %d has no id.", i+1)
		}
		if sessions[s.ID] {
			return openspace.Errorf(openspace.EINVALID, "Session id %q appears twice.", s.ID)
		}
		sessions[s.ID] = true
	}
	rooms := map[string]ProblemRoom{}
	for i, r := range p.Rooms {
		if r.ID == "" {
			return openspace.Errorf(openspace.EINVALID, "Room %d has no id.", i+1)
		}
		if _, dup := rooms[r.ID]; dup {
			return openspace.Errorf(openspace.EINVALID, "Room id %q appears twice.", r.ID)
		}
		if r.Capacity < 1 {
			return openspace.Errorf(openspace.EINVALID, "Room %q: the capacity must be at least 1, not %d.", r.ID, r.Capacity)
		}
		for _, eq := range r.Equipment {
			if equipmentKey(eq) == "" {
				return openspace.Errorf(openspace.EINVALID, "Room %q: an equipment name is empty.", r.ID)
			}
		}
		rooms[r.ID] = r
	}
	topics := map[string]bool{}
	pinnedAt := map[Pin]string{}
	hostPinned := map[[2]string]string{} // (host, session) → pinned topic
	for i, t := range p.Topics {
		if t.ID == "" {
			return openspace.Errorf(openspace.EINVALID, "Topic %d has no id.", i+1)
		}
		if topics[t.ID] {
			return openspace.Errorf(openspace.EINVALID, "Topic id %q appears twice.", t.ID)
		}
		topics[t.ID] = true
		for _, need := range t.Needs {
			if equipmentKey(need) == "" {
				return openspace.Errorf(openspace.EINVALID, "Topic %q: a needed equipment name is empty.", t.ID)
			}
		}
		if t.Sessions != nil && len(t.Sessions) == 0 {
			return openspace.Errorf(openspace.EINVALID, "Topic %q: its list of sessions is empty; leave it out to allow every session.", t.ID)
		}
		allowed := map[string]bool{}
		for _, id := range t.Sessions {
			if !sessions[id] {
				return openspace.Errorf(openspace.EINVALID, "Topic %q may only run in unknown session %q.", t.ID, id)
			}
			if allowed[id] {
				return openspace.Errorf(openspace.EINVALID, "Topic %q lists session %q twice.", t.ID, id)
			}
			allowed[id] = true
		}
		if t.Host != "" && strings.TrimSpace(t.Host) == "" {
			return openspace.Errorf(openspace.EINVALID, "Topic %q: the host is blank.", t.ID)
		}
		if t.Pinned == nil {
			continue
		}
		pin := *t.Pinned
		if !sessions[pin.Session] {
			return openspace.Errorf(openspace.EINVALID, "Topic %q is pinned to unknown session %q.", t.ID, pin.Session)
		}
		if len(allowed) > 0 && !allowed[pin.Session] {
			return openspace.Errorf(openspace.EINVALID, "Topic %q is pinned to session %q, which is not among the sessions it may run in.", t.ID, pin.Session)
		}
		if t.Host != "" {
			key := [2]string{t.Host, pin.Session}
			if other, taken := hostPinned[key]; taken {
				return openspace.Errorf(openspace.EINVALID, "Topics %q and %q have the same host %q and are both pinned to session %q.", other, t.ID, t.Host, pin.Session)
			}
			hostPinned[key] = t.ID
		}
		room, ok := rooms[pin.Room]
		if !ok {
			return openspace.Errorf(openspace.EINVALID, "Topic %q is pinned to unknown room %q.", t.ID, pin.Room)
		}
		if missing := missingEquipment(t.Needs, room.Equipment); missing != "" {
			return openspace.Errorf(openspace.EINVALID, "Topic %q is pinned to room %q, which lacks %q.", t.ID, pin.Room, missing)
		}
		if other, taken := pinnedAt[pin]; taken {
			return openspace.Errorf(openspace.EINVALID, "Topics %q and %q are both pinned to session %q, room %q.", other, t.ID, pin.Session, pin.Room)
		}
		pinnedAt[pin] = t.ID
	}
	attendees := map[string]bool{}
	for i, v := range p.Votes {
		if v.Attendee == "" {
			return openspace.Errorf(openspace.EINVALID, "Vote %d has no attendee.", i+1)
		}
		if attendees[v.Attendee] {
			return openspace.Errorf(openspace.EINVALID, "Attendee %q has two vote entries.", v.Attendee)
		}
		attendees[v.Attendee] = true
		voted := map[string]bool{}
		for _, id := range v.Topics {
			if !topics[id] {
				return openspace.Errorf(openspace.EINVALID, "Attendee %q voted for unknown topic %q.", v.Attendee, id)
			}
			if voted[id] {
				return openspace.Errorf(openspace.EINVALID, "Attendee %q voted twice for topic %q.", v.Attendee, id)
			}
			voted[id] = true
		}
	}
	return nil
}

// UpperBound is what no plan of the problem can beat: the smallest of the
// bounds from people, seats per session and topics (bound.go).
func (p *Problem) UpperBound() int {
	return newInstance(p, Options{}).bound
}

// PinSlots returns a copy of the problem where each slot's topic is pinned
// to the slot's cell: how a re-plan keeps locked cells and the cells of
// sessions already started. The copy is validated.
func (p Problem) PinSlots(slots []Slot) (Problem, error) {
	q := p
	q.Topics = append([]ProblemTopic(nil), p.Topics...)
	index := map[string]int{}
	for i, t := range q.Topics {
		index[t.ID] = i
	}
	for _, s := range slots {
		i, ok := index[s.Topic]
		if !ok {
			return p, openspace.Errorf(openspace.EINVALID, "Cannot pin unknown topic %q.", s.Topic)
		}
		q.Topics[i].Pinned = &Pin{Session: s.Session, Room: s.Room}
	}
	if err := q.Validate(); err != nil {
		return p, err
	}
	return q, nil
}

// equipmentKey is how equipment names compare: "Screen " and "screen" are
// the same thing.
func equipmentKey(name string) string {
	return strings.ToLower(strings.TrimSpace(name))
}

// missingEquipment returns the first need the equipment list lacks, or "".
func missingEquipment(needs, equipment []string) string {
	have := map[string]bool{}
	for _, eq := range equipment {
		have[equipmentKey(eq)] = true
	}
	for _, need := range needs {
		if !have[equipmentKey(need)] {
			return need
		}
	}
	return ""
}

// Fits reports whether room r has every piece of equipment topic t needs.
func Fits(t ProblemTopic, r ProblemRoom) bool {
	return missingEquipment(t.Needs, r.Equipment) == ""
}
