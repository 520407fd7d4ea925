package realtime

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"openspace/openspace"
)

// A change made while the stream is idle goes out at once, however long
// the coalescing window: with a window of an hour, each of these votes
// would otherwise wait for it.
func TestLoneChangeGoesOutAtOnce(t *testing.T) {
	src := newFakeSource()
	h, ts := newTestServer(t, src, Options{FlushInterval: time.Hour})
	conn := dial(t, ts, "/pub/"+testEvent, nil)
	version := readSnapshot(t, conn).Version
	for votes := 1; votes <= 5; votes++ {
		src.setVotes("t0", votes)
		h.Publish(testEvent, openspace.Change{Topics: []string{"t0"}})
		version++
		m := readPatch(t, conn, version)
		if got, _ := topicVotes(m.Patch.Topics, "t0"); got != votes {
			t.Fatalf("patch %d: votes got %d, want %d", version, got, votes)
		}
	}
}

// With the event goroutine yielding after every screen, every screen
// still gets every patch, in order.
func TestFanOutYieldingAfterEveryScreenReachesEveryScreen(t *testing.T) {
	src := newFakeSource()
	h, ts := newTestServer(t, src, Options{FlushInterval: time.Millisecond, YieldEvery: 1})
	const screens, votes = 20, 30
	type screen struct {
		conn    *websocket.Conn
		version int64
	}
	conns := make([]*screen, screens)
	for i := range conns {
		c := dial(t, ts, "/pub/"+testEvent, nil)
		conns[i] = &screen{conn: c, version: readSnapshot(t, c).Version}
	}
	waitFor(t, "every screen joined", func() bool { return h.Clients(testEvent) == screens })
	for v := 1; v <= votes; v++ {
		src.setVotes("t0", v)
		h.Publish(testEvent, openspace.Change{Topics: []string{"t0"}})
		time.Sleep(time.Millisecond) // a steady trickle, not one burst
	}
	for i, s := range conns {
		for got := 0; got != votes; {
			s.version++
			m := readPatch(t, s.conn, s.version) // fails on a gap or a stall
			got, _ = topicVotes(m.Patch.Topics, "t0")
			if s.version > int64(votes)+10 {
				t.Fatalf("screen %d: no patch with %d votes", i, votes)
			}
		}
	}
}

func TestPatchBucket(t *testing.T) {
	t0 := time.Unix(1000, 0)
	tests := []struct {
		name  string
		takes []time.Duration // offsets from t0 of the patches sent
		at    time.Duration   // when the next one is asked for
		want  time.Duration
	}{
		{"fresh", nil, 0, 0},
		{"burst left", []time.Duration{0, 0, 0}, 0, 0},
		{"burst spent", []time.Duration{0, 0, 0, 0}, 0, 10 * time.Millisecond},
		{"refilled", []time.Duration{0, 0, 0, 0}, 10 * time.Millisecond, 0},
		{"half refilled", []time.Duration{0, 0, 0, 0}, 5 * time.Millisecond, 5 * time.Millisecond},
		{"steady 50 a second", []time.Duration{0, 20e6, 40e6, 60e6, 80e6, 100e6}, 120 * time.Millisecond, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b patchBucket
			for _, d := range tt.takes {
				b.take(t0.Add(d))
			}
			if got := b.delay(t0.Add(tt.at)); got != tt.want {
				t.Errorf("delay: got %v, want %v", got, tt.want)
			}
		})
	}
}

// A phone that stopped reading does not hold back the others' patches:
// with a window of an hour, every change still reaches the reading screen
// at once, long after the phone's socket filled up.
func TestStalledPhoneDoesNotHoldTheStreamBack(t *testing.T) {
	src := newFakeSource()
	draft := &openspace.Plan{}
	for i := range 1000 {
		draft.Cells = append(draft.Cells, openspace.Cell{Session: fmt.Sprintf("session-%04d", i), Room: "room", Topic: strings.Repeat("t", 40)})
	}
	src.update(func(st *openspace.State) { st.Draft = draft })
	// A long queue and a long write wait: the stalled phone stays connected
	// for the whole test.
	h, ts := newTestServer(t, src, Options{FlushInterval: time.Hour, SendBuffer: 1024, WriteWait: time.Minute})
	good := dial(t, ts, "/pub/"+testEvent, nil)
	version := readSnapshot(t, good).Version
	stalled, _, err := slowDialer.Dial(wsURL(ts, "/org/"+testEvent, nil), nil)
	if err != nil {
		t.Fatalf("dial the stalled phone: %v", err)
	}
	defer stalled.Close()
	waitFor(t, "two clients", func() bool { return h.Clients(testEvent) == 2 })

	for votes := 1; votes <= 100; votes++ { // about 6 MB for the stalled phone, far past its socket
		src.setVotes("t0", votes)
		h.Publish(testEvent, openspace.Change{Topics: []string{"t0"}, Draft: true})
		version++
		m := readPatch(t, good, version) // an hour's wait would fail here
		if got, _ := topicVotes(m.Patch.Topics, "t0"); got != votes {
			t.Fatalf("patch %d: votes got %d, want %d", version, got, votes)
		}
	}
	if got := h.Clients(testEvent); got != 2 {
		t.Errorf("clients: got %d, want 2 (the stalled phone is kept while its queue has room)", got)
	}
}
