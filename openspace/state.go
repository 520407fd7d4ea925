package openspace

import "reflect"

// State is everything a screen shows about an event. The first WebSocket
// message carries it whole; later messages carry a Patch.
type State struct {
	Event      Event      `json:"event"`
	Attendance Attendance `json:"attendance"`
	Topics     []Topic    `json:"topics"`          // sorted by votes, most first, then by creation
	Plan       *Plan      `json:"plan"`            // the published plan; nil until published
	Headcounts Headcounts `json:"headcounts"`      // who checked in where, per session
	Notes      TopicNotes `json:"notes"`           // every topic's notes, by topic ID; nil: none
	Draft      *Plan      `json:"draft,omitempty"` // organizer screens only
	// Report scores the draft for organizer screens: the hub's source adds
	// it, computed once per change for every console.
	Report *PlanReport `json:"report,omitempty"`
	// ROTI counts the feedback's marks (no text: every screen sees it).
	ROTI *ROTISummary `json:"roti,omitempty"`
}

// Public is the state without what only organizers see.
func (s State) Public() State {
	s.Draft, s.Report = nil, nil
	s.Event = s.Event.Public()
	return s
}

// Public is the event without what only organizers see: the recap's
// introduction, a draft until they post the recap.
func (e Event) Public() Event {
	e.Intro = ""
	return e
}

// AttendeeView is what one attendee sees of an event beyond the shared
// state: who they are, their ballot, the published plan and their seats,
// read at one moment.
type AttendeeView struct {
	Attendee  Attendee
	Event     Event
	Ballot    Ballot
	Published *Plan             // nil until the event is published
	Seats     []Seat            // from the last publish; empty before it
	Checkins  map[string]string // session ID → room ID the attendee checked into
	Link      *PersonalLink     // nil without an active personal link
}

// Patch carries the parts of a State that changed; absent fields did not.
// Topics are upserted by ID; RemovedTopics are deleted.
type Patch struct {
	Event         *Event      `json:"event,omitempty"`
	Attendance    *Attendance `json:"attendance,omitempty"`
	Topics        []Topic     `json:"topics,omitempty"`
	RemovedTopics []string    `json:"removed_topics,omitempty"`
	Plan          *Plan       `json:"plan,omitempty"`
	Headcounts    *Headcounts `json:"headcounts,omitempty"` // the whole map, when a check-in changed
	Notes         []Notes     `json:"notes,omitempty"`      // the notes of Change.Notes' topics
	Draft         *Plan       `json:"draft,omitempty"`
	Report        *PlanReport `json:"report,omitempty"` // the whole new report, organizers only
	// ROTI is the whole new summary of the marks, when feedback changed.
	ROTI *ROTISummary `json:"roti,omitempty"`
}

// Public is the patch without what only organizers see.
func (p Patch) Public() Patch {
	p.Draft, p.Report = nil, nil
	if p.Event != nil && p.Event.Intro != "" {
		e := p.Event.Public()
		p.Event = &e
	}
	return p
}

// OrganizerOnly reports whether the patch carries something only
// organizers see: whether Public drops anything. It is derived from Public
// so that what only organizers see is listed in one place.
func (p Patch) OrganizerOnly() bool { return !reflect.DeepEqual(p, p.Public()) }

// Change names what a write changed, so that the live layer knows which
// parts of the state to send again.
type Change struct {
	Event      bool     // set-up or phases
	Attendance bool     // someone joined
	Topics     []string // topic IDs created, edited or re-counted
	Removed    []string // topic IDs deleted or merged away
	Plan       bool     // published plan
	Draft      bool     // draft plan (organizer only)
	Checkins   bool     // someone checked into a room or left it
	Notes      []string // topic IDs whose notes were saved
	Feedback   bool     // someone gave or changed their feedback
}

// Merge folds another change into this one.
func (c *Change) Merge(o Change) {
	c.Event = c.Event || o.Event
	c.Attendance = c.Attendance || o.Attendance
	c.Plan = c.Plan || o.Plan
	c.Draft = c.Draft || o.Draft
	c.Checkins = c.Checkins || o.Checkins
	c.Feedback = c.Feedback || o.Feedback
	c.Notes = append(c.Notes, o.Notes...)
	c.Topics = append(c.Topics, o.Topics...)
	c.Removed = append(c.Removed, o.Removed...)
}

// AffectsReport reports whether the change may change the report of the
// draft: its cells, the votes and topics it seats, the rooms it uses.
func (c Change) AffectsReport() bool {
	return c.Draft || c.Event || len(c.Topics) > 0 || len(c.Removed) > 0
}

// Empty reports whether nothing changed.
func (c Change) Empty() bool {
	return !c.Event && !c.Attendance && !c.Plan && !c.Draft && !c.Checkins && !c.Feedback &&
		len(c.Notes) == 0 && len(c.Topics) == 0 && len(c.Removed) == 0
}
