package openspace

import (
	"fmt"
	"time"
	"unicode/utf8"
)

// ExportVersion is the version of the EventExport format this code writes
// and reads. A change that an older reader would misread bumps it.
const ExportVersion = 1

// Limits of an imported file, beyond those of each field: they keep a
// hostile file from filling the disk (the body limit of the route bounds
// the whole file too).
const (
	MaxExportIDLen    = 100
	MaxImportRecords  = 200000
	maxFeedbackTopics = 1000
)

// EventExport is a whole event, as the organizer downloads it and imports
// it again: every record the store keeps about the event, except its
// secrets (the organizer key hash and the attendees' device tokens), which
// never leave the server. IDs are the event's; an import gives every
// record a new one and keeps the relations between them.
type EventExport struct {
	Version    int           `json:"version"`
	ExportedAt time.Time     `json:"exported_at"`
	Event      Event         `json:"event"`
	Attendees  []Attendee    `json:"attendees"`
	Topics     []Topic       `json:"topics"`
	Votes      []ExportVote  `json:"votes"` // in the order they were cast
	Draft      Plan          `json:"draft"`
	Published  *Plan         `json:"published,omitempty"`
	Seats      []Seat        `json:"seats"`
	Checkins   []CheckinItem `json:"checkins"`
	Notes      []Notes       `json:"notes"`
	Feedback   []Feedback    `json:"feedback"`
}

// ExportVote is one dot: who put it on which topic, and when.
type ExportVote struct {
	Attendee string    `json:"attendee"`
	Topic    string    `json:"topic"`
	At       time.Time `json:"at"`
}

// CheckinItem is one check-in: the room an attendee said they are in for a
// session.
type CheckinItem struct {
	Session  string `json:"session"`
	Attendee string `json:"attendee"`
	Room     string `json:"room"`
}

// Validate reports the first thing that makes the file unfit to import, as
// an EINVALID error: a version this code does not read, a field that breaks
// its rule, a missing or repeated ID, a record that points at something the
// file does not hold. A valid file imports without surprise.
func (x *EventExport) Validate() error {
	if x.Version != ExportVersion {
		return Errorf(EINVALID, "This file is an export of version %d; this server reads version %d.", x.Version, ExportVersion)
	}
	n := len(x.Attendees) + len(x.Topics) + len(x.Votes) + len(x.Seats) + len(x.Checkins) + len(x.Notes) + len(x.Feedback)
	if n > MaxImportRecords {
		return Errorf(EINVALID, "The file holds more than %d records.", MaxImportRecords)
	}
	e := x.Event
	setup := EventSetup{
		Title: e.Title, Date: e.Date, Venue: e.Venue, Language: e.Language,
		Sessions: e.Sessions, Rooms: e.Rooms, DotBudget: e.DotBudget, Question: e.Question,
		PitchSeconds: e.PitchSeconds, TimeZone: e.TimeZone,
	}
	if err := setup.Validate(); err != nil {
		return err
	}
	if PhaseIndex(e.Phase) < 0 {
		return Errorf(EINVALID, "Unknown phase %q.", e.Phase)
	}
	if err := validateText("introduction", e.Intro, MaxIntroLen, false); err != nil {
		return err
	}
	ids := newIDSet()
	sessions, rooms := map[string]bool{}, map[string]bool{}
	for _, s := range e.Sessions {
		if err := ids.add("session", s.ID); err != nil {
			return err
		}
		sessions[s.ID] = true
	}
	for _, r := range e.Rooms {
		if err := ids.add("room", r.ID); err != nil {
			return err
		}
		rooms[r.ID] = true
	}
	attendees := map[string]bool{}
	for _, a := range x.Attendees {
		if err := ids.add("attendee", a.ID); err != nil {
			return err
		}
		attendees[a.ID] = true
		if err := validateLine("name", a.Name, MaxNameLen, false); err != nil {
			return err
		}
		if err := validateLine("choice", a.Answer, MaxNameLen, false); err != nil {
			return err
		}
	}
	topics := map[string]bool{}
	for _, tp := range x.Topics {
		if err := ids.add("topic", tp.ID); err != nil {
			return err
		}
		topics[tp.ID] = true
		in := TopicInput{Title: tp.Title, Description: tp.Description, Host: tp.Host, Needs: tp.Needs, HostSessions: tp.HostSessions}
		if err := in.Validate(); err != nil {
			return err
		}
		if tp.ProposerID != "" && !attendees[tp.ProposerID] {
			return unknownRef("attendee", tp.ProposerID)
		}
	}
	for _, tid := range append(append([]string(nil), e.Pitch.Queue...), e.Pitch.Current) {
		if tid != "" && !topics[tid] {
			return unknownRef("topic", tid)
		}
	}
	voted := map[[2]string]bool{}
	for _, v := range x.Votes {
		if !attendees[v.Attendee] {
			return unknownRef("attendee", v.Attendee)
		}
		if !topics[v.Topic] {
			return unknownRef("topic", v.Topic)
		}
		if voted[[2]string{v.Attendee, v.Topic}] {
			return Errorf(EINVALID, "Attendee %q voted twice for topic %q.", v.Attendee, v.Topic)
		}
		voted[[2]string{v.Attendee, v.Topic}] = true
	}
	refs := func(session, room, topic string) error {
		if !sessions[session] {
			return unknownRef("session", session)
		}
		if room != "" && !rooms[room] {
			return unknownRef("room", room)
		}
		if topic != "" && !topics[topic] {
			return unknownRef("topic", topic)
		}
		return nil
	}
	plans := []Plan{x.Draft}
	if x.Published != nil {
		plans = append(plans, *x.Published)
	}
	for _, p := range plans {
		cells, placed := map[[2]string]bool{}, map[string]bool{}
		for _, c := range p.Cells {
			if err := refs(c.Session, c.Room, c.Topic); err != nil {
				return err
			}
			if c.Room == "" || c.Topic == "" {
				return Errorf(EINVALID, "A cell of a plan lacks its room or its topic.")
			}
			if cells[[2]string{c.Session, c.Room}] {
				return Errorf(EINVALID, "Two topics in one cell.")
			}
			if placed[c.Topic] {
				return Errorf(EINVALID, "%q is placed twice.", c.Topic)
			}
			if c.Expected < 0 || c.Expected > MaxImportRecords {
				return Errorf(EINVALID, "A cell of a plan has an impossible headcount.")
			}
			cells[[2]string{c.Session, c.Room}], placed[c.Topic] = true, true
		}
	}
	seated := map[[2]string]bool{}
	for _, s := range x.Seats {
		if !attendees[s.Attendee] {
			return unknownRef("attendee", s.Attendee)
		}
		if err := refs(s.Session, "", s.Topic); err != nil {
			return err
		}
		if seated[[2]string{s.Attendee, s.Session}] {
			return Errorf(EINVALID, "Attendee %q has two seats in one session.", s.Attendee)
		}
		seated[[2]string{s.Attendee, s.Session}] = true
	}
	checked := map[[2]string]bool{}
	for _, c := range x.Checkins {
		if !attendees[c.Attendee] {
			return unknownRef("attendee", c.Attendee)
		}
		if c.Room == "" {
			return unknownRef("room", c.Room)
		}
		if err := refs(c.Session, c.Room, ""); err != nil {
			return err
		}
		if checked[[2]string{c.Attendee, c.Session}] {
			return Errorf(EINVALID, "Attendee %q is in two rooms in one session.", c.Attendee)
		}
		checked[[2]string{c.Attendee, c.Session}] = true
	}
	noted := map[string]bool{}
	for _, nt := range x.Notes {
		if !topics[nt.Topic] {
			return unknownRef("topic", nt.Topic)
		}
		if noted[nt.Topic] {
			return Errorf(EINVALID, "The notes of topic %q appear twice.", nt.Topic)
		}
		noted[nt.Topic] = true
		// The same rules as a save from a phone: what is imported can be
		// edited again.
		if err := validateNotes(nt.Text, nt.Takeaways); err != nil {
			return err
		}
		if nt.Version < 0 {
			return Errorf(EINVALID, "The notes of topic %q have a negative version.", nt.Topic)
		}
	}
	gave := map[string]bool{}
	for _, f := range x.Feedback {
		if !attendees[f.Attendee] {
			return unknownRef("attendee", f.Attendee)
		}
		if gave[f.Attendee] {
			return Errorf(EINVALID, "Attendee %q gave feedback twice.", f.Attendee)
		}
		gave[f.Attendee] = true
		if f.Evening != 0 && (f.Evening < MinROTI || f.Evening > MaxROTI) {
			return Errorf(EINVALID, "A ROTI is a mark from %d to %d.", MinROTI, MaxROTI)
		}
		if len(f.Topics) > maxFeedbackTopics {
			return Errorf(EINVALID, "A feedback of the file marks more than %d topics.", maxFeedbackTopics)
		}
		for tid, m := range f.Topics {
			if !topics[tid] {
				return unknownRef("topic", tid)
			}
			if m < MinROTI || m > MaxROTI {
				return Errorf(EINVALID, "A ROTI is a mark from %d to %d.", MinROTI, MaxROTI)
			}
		}
		if err := validateText("feedback", f.Worked, MaxTextLen, false); err != nil {
			return err
		}
		if err := validateText("feedback", f.Blocked, MaxTextLen, false); err != nil {
			return err
		}
	}
	return nil
}

// idSet checks that the IDs of a file are present, short and distinct.
type idSet map[string]bool

func newIDSet() idSet { return idSet{} }

func (s idSet) add(kind, id string) error {
	if id == "" {
		return Errorf(EINVALID, "A record of the file (%s) has no id.", kind)
	}
	if len(id) > MaxExportIDLen {
		return Errorf(EINVALID, "The id of a record of the file (%s) is longer than %d bytes.", kind, MaxExportIDLen)
	}
	if !utf8.ValidString(id) {
		return Errorf(EINVALID, "The id of a record of the file (%s) is not valid UTF-8.", kind)
	}
	if s[id] {
		return Errorf(EINVALID, "The id %q appears twice in the file.", id)
	}
	s[id] = true
	return nil
}

func unknownRef(kind, id string) error {
	return Errorf(EINVALID, "The file points at something it does not hold (%s %q).", kind, truncateID(id))
}

func truncateID(id string) string {
	if len(id) <= MaxExportIDLen {
		return id
	}
	return fmt.Sprintf("%.*s…", MaxExportIDLen, id)
}
