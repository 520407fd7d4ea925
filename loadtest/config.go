package loadtest

import (
	"fmt"
	"time"
)

// Scenarios.
const (
	Steady         = "steady"          // N clients connected, votes and unvotes at a total rate
	JoinStorm      = "join-storm"      // screens open while people join, API then stream
	ReconnectStorm = "reconnect-storm" // every connection cut at once, each back with its back-off
	ManyEvents     = "events"          // steady voting spread over many events
)

// Config is one run.
type Config struct {
	URL      string        // the server to drive; "" starts a fresh one in its own process
	Clients  int           // connected clients (steady, reconnect-storm); screens and people (join-storm)
	Rate     float64       // votes and unvotes per second, all voters together
	For      time.Duration // the voting phase; the arrival window of a join storm
	Scenario string
	Events   int  // events scenario: how many events
	PerEvent int  // events scenario: clients on each
	Bare     bool // also drive a bare broadcaster in its own process with the same clients

	// Exe is the openspace binary to start for the app and the bare
	// broadcaster (default: this program); Env, extra environment for it.
	Exe string
	Env []string
}

// Validate reports the first unusable value in plain words.
func (c Config) Validate() error {
	switch c.Scenario {
	case Steady, JoinStorm, ReconnectStorm, ManyEvents:
	default:
		return fmt.Errorf("unknown scenario %q (steady, join-storm, reconnect-storm or events)", c.Scenario)
	}
	switch {
	case c.Clients < 1:
		return fmt.Errorf("-clients must be at least 1, not %d", c.Clients)
	case c.Rate <= 0:
		return fmt.Errorf("-rate must be above 0, not %v", c.Rate)
	case c.For <= 0:
		return fmt.Errorf("-for must be above 0, not %v", c.For)
	case c.For > 30*time.Minute:
		return fmt.Errorf("-for must be at most 30m (arrival times are kept in 32 bits), not %v", c.For)
	case c.Scenario == ManyEvents && (c.Events < 1 || c.PerEvent < 1):
		return fmt.Errorf("-events and -per-event must be at least 1 (%d and %d)", c.Events, c.PerEvent)
	case c.Bare && c.Scenario != Steady:
		return fmt.Errorf("-bare compares steady voting: use it with -scenario steady")
	}
	return nil
}

// Limits of the app the driver plans around (openspace/limits.go and
// server/ratelimit.go): it must stay under them, not measure them.
const (
	maxTopicsPerEvent = 300
	dotBudget         = 20  // the largest budget an event may give
	maxVoters         = 256 // the durable-votes figure is for 256 voters
	voterRate         = 5.0 // writes per second per voter, half the per-person limit of 10
)

// plan is how an event's writes are laid out: how many topics, how many
// voters, and how long a topic rests between two writes.
type plan struct {
	topics, voters int
	reuse          time.Duration
}

// planEvent lays out an event that gets rate writes per second and has
// clients to draw voters from. Topics: enough that each is written again
// only every 4 s (at least 100 for one event, 10 for one of many), at most
// the app's 300. Voters: enough that each stays at half the per-person
// limit, and that the votes standing at once (half the topics) fit in
// their budgets, at most 256 and never more than the clients.
func planEvent(rate float64, clients int, many bool) plan {
	floor := 100
	if many {
		floor = 10
	}
	p := plan{topics: min(maxTopicsPerEvent, max(floor, int(4*rate+0.5)))}
	p.voters = max(int(rate/voterRate+0.999), (p.topics+dotBudget-1)/(dotBudget/2), 1)
	p.voters = min(p.voters, maxVoters, clients)
	p.reuse = time.Duration(float64(p.topics) / rate * float64(time.Second))
	return p
}
