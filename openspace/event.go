package openspace

import (
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// Limits on user input. They keep one event small enough to snapshot and
// keep a hostile client from filling the disk.
const (
	MaxTitleLen       = 120
	MaxTextLen        = 2000
	MaxNameLen        = 60
	MaxSessions       = 20
	MaxRooms          = 50
	MaxChoices        = 10
	MaxEquipment      = 10
	MaxDotBudget      = 20
	DefaultDotBudget  = 3
	MaxRoomCapacity   = 10000
	MaxSessionMinutes = 24 * 60
	MinPitchSeconds   = 10
	MaxPitchSeconds   = 600
	// DefaultPitchSeconds is the length of one pitch in the marketplace:
	// "30 secondes pour présenter son sujet".
	DefaultPitchSeconds = 30
	MaxExtendMinutes    = 120
	MaxIntroLen         = 5000 // characters of the recap's introduction
)

// Languages an event can be run in; the recap follows the event's language.
const (
	LangFR = "fr"
	LangEN = "en"
)

// Event is one meetup: its set-up, the phase the evening is in and what
// runs now (the pitch queue, the sessions' clocks).
type Event struct {
	ID            string    `json:"id"`
	JoinCode      string    `json:"join_code"`
	Title         string    `json:"title"`
	Date          string    `json:"date"` // YYYY-MM-DD
	Venue         string    `json:"venue"`
	Language      string    `json:"language"`
	Sessions      []Session `json:"sessions"`
	Rooms         []Room    `json:"rooms"`
	DotBudget     int       `json:"dot_budget"`
	Question      *Question `json:"question,omitempty"`
	PitchSeconds  int       `json:"pitch_seconds"`
	Phase         string    `json:"phase"` // one of Phases
	ProposalsOpen bool      `json:"proposals_open"`
	VotingOpen    bool      `json:"voting_open"`
	// Rotate lets the projector cycle between views by itself; otherwise it
	// shows what the phase calls for and nothing else.
	Rotate bool `json:"rotate,omitempty"`
	// JoiningClosed refuses new attendees (devices that joined stay in);
	// the organizer closes joining against a flood of identities. The zero
	// value is open, so events and exports from before it stay open.
	JoiningClosed bool    `json:"joining_closed,omitempty"`
	Pitch         Pitches `json:"pitch"`
	// TimeZone is the venue's IANA zone ("Europe/Paris"): session start
	// times are local to it (calendars, the recap). Empty: UTC.
	TimeZone string `json:"time_zone,omitempty"`
	// Intro opens the recap: the organizer writes it in the console.
	Intro     string    `json:"intro,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

// Session is a time slot in which topics run in parallel.
type Session struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	Start    string `json:"start"`    // HH:MM, local time of the venue; may be empty
	Duration int    `json:"duration"` // minutes
	// Started is set once the session began: re-planning then keeps its
	// cells as published.
	Started bool `json:"started,omitempty"`
	// The session's clock, set by the server when the organizer starts,
	// extends or ends it. It runs while StartedAt is set and EndedAt is not,
	// past EndsAt too (overtime), until it is ended or another one starts.
	StartedAt *time.Time `json:"started_at,omitempty"`
	EndsAt    *time.Time `json:"ends_at,omitempty"`
	EndedAt   *time.Time `json:"ended_at,omitempty"`
}

// Room is a space with a capacity and equipment.
type Room struct {
	ID        string   `json:"id"`
	Name      string   `json:"name"`
	Capacity  int      `json:"capacity"`
	Equipment []string `json:"equipment,omitempty"`
	Location  string   `json:"location,omitempty"` // how to find it: "2e étage, à gauche de l'ascenseur"
}

// Question is the optional "who are you?" asked at join (e.g. Dev / Ops / Other).
type Question struct {
	Prompt  string   `json:"prompt"`
	Choices []string `json:"choices"`
}

// EventSetup is what the organizer writes when creating or editing an event.
// On edit, sessions and rooms that keep their ID keep their place in the
// plan; those with an empty ID are new and get one from AssignIDs. On
// creation every ID is new (FreshIDs).
type EventSetup struct {
	Title     string    `json:"title"`
	Date      string    `json:"date"`
	Venue     string    `json:"venue"`
	Language  string    `json:"language"`
	Sessions  []Session `json:"sessions"`
	Rooms     []Room    `json:"rooms"`
	DotBudget int       `json:"dot_budget"`
	Question  *Question `json:"question,omitempty"`
	// PitchSeconds is the length of one pitch; 0 means the default.
	PitchSeconds int `json:"pitch_seconds"`
	// TimeZone is the venue's IANA time zone, e.g. "Europe/Paris"; empty: UTC.
	TimeZone string `json:"time_zone"`
}

var (
	dateRe  = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	clockRe = regexp.MustCompile(`^([01]\d|2[0-3]):[0-5]\d$`)
)

// Normalize trims the text fields and fills defaults (dot budget, language).
func (s *EventSetup) Normalize() {
	s.Title = strings.TrimSpace(s.Title)
	s.Venue = strings.TrimSpace(s.Venue)
	s.Date = strings.TrimSpace(s.Date)
	s.TimeZone = strings.TrimSpace(s.TimeZone)
	s.Language = strings.TrimSpace(strings.ToLower(s.Language))
	if s.Language == "" {
		s.Language = LangFR
	}
	if s.DotBudget == 0 {
		s.DotBudget = DefaultDotBudget
	}
	if s.PitchSeconds == 0 {
		s.PitchSeconds = DefaultPitchSeconds
	}
	for i := range s.Sessions {
		s.Sessions[i].Title = strings.TrimSpace(s.Sessions[i].Title)
		s.Sessions[i].Start = strings.TrimSpace(s.Sessions[i].Start)
		// Set only by running the session, never by the set-up.
		s.Sessions[i].Started = false
		s.Sessions[i].StartedAt, s.Sessions[i].EndsAt, s.Sessions[i].EndedAt = nil, nil, nil
	}
	for i := range s.Rooms {
		s.Rooms[i].Name = strings.TrimSpace(s.Rooms[i].Name)
		s.Rooms[i].Location = strings.TrimSpace(s.Rooms[i].Location)
		s.Rooms[i].Equipment = normalizeWords(s.Rooms[i].Equipment)
	}
	if s.Question != nil {
		s.Question.Prompt = strings.TrimSpace(s.Question.Prompt)
		var choices []string
		for _, c := range s.Question.Choices {
			if c = strings.TrimSpace(c); c != "" {
				choices = append(choices, c)
			}
		}
		s.Question.Choices = choices
		if s.Question.Prompt == "" && len(choices) == 0 {
			s.Question = nil
		}
	}
}

// Validate reports the first rule the set-up breaks, as an EINVALID error.
func (s *EventSetup) Validate() error {
	if err := validateLine("title", s.Title, MaxTitleLen, true); err != nil {
		return err
	}
	if err := validateLine("venue", s.Venue, MaxTitleLen, false); err != nil {
		return err
	}
	if s.Date != "" {
		if _, err := time.Parse("2006-01-02", s.Date); err != nil || !dateRe.MatchString(s.Date) {
			return Errorf(EINVALID, "The date must be written YYYY-MM-DD.")
		}
	}
	if s.TimeZone != "" {
		if _, err := time.LoadLocation(s.TimeZone); err != nil || strings.EqualFold(s.TimeZone, "local") {
			return Errorf(EINVALID, "Unknown time zone %q: write it as in Europe/Paris.", s.TimeZone)
		}
	}
	if s.Language != LangFR && s.Language != LangEN {
		return Errorf(EINVALID, "The language must be %q or %q.", LangFR, LangEN)
	}
	if s.DotBudget < 1 || s.DotBudget > MaxDotBudget {
		return Errorf(EINVALID, "The dot budget must be between 1 and %d.", MaxDotBudget)
	}
	if s.PitchSeconds < MinPitchSeconds || s.PitchSeconds > MaxPitchSeconds {
		return Errorf(EINVALID, "A pitch lasts between %d and %d seconds.", MinPitchSeconds, MaxPitchSeconds)
	}
	if len(s.Sessions) == 0 || len(s.Sessions) > MaxSessions {
		return Errorf(EINVALID, "An event needs between 1 and %d sessions.", MaxSessions)
	}
	if len(s.Rooms) == 0 || len(s.Rooms) > MaxRooms {
		return Errorf(EINVALID, "An event needs between 1 and %d rooms.", MaxRooms)
	}
	seen := map[string]bool{}
	for i, sess := range s.Sessions {
		if err := validateLine("session title", sess.Title, MaxTitleLen, true); err != nil {
			return err
		}
		if sess.Start != "" && !clockRe.MatchString(sess.Start) {
			return Errorf(EINVALID, "Session %d: the start time must be written HH:MM.", i+1)
		}
		if sess.Duration < 1 || sess.Duration > MaxSessionMinutes {
			return Errorf(EINVALID, "Session %d: the duration must be between 1 and %d minutes.", i+1, MaxSessionMinutes)
		}
		if sess.ID != "" {
			if seen[sess.ID] {
				return Errorf(EINVALID, "Session id %q appears twice.", sess.ID)
			}
			seen[sess.ID] = true
		}
	}
	for i, room := range s.Rooms {
		if err := validateLine("room name", room.Name, MaxTitleLen, true); err != nil {
			return err
		}
		if err := validateLine("room location", room.Location, MaxTitleLen, false); err != nil {
			return err
		}
		if room.Capacity < 1 || room.Capacity > MaxRoomCapacity {
			return Errorf(EINVALID, "Room %d: the capacity must be between 1 and %d.", i+1, MaxRoomCapacity)
		}
		if len(room.Equipment) > MaxEquipment {
			return Errorf(EINVALID, "Room %d: at most %d pieces of equipment.", i+1, MaxEquipment)
		}
		for _, eq := range room.Equipment {
			if err := validateLine("equipment", eq, MaxNameLen, true); err != nil {
				return err
			}
		}
		if room.ID != "" {
			if seen[room.ID] {
				return Errorf(EINVALID, "Room id %q appears twice.", room.ID)
			}
			seen[room.ID] = true
		}
	}
	if q := s.Question; q != nil {
		if err := validateLine("question", q.Prompt, MaxTitleLen, true); err != nil {
			return err
		}
		if len(q.Choices) < 2 || len(q.Choices) > MaxChoices {
			return Errorf(EINVALID, "The question needs between 2 and %d choices.", MaxChoices)
		}
		choices := map[string]bool{}
		for _, c := range q.Choices {
			if err := validateLine("choice", c, MaxNameLen, true); err != nil {
				return err
			}
			if choices[c] {
				return Errorf(EINVALID, "The choice %q appears twice.", c)
			}
			choices[c] = true
		}
	}
	return nil
}

// AssignIDs gives every new session and room an ID that is unique within
// the set-up. newID is called for each one (uuid in production).
func (s *EventSetup) AssignIDs(newID func() string) {
	for i := range s.Sessions {
		if s.Sessions[i].ID == "" {
			s.Sessions[i].ID = newID()
		}
	}
	for i := range s.Rooms {
		if s.Rooms[i].ID == "" {
			s.Rooms[i].ID = newID()
		}
	}
}

// FreshIDs gives every session and room a new ID, for a new event: a client
// never chooses IDs (one with "/", control characters or 5,000 characters
// could never be addressed again), it only keeps those the event gave.
func (s *EventSetup) FreshIDs(newID func() string) {
	for i := range s.Sessions {
		s.Sessions[i].ID = ""
	}
	for i := range s.Rooms {
		s.Rooms[i].ID = ""
	}
	s.AssignIDs(newID)
}

// ApplySetup returns the event with the set-up applied. Phases, ID, join
// code and creation time are kept. Set-up IDs unknown to the event are an error:
// a client cannot invent an ID, only keep one or ask for a new one.
func (e Event) ApplySetup(s EventSetup) (Event, error) {
	known := map[string]bool{}
	for _, sess := range e.Sessions {
		known["s:"+sess.ID] = true
	}
	for _, r := range e.Rooms {
		known["r:"+r.ID] = true
	}
	for _, sess := range s.Sessions {
		if sess.ID != "" && !known["s:"+sess.ID] {
			return e, Errorf(EINVALID, "Unknown session id %q.", sess.ID)
		}
	}
	for _, r := range s.Rooms {
		if r.ID != "" && !known["r:"+r.ID] {
			return e, Errorf(EINVALID, "Unknown room id %q.", r.ID)
		}
	}
	old := map[string]Session{}
	for _, sess := range e.Sessions {
		old[sess.ID] = sess
	}
	for i := range s.Sessions { // the set-up form does not carry them: a session keeps its clock
		o := old[s.Sessions[i].ID]
		s.Sessions[i].Started, s.Sessions[i].StartedAt = o.Started, o.StartedAt
		s.Sessions[i].EndsAt, s.Sessions[i].EndedAt = o.EndsAt, o.EndedAt
	}
	e.Title, e.Date, e.Venue, e.Language = s.Title, s.Date, s.Venue, s.Language
	e.Sessions, e.Rooms, e.DotBudget, e.Question = s.Sessions, s.Rooms, s.DotBudget, s.Question
	e.PitchSeconds, e.TimeZone = s.PitchSeconds, s.TimeZone
	return e, nil
}

// StartedSessions lists the IDs of the sessions marked as started.
func (e Event) StartedSessions() []string {
	var ids []string
	for _, s := range e.Sessions {
		if s.Started {
			ids = append(ids, s.ID)
		}
	}
	return ids
}

// Session returns the session with the given ID.
func (e Event) Session(id string) (Session, bool) {
	for _, s := range e.Sessions {
		if s.ID == id {
			return s, true
		}
	}
	return Session{}, false
}

// Room returns the room with the given ID.
func (e Event) Room(id string) (Room, bool) {
	for _, r := range e.Rooms {
		if r.ID == id {
			return r, true
		}
	}
	return Room{}, false
}

// ValidateAnswer checks an attendee's answer to the event's question: empty
// is allowed (the question is optional to answer), anything else must be a choice.
func (e Event) ValidateAnswer(answer string) error {
	if answer == "" {
		return nil
	}
	if e.Question != nil {
		for _, c := range e.Question.Choices {
			if c == answer {
				return nil
			}
		}
	}
	return Errorf(EINVALID, "%q is not one of the choices.", answer)
}

// validateLine is validateText for one-line fields such as titles and names.
func validateLine(field, s string, max int, required bool) error {
	if strings.ContainsAny(s, "\r\n") {
		return Errorf(EINVALID, "The %s must fit on one line.", field)
	}
	return validateText(field, s, max, required)
}

func validateText(field, s string, max int, required bool) error {
	if required && s == "" {
		return Errorf(EINVALID, "The %s is required.", field)
	}
	if !utf8.ValidString(s) {
		return Errorf(EINVALID, "The %s is not valid UTF-8.", field)
	}
	if utf8.RuneCountInString(s) > max {
		return Errorf(EINVALID, "The %s is longer than %d characters.", field, max)
	}
	for _, r := range s {
		if r < 0x20 && r != '\n' && r != '\r' && r != '\t' || r == 0x7f {
			return Errorf(EINVALID, "The %s contains a control character.", field)
		}
	}
	return nil
}

// normalizeWords trims, lower-cases and de-duplicates a list of equipment words.
func normalizeWords(words []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, w := range words {
		w = strings.ToLower(strings.TrimSpace(w))
		if w != "" && !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}
