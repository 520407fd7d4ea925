package openspace

import "time"

// Actions the organizer takes on a session's clock.
const (
	SessionStart  = "start"
	SessionExtend = "extend" // by some minutes
	SessionEnd    = "end"
	SessionReset  = "reset" // back to not started
)

// CheckIns is what an attendee's check-in returns: where they are now and
// the new headcounts, read in the transaction that wrote them.
type CheckIns struct {
	Checkins   map[string]string `json:"checkins"` // session ID → room ID
	Headcounts Headcounts        `json:"headcounts"`
}

// Running reports whether the session's clock runs: started and not ended.
func (s Session) Running() bool { return s.StartedAt != nil && s.EndedAt == nil }

// Ended reports whether the session was started and is over.
func (s Session) Ended() bool { return s.StartedAt != nil && s.EndedAt != nil }

// StartSession returns the event with the session running from now for
// its duration. A session already running ends at the same instant: one
// session runs at a time. Starting a session moves an earlier phase to
// sessions; starting an ended one again restarts its clock.
func (e Event) StartSession(id string, now time.Time) (Event, error) {
	i := e.sessionIndex(id)
	if i < 0 {
		return e, Errorf(ENOTFOUND, "Session not found.")
	}
	e.Sessions = append([]Session(nil), e.Sessions...)
	for j := range e.Sessions {
		if j != i && e.Sessions[j].Running() {
			e.Sessions[j].EndedAt = timePtr(now)
			if e.Sessions[j].EndsAt.After(now) {
				e.Sessions[j].EndsAt = timePtr(now)
			}
		}
	}
	s := &e.Sessions[i]
	s.Started = true
	s.StartedAt = timePtr(now)
	s.EndsAt = timePtr(now.Add(time.Duration(s.Duration) * time.Minute))
	s.EndedAt = nil
	if e.PhaseBefore(PhaseSessions) {
		e = e.ApplyPhases(PhaseUpdate{Phase: ptr(PhaseSessions)})
	}
	return e, nil
}

// ExtendSession returns the event with the running session's end moved
// later by minutes; in overtime, minutes from now: "5 more minutes".
func (e Event) ExtendSession(id string, minutes int, now time.Time) (Event, error) {
	if minutes < 1 || minutes > MaxExtendMinutes {
		return e, Errorf(EINVALID, "A session is extended by 1 to %d minutes.", MaxExtendMinutes)
	}
	i, err := e.runningIndex(id)
	if err != nil {
		return e, err
	}
	e.Sessions = append([]Session(nil), e.Sessions...)
	s := &e.Sessions[i]
	from := *s.EndsAt
	if now.After(from) {
		from = now
	}
	s.EndsAt = timePtr(from.Add(time.Duration(minutes) * time.Minute))
	return e, nil
}

// EndSession returns the event with the running session ended now.
func (e Event) EndSession(id string, now time.Time) (Event, error) {
	i, err := e.runningIndex(id)
	if err != nil {
		return e, err
	}
	e.Sessions = append([]Session(nil), e.Sessions...)
	s := &e.Sessions[i]
	s.EndedAt = timePtr(now)
	if s.EndsAt.After(now) {
		s.EndsAt = timePtr(now)
	}
	return e, nil
}

// ResetSession returns the event with the session back to not started:
// its clock is cleared and re-planning may move its cells again.
func (e Event) ResetSession(id string) (Event, error) {
	i := e.sessionIndex(id)
	if i < 0 {
		return e, Errorf(ENOTFOUND, "Session not found.")
	}
	e.Sessions = append([]Session(nil), e.Sessions...)
	s := &e.Sessions[i]
	s.Started, s.StartedAt, s.EndsAt, s.EndedAt = false, nil, nil, nil
	return e, nil
}

// CanCheckIn reports why nobody can check into the room for the session,
// or nil: check-in opens with the plan phase and closes with the sessions
// phase, and an ended session takes none.
func (e Event) CanCheckIn(sessionID, roomID string) error {
	sess, ok := e.Session(sessionID)
	if !ok {
		return Errorf(ENOTFOUND, "Session not found.")
	}
	if _, ok := e.Room(roomID); !ok {
		return Errorf(ENOTFOUND, "Room not found.")
	}
	if e.Phase != PhasePlan && e.Phase != PhaseSessions {
		return Errorf(ECONFLICT, "Rooms can be chosen once the schedule is out, until the sessions are over.")
	}
	if sess.Ended() {
		return Errorf(ECONFLICT, "This session is over.")
	}
	return nil
}

// Headcounts counts the attendees who checked into each room, per
// session: session ID → room ID → count; rooms with nobody are absent.
type Headcounts map[string]map[string]int

// Add counts one attendee in the room for the session.
func (h Headcounts) Add(sessionID, roomID string) {
	if h[sessionID] == nil {
		h[sessionID] = map[string]int{}
	}
	h[sessionID][roomID]++
}

func (e Event) sessionIndex(id string) int {
	for i, s := range e.Sessions {
		if s.ID == id {
			return i
		}
	}
	return -1
}

func (e Event) runningIndex(id string) (int, error) {
	i := e.sessionIndex(id)
	if i < 0 {
		return -1, Errorf(ENOTFOUND, "Session not found.")
	}
	if !e.Sessions[i].Running() {
		return -1, Errorf(ECONFLICT, "This session is not running.")
	}
	return i, nil
}

func timePtr(t time.Time) *time.Time { return &t }

func ptr[T any](v T) *T { return &v }
