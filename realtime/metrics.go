package realtime

// Metrics is what the hub counts for operators (the metrics package
// implements it over Prometheus). Every method must be cheap and safe for
// concurrent use: the hub calls them from its event and writer goroutines.
// A nil Options.Metrics counts nothing.
type Metrics interface {
	Connected(eventID string, delta int) // a connection of the event joined (+1) or left (-1)
	Sent(n int)                          // n messages written to connections
	Dropped(reason string)               // a connection dropped by the hub: "slow", "gone", "organizer-key", "state", "shutdown"
	Resynced()                           // a snapshot sent on a client's resync request
	Patched()                            // one patch built and sent to an event's screens
}

// noMetrics counts nothing.
type noMetrics struct{}

func (noMetrics) Connected(string, int) {}
func (noMetrics) Sent(int)              {}
func (noMetrics) Dropped(string)        {}
func (noMetrics) Resynced()             {}
func (noMetrics) Patched()              {}
