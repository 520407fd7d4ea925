package openspace

// Phases of an evening, in the order the organizer moves through them.
// Every screen shows what fits the phase; going back loses nothing, since
// a phase only opens and closes what people can do.
const (
	PhaseWelcome     = "welcome"     // people join, introductions
	PhaseMarketplace = "marketplace" // proposals and pitches
	PhaseVoting      = "voting"      // dots
	PhasePlan        = "plan"        // draft and publish
	PhaseSessions    = "sessions"    // sessions run
	PhaseWrapUp      = "wrapup"      // feedback
	PhaseClosed      = "closed"      // over
)

// Phases lists the phases in order.
var Phases = []string{PhaseWelcome, PhaseMarketplace, PhaseVoting, PhasePlan, PhaseSessions, PhaseWrapUp, PhaseClosed}

// PhaseIndex returns the place of a phase in Phases, or -1 for an unknown one.
func PhaseIndex(phase string) int {
	for i, p := range Phases {
		if p == phase {
			return i
		}
	}
	return -1
}

// phaseOpens says what a phase opens when the organizer moves to it.
func phaseOpens(phase string) (proposals, voting bool) {
	switch phase {
	case PhaseWelcome, PhaseMarketplace:
		return true, false
	case PhaseVoting:
		return false, true
	}
	return false, false
}

// PhaseUpdate moves the event to a phase, opens or closes proposals and
// voting, and turns the projector's rotation on or off; nil fields are left
// as they are. A phase sets its own defaults for proposals and voting, which
// the same update may override.
type PhaseUpdate struct {
	Phase         *string `json:"phase"`
	ProposalsOpen *bool   `json:"proposals_open"`
	VotingOpen    *bool   `json:"voting_open"`
	Rotate        *bool   `json:"rotate"`
	JoiningOpen   *bool   `json:"joining_open"` // false closes joining (Event.JoiningClosed)
}

// Validate reports an unknown phase.
func (u PhaseUpdate) Validate() error {
	if u.Phase != nil && PhaseIndex(*u.Phase) < 0 {
		return Errorf(EINVALID, "Unknown phase %q.", *u.Phase)
	}
	return nil
}

// ApplyPhases returns the event with the phase update applied.
func (e Event) ApplyPhases(u PhaseUpdate) Event {
	if u.Phase != nil {
		e.Phase = *u.Phase
		e.ProposalsOpen, e.VotingOpen = phaseOpens(e.Phase)
	}
	if u.ProposalsOpen != nil {
		e.ProposalsOpen = *u.ProposalsOpen
	}
	if u.VotingOpen != nil {
		e.VotingOpen = *u.VotingOpen
	}
	if u.Rotate != nil {
		e.Rotate = *u.Rotate
	}
	if u.JoiningOpen != nil {
		e.JoiningClosed = !*u.JoiningOpen
	}
	return e
}

// PhaseBefore reports whether the event is in a phase earlier than phase.
func (e Event) PhaseBefore(phase string) bool {
	return PhaseIndex(e.Phase) < PhaseIndex(phase)
}

// GuessPhase is the phase of an event written before phases existed, from
// what it had open and whether it was published.
func GuessPhase(e Event, published bool) string {
	switch {
	case e.StartedSessions() != nil:
		return PhaseSessions
	case published:
		return PhasePlan
	case e.VotingOpen:
		return PhaseVoting
	default:
		return PhaseMarketplace
	}
}
