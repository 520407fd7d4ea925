package realtime

import (
	"net"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"openspace/openspace"
)

// dialFrom dials from another loopback address (Linux answers all of
// 127.0.0.0/8), so the hub sees another remote address.
func dialFrom(t *testing.T, local, url string) (*websocket.Conn, *http.Response, error) {
	t.Helper()
	d := &websocket.Dialer{
		HandshakeTimeout: 5 * time.Second,
		NetDialContext:   (&net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(local)}}).DialContext,
	}
	conn, resp, err := d.Dial(url, nil)
	if err == nil {
		t.Cleanup(func() { conn.Close() })
	}
	return conn, resp, err
}

// wantRefused checks a 503 with Retry-After before any upgrade.
func wantRefused(t *testing.T, what string, resp *http.Response, err error) {
	t.Helper()
	if err == nil {
		t.Fatalf("%s: upgraded, want 503", what)
	}
	if resp == nil || resp.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("%s: got %v (%v), want 503", what, resp, err)
	}
	if resp.Header.Get("Retry-After") == "" {
		t.Errorf("%s: 503 without Retry-After", what)
	}
}

func TestWSCapPerAddress(t *testing.T) {
	src := newFakeSource()
	h, ts := newTestServer(t, src, Options{MaxPerAddress: 3})
	var conns []*websocket.Conn
	for range 3 {
		c := dial(t, ts, "/pub/"+testEvent, nil)
		readSnapshot(t, c)
		conns = append(conns, c)
	}
	// The fourth from the same address is refused, whatever the event.
	_, resp, err := websocket.DefaultDialer.Dial(wsURL(ts, "/pub/"+testEvent, nil), nil)
	wantRefused(t, "fourth from one address", resp, err)
	_, resp, err = websocket.DefaultDialer.Dial(wsURL(ts, "/pub/other", nil), nil)
	wantRefused(t, "fourth from one address, another event", resp, err)

	// Another address still gets in.
	other, _, err := dialFrom(t, "127.0.0.2", wsURL(ts, "/pub/"+testEvent, nil))
	if err != nil {
		t.Fatalf("another address: %v", err)
	}
	readSnapshot(t, other)

	// A closed connection frees its slot.
	conns[0].Close()
	waitFor(t, "a free slot", func() bool { return h.conns.Load() < 4 })
	readSnapshot(t, dial(t, ts, "/pub/"+testEvent, nil))
}

func TestWSCapPerEvent(t *testing.T) {
	src := newFakeSource()
	_, ts := newTestServer(t, src, Options{MaxPerEvent: 2})
	readSnapshot(t, dial(t, ts, "/pub/"+testEvent, nil))
	readSnapshot(t, dial(t, ts, "/org/"+testEvent, nil))
	_, resp, err := websocket.DefaultDialer.Dial(wsURL(ts, "/pub/"+testEvent, nil), nil)
	wantRefused(t, "third to one event", resp, err)
	readSnapshot(t, dial(t, ts, "/pub/other", nil))
}

func TestAddressKey(t *testing.T) {
	for in, want := range map[string]string{
		"192.0.2.7:4242":             "192.0.2.7",
		"[::ffff:192.0.2.7]:1":       "192.0.2.7",
		"[2001:db8:1:2:3:4:5:6]:443": "2001:db8:1:2::/64",
		"[2001:db8:1:2:ffff::1]:443": "2001:db8:1:2::/64",
		"not an address":             "not an address",
		"[fe80::1%eth0]:80":          "fe80::/64",
	} {
		if got := addressKey(in); got != want {
			t.Errorf("addressKey(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestWSMessageFloodIsClosed1008: a client sending frames as fast as it can
// is closed with 1008 after its burst; another client goes on.
func TestWSMessageFloodIsClosed1008(t *testing.T) {
	src := newFakeSource()
	h, ts := newTestServer(t, src, Options{FlushInterval: time.Millisecond})
	good := dial(t, ts, "/pub/"+testEvent, nil)
	readSnapshot(t, good)
	flood := dial(t, ts, "/pub/"+testEvent, nil)
	readSnapshot(t, flood)

	sent := 0
	start := time.Now()
	for ; time.Since(start) < time.Second; sent++ {
		if err := flood.WriteMessage(websocket.TextMessage, []byte(`{"type":"hello"}`)); err != nil {
			break
		}
	}
	t.Logf("flood: %d frames written in %v", sent, time.Since(start).Round(time.Millisecond))
	expectClose(t, flood, websocket.ClosePolicyViolation)
	waitFor(t, "the flooder to leave", func() bool { return h.Clients(testEvent) == 1 })

	src.setVotes("t0", 5)
	h.Publish(testEvent, openspace.Change{Topics: []string{"t0"}})
	readPatch(t, good, 2)
}

// TestWSResyncIsRateLimited: ten resyncs in a row get one snapshot at once
// and one more when the interval is over, not ten.
func TestWSResyncIsRateLimited(t *testing.T) {
	src := newFakeSource()
	const interval = 500 * time.Millisecond
	_, ts := newTestServer(t, src, Options{FlushInterval: time.Millisecond, ResyncInterval: interval})
	conn := dial(t, ts, "/pub/"+testEvent, nil)
	readSnapshot(t, conn)
	before, _ := src.counts()

	start := time.Now()
	for range 10 {
		if err := conn.WriteMessage(websocket.TextMessage, []byte(`{"type":"resync"}`)); err != nil {
			t.Fatal(err)
		}
		time.Sleep(10 * time.Millisecond)
	}
	var at []time.Duration
	conn.SetReadDeadline(time.Now().Add(interval + time.Second))
	for {
		if _, _, err := conn.ReadMessage(); err != nil {
			break
		}
		at = append(at, time.Since(start))
	}
	if len(at) != 2 {
		t.Fatalf("snapshots for 10 resyncs: got %d at %v, want 2 (one now, one after %v)", len(at), at, interval)
	}
	if at[1] < interval-50*time.Millisecond {
		t.Errorf("second snapshot after %v, want after about %v", at[1], interval)
	}
	// The snapshot is read once for the version, however many ask.
	if got, _ := src.counts(); got != before {
		t.Errorf("State calls for the resyncs: %d, want 0 (cached)", got-before)
	}
}

// TestWSClockIsRateLimited: clock requests closer than ClockInterval are
// ignored.
func TestWSClockIsRateLimited(t *testing.T) {
	src := newFakeSource()
	_, ts := newTestServer(t, src, Options{ClockInterval: time.Second})
	conn := dial(t, ts, "/pub/"+testEvent, nil)
	readSnapshot(t, conn)
	for i := range 10 {
		if err := conn.WriteJSON(map[string]any{"type": "clock", "t": i}); err != nil {
			t.Fatal(err)
		}
		time.Sleep(10 * time.Millisecond)
	}
	answers := 0
	conn.SetReadDeadline(time.Now().Add(300 * time.Millisecond))
	for {
		if _, _, err := conn.ReadMessage(); err != nil {
			break
		}
		answers++
	}
	if answers != 1 {
		t.Errorf("clock answers for 10 requests within 100 ms: got %d, want 1", answers)
	}
}

// TestWSOversizedFrameClosesOnlyThatConnection: a frame over the read limit
// closes its connection with 1009; another client is unaffected.
func TestWSOversizedFrameClosesOnlyThatConnection(t *testing.T) {
	src := newFakeSource()
	h, ts := newTestServer(t, src, Options{FlushInterval: time.Millisecond, MaxMessageSize: 512})
	good := dial(t, ts, "/pub/"+testEvent, nil)
	readSnapshot(t, good)
	big := dial(t, ts, "/pub/"+testEvent, nil)
	readSnapshot(t, big)

	if err := big.WriteMessage(websocket.TextMessage, []byte(`{"type":"`+strings.Repeat("x", 1000)+`"}`)); err != nil {
		t.Fatal(err)
	}
	expectClose(t, big, websocket.CloseMessageTooBig)
	waitFor(t, "the big client to leave", func() bool { return h.Clients(testEvent) == 1 })

	src.setVotes("t0", 9)
	h.Publish(testEvent, openspace.Change{Topics: []string{"t0"}})
	if m := readPatch(t, good, 2); func() int { v, _ := topicVotes(m.Patch.Topics, "t0"); return v }() != 9 {
		t.Errorf("good client's patch: %s, want t0 with 9 votes", m.raw)
	}
}

// TestWSUnansweredPingsDropWithinPongDeadline: a client that stops
// answering pings (it never reads, so never sees them) is dropped within
// PongWait, and the hub's goroutines go back to where they were.
func TestWSUnansweredPingsDropWithinPongDeadline(t *testing.T) {
	src := newFakeSource()
	const pongWait = 300 * time.Millisecond
	h, ts := newTestServer(t, src, Options{PongWait: pongWait, PingPeriod: 100 * time.Millisecond})
	// A client that answers pings keeps the event alive throughout.
	alive := dial(t, ts, "/pub/"+testEvent, nil)
	readSnapshot(t, alive)
	go func() {
		for {
			if _, _, err := alive.ReadMessage(); err != nil {
				return
			}
		}
	}()
	time.Sleep(50 * time.Millisecond)
	before := runtime.NumGoroutine()

	mute, _, err := websocket.DefaultDialer.Dial(wsURL(ts, "/pub/"+testEvent, nil), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer mute.Close()
	waitFor(t, "two clients", func() bool { return h.Clients(testEvent) == 2 })
	start := time.Now()
	waitFor(t, "the mute client to be dropped", func() bool { return h.Clients(testEvent) == 1 })
	if took := time.Since(start); took > pongWait+200*time.Millisecond {
		t.Errorf("mute client dropped after %v, want within the pong deadline %v", took, pongWait)
	}
	time.Sleep(3 * pongWait) // the live client is still here after several deadlines
	if got := h.Clients(testEvent); got != 1 {
		t.Errorf("clients after the drop: %d, want the one answering pings", got)
	}
	mute.Close()
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<16)
			t.Fatalf("goroutines: got %d, want <= %d\n%s", runtime.NumGoroutine(), before, buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(10 * time.Millisecond)
	}
}
