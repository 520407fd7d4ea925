package realtime

import (
	"sync"
	"testing"

	"openspace/openspace"
)

// countingMetrics records what the hub counts.
type countingMetrics struct {
	mu      sync.Mutex
	conns   map[string]int
	sent    int
	dropped map[string]int
	resyncs int
	patches int
}

func (m *countingMetrics) Connected(id string, d int) { m.mu.Lock(); m.conns[id] += d; m.mu.Unlock() }
func (m *countingMetrics) Sent(n int)                 { m.mu.Lock(); m.sent += n; m.mu.Unlock() }
func (m *countingMetrics) Dropped(r string)           { m.mu.Lock(); m.dropped[r]++; m.mu.Unlock() }
func (m *countingMetrics) Resynced()                  { m.mu.Lock(); m.resyncs++; m.mu.Unlock() }
func (m *countingMetrics) Patched()                   { m.mu.Lock(); m.patches++; m.mu.Unlock() }

func (m *countingMetrics) read(fn func(m *countingMetrics) bool) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return fn(m)
}

func TestHubCountsForOperators(t *testing.T) {
	src := newFakeSource()
	m := &countingMetrics{conns: map[string]int{}, dropped: map[string]int{}}
	h, ts := newTestServer(t, src, Options{Metrics: m, ResyncInterval: 1})
	a := dial(t, ts, "/pub/"+testEvent, nil)
	b := dial(t, ts, "/pub/"+testEvent, nil)
	va := readSnapshot(t, a).Version
	vb := readSnapshot(t, b).Version
	waitFor(t, "two connections counted", func() bool { return m.read(func(m *countingMetrics) bool { return m.conns[testEvent] == 2 }) })

	src.setVotes("t0", 1)
	h.Publish(testEvent, openspace.Change{Topics: []string{"t0"}})
	readPatch(t, a, va+1)
	readPatch(t, b, vb+1)
	if err := a.WriteJSON(map[string]string{"type": TypeResync}); err != nil {
		t.Fatal(err)
	}
	readSnapshot(t, a)
	waitFor(t, "patch, resync and five messages counted", func() bool {
		return m.read(func(m *countingMetrics) bool { return m.patches == 1 && m.resyncs == 1 && m.sent == 5 })
	})

	b.Close()
	waitFor(t, "the closed connection uncounted", func() bool { return m.read(func(m *countingMetrics) bool { return m.conns[testEvent] == 1 }) })
	h.DropEvent(testEvent)
	expectClose(t, a, CloseGone)
	waitFor(t, "the event's connections dropped as gone", func() bool {
		return m.read(func(m *countingMetrics) bool {
			return m.conns[testEvent] == 0 && m.dropped["gone"] == 1 && len(m.dropped) == 1
		})
	})
}
