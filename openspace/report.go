package openspace

// Score measures a plan: Attended is the number of (attendee, voted topic)
// pairs it honours, UpperBound what no plan of the same event can beat,
// Unscheduled the topics left out of the grid, in topic order.
type Score struct {
	Attended    int      `json:"attended"`
	UpperBound  int      `json:"upper_bound"`
	Unscheduled []string `json:"unscheduled"`
}

// PlanReport tells the organizer how good a grid is: the score, the
// expected headcount of each cell, and what each person loses. The
// scheduler (package schedule) computes it; organizer screens show it.
type PlanReport struct {
	Score  Score      `json:"score"`
	Cells  []CellLoad `json:"cells"`
	Losses []Loss     `json:"losses"`
	// LossCount is how many people lose something; Losses may list only
	// the first of them (Trimmed).
	LossCount int `json:"loss_count"`
	// Warnings are the host rules the grid breaks: a hand-edited or
	// locked cell the scheduler would not have chosen. Never nil.
	Warnings []HostWarning `json:"warnings"`
}

// HostWarning is a host rule the grid breaks, in one session: a topic in a
// session its host said they cannot host in (HostUnavailable, one topic),
// or one host with several topics at once (HostTwice, their topics in room
// order: they are seated in the first).
type HostWarning struct {
	Kind    string   `json:"kind"`
	Session string   `json:"session"`
	Topics  []string `json:"topics"`
	Host    string   `json:"host,omitempty"` // the host's attendee ID; empty for an organizer's topic
	Name    string   `json:"name,omitempty"` // the host's display name, when they gave one
}

// Kinds of host warnings.
const (
	HostUnavailable = "unavailable" // the topic runs in a session its host cannot be in
	HostTwice       = "twice"       // one host has several topics in one session
)

// DraftProposal is the draft the scheduler proposed, as stored, with the
// report of the solution it came from.
type DraftProposal struct {
	Draft  Plan       `json:"draft"`
	Report PlanReport `json:"report"`
}

// MaxStreamedLosses bounds the losses a report carries to screens: the
// console lists that many, and a room of thousands would otherwise send
// hundreds of kilobytes with every vote.
const MaxStreamedLosses = 200

// Trimmed returns the report with at most n losses (the first, those who
// lose most); LossCount still counts them all.
func (r PlanReport) Trimmed(n int) PlanReport {
	if len(r.Losses) > n {
		r.Losses = r.Losses[:n:n]
	}
	return r
}

// CellLoad is a cell's expected headcount against its room's capacity and
// the number of people who voted for its topic.
type CellLoad struct {
	Session  string `json:"session"`
	Room     string `json:"room"`
	Topic    string `json:"topic"`
	Expected int    `json:"expected"`
	Capacity int    `json:"capacity"`
	Voters   int    `json:"voters"`
}

// Loss is what one person misses: Lost = min(votes, sessions) − attended.
type Loss struct {
	Attendee string   `json:"attendee"`
	Name     string   `json:"name"`
	Lost     int      `json:"lost"`
	Missed   []Missed `json:"missed"`
}

// Missed is a voted topic a person is not seated in, and why.
type Missed struct {
	Topic  string `json:"topic"`
	Reason string `json:"reason"`
}

// Reasons a voted topic is missed.
const (
	MissedUnscheduled = "unscheduled" // not in the grid
	MissedClash       = "clash"       // seated in another of their choices at that time
	MissedFull        = "full"        // the room is full
	MissedHosting     = "hosting"     // they host another topic at that time
)
