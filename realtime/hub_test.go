package realtime

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"openspace/openspace"
)

const testEvent = "ev1"

// fakeSource is an in-memory Source: one State per test, guarded by a mutex.
type fakeSource struct {
	mu         sync.Mutex
	st         openspace.State
	failState  bool
	failPatch  bool
	stateCalls int
	patchCalls int
	publicAsks int // Patch calls with organizer=false (the hub must not make any)
	reports    int // Report calls; each report says how many came before it
}

func newFakeSource() *fakeSource {
	return &fakeSource{st: openspace.State{
		Event:  openspace.Event{ID: testEvent, Title: "Meetup"},
		Topics: []openspace.Topic{{ID: "t0", EventID: testEvent, Title: "Zero"}},
	}}
}

func (f *fakeSource) State(ctx context.Context, eventID string, organizer bool) (openspace.State, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.stateCalls++
	if f.failState {
		return openspace.State{}, errors.New("state: disk on fire")
	}
	st := f.st
	st.Topics = append([]openspace.Topic(nil), f.st.Topics...)
	if !organizer {
		st.Draft = nil
	}
	return st, nil
}

func (f *fakeSource) Patch(ctx context.Context, eventID string, ch openspace.Change, organizer bool) (openspace.Patch, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.patchCalls++
	if !organizer {
		f.publicAsks++
	}
	if f.failPatch {
		return openspace.Patch{}, errors.New("patch: disk on fire")
	}
	var p openspace.Patch
	if ch.Event {
		ev := f.st.Event
		p.Event = &ev
	}
	if ch.Attendance {
		a := f.st.Attendance
		p.Attendance = &a
	}
	for _, id := range ch.Topics {
		for _, t := range f.st.Topics {
			if t.ID == id {
				p.Topics = append(p.Topics, t)
			}
		}
	}
	p.RemovedTopics = ch.Removed
	if ch.Plan {
		p.Plan = f.st.Plan
	}
	if ch.Draft && organizer {
		p.Draft = f.st.Draft
	}
	return p, nil
}

// Report returns a report whose LossCount numbers it: 1 for the first.
func (f *fakeSource) Report(ctx context.Context, eventID string) (*openspace.PlanReport, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.reports++
	return &openspace.PlanReport{LossCount: f.reports}, nil
}

func (f *fakeSource) reportCalls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.reports
}

func (f *fakeSource) update(fn func(st *openspace.State)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	fn(&f.st)
}

func (f *fakeSource) set(fn func(f *fakeSource)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	fn(f)
}

func (f *fakeSource) counts() (state, patch int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.stateCalls, f.patchCalls
}

// setVotes upserts topic id with n votes.
func (f *fakeSource) setVotes(id string, n int) {
	f.update(func(st *openspace.State) {
		for i := range st.Topics {
			if st.Topics[i].ID == id {
				st.Topics[i].Votes = n
				return
			}
		}
		st.Topics = append(st.Topics, openspace.Topic{ID: id, EventID: testEvent, Title: id, Votes: n})
	})
}

func quietLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }

// newTestServer serves /pub/{id} and /org/{id} with a new hub. The hub is
// closed at the end of the test.
func newTestServer(t *testing.T, src Source, opts Options) (*Hub, *httptest.Server) {
	t.Helper()
	if opts.Logger == nil {
		opts.Logger = quietLogger()
	}
	h := NewHub(src, opts)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /pub/{id}", func(w http.ResponseWriter, r *http.Request) {
		h.ServeWS(w, r, r.PathValue("id"), false, r.RemoteAddr)
	})
	mux.HandleFunc("GET /org/{id}", func(w http.ResponseWriter, r *http.Request) {
		h.ServeWS(w, r, r.PathValue("id"), true, r.RemoteAddr)
	})
	ts := httptest.NewServer(mux)
	t.Cleanup(ts.Close)
	t.Cleanup(h.Close) // runs first
	return h, ts
}

func wsURL(ts *httptest.Server, path string, q url.Values) string {
	u := "ws" + strings.TrimPrefix(ts.URL, "http") + path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	return u
}

// dial opens a WebSocket and closes it at the end of the test.
func dial(t *testing.T, ts *httptest.Server, path string, q url.Values) *websocket.Conn {
	t.Helper()
	conn, resp, err := websocket.DefaultDialer.Dial(wsURL(ts, path, q), nil)
	if err != nil {
		status := 0
		if resp != nil {
			status = resp.StatusCode
		}
		t.Fatalf("dial %s: %v (status %d)", path, err, status)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// dialStatus dials and returns the HTTP status of the handshake.
func dialStatus(t *testing.T, ts *httptest.Server, path string, header http.Header) int {
	t.Helper()
	conn, resp, err := websocket.DefaultDialer.Dial(wsURL(ts, path, nil), header)
	if err == nil {
		conn.Close()
		return http.StatusSwitchingProtocols
	}
	if resp == nil {
		t.Fatalf("dial %s: %v", path, err)
	}
	return resp.StatusCode
}

type received struct {
	Message
	raw []byte
}

func readMsg(t *testing.T, conn *websocket.Conn) received {
	t.Helper()
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	mt, data, err := conn.ReadMessage()
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	if mt != websocket.TextMessage {
		t.Fatalf("message type: got %d, want text", mt)
	}
	var m received
	if err := json.Unmarshal(data, &m.Message); err != nil {
		t.Fatalf("decode %s: %v", data, err)
	}
	m.raw = data
	return m
}

func readSnapshot(t *testing.T, conn *websocket.Conn) received {
	t.Helper()
	m := readMsg(t, conn)
	if m.Type != TypeSnapshot || m.State == nil || m.Epoch == "" {
		t.Fatalf("got %s, want a snapshot", m.raw)
	}
	return m
}

func readPatch(t *testing.T, conn *websocket.Conn, version int64) received {
	t.Helper()
	m := readMsg(t, conn)
	if m.Type != TypePatch || m.Patch == nil {
		t.Fatalf("got %s, want a patch", m.raw)
	}
	if m.Version != version {
		t.Fatalf("patch version: got %d, want %d", m.Version, version)
	}
	return m
}

// expectQuiet checks that nothing arrives for a while. The connection is
// unusable afterwards (a read timeout is final in gorilla/websocket).
func expectQuiet(t *testing.T, conn *websocket.Conn, d time.Duration) {
	t.Helper()
	conn.SetReadDeadline(time.Now().Add(d))
	if _, data, err := conn.ReadMessage(); err == nil {
		t.Fatalf("got %s, want nothing", data)
	}
}

func expectClose(t *testing.T, conn *websocket.Conn, code int) {
	t.Helper()
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	for {
		_, data, err := conn.ReadMessage()
		if err == nil {
			continue // queued messages before the close frame
		}
		var ce *websocket.CloseError
		if !errors.As(err, &ce) {
			t.Fatalf("read: got %v (last %s), want close %d", err, data, code)
		}
		if ce.Code != code {
			t.Fatalf("close code: got %d (%q), want %d", ce.Code, ce.Text, code)
		}
		return
	}
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func topicVotes(topics []openspace.Topic, id string) (int, bool) {
	for _, tp := range topics {
		if tp.ID == id {
			return tp.Votes, true
		}
	}
	return 0, false
}

func TestSnapshotThenPatch(t *testing.T) {
	src := newFakeSource()
	h, ts := newTestServer(t, src, Options{FlushInterval: 10 * time.Millisecond})

	clients := []struct {
		name string
		conn *websocket.Conn
		snap received
	}{
		{name: "public", conn: dial(t, ts, "/pub/"+testEvent, nil)},
		{name: "organizer", conn: dial(t, ts, "/org/"+testEvent, nil)},
	}
	for i := range clients {
		clients[i].snap = readSnapshot(t, clients[i].conn)
		if got, want := clients[i].snap.Version, int64(1); got != want {
			t.Errorf("%s: snapshot version: got %d, want %d", clients[i].name, got, want)
		}
		if got, want := len(clients[i].snap.State.Topics), 1; got != want {
			t.Errorf("%s: snapshot topics: got %d, want %d", clients[i].name, got, want)
		}
	}
	if got, want := h.Clients(testEvent), 2; got != want {
		t.Fatalf("Clients: got %d, want %d", got, want)
	}
	if clients[0].snap.Epoch != clients[1].snap.Epoch {
		t.Errorf("epochs differ: %q and %q", clients[0].snap.Epoch, clients[1].snap.Epoch)
	}

	src.setVotes("t1", 3)
	h.Publish(testEvent, openspace.Change{Topics: []string{"t1"}})

	for _, c := range clients {
		m := readPatch(t, c.conn, c.snap.Version+1)
		if m.Epoch != c.snap.Epoch {
			t.Errorf("%s: patch epoch: got %q, want %q", c.name, m.Epoch, c.snap.Epoch)
		}
		if got, ok := topicVotes(m.Patch.Topics, "t1"); !ok || got != 3 {
			t.Errorf("%s: patch t1 votes: got %d (present %v), want 3", c.name, got, ok)
		}
	}
}

func TestPublishWithoutClients(t *testing.T) {
	src := newFakeSource()
	h, _ := newTestServer(t, src, Options{})
	h.Publish("nobody-watches", openspace.Change{Event: true})
	h.Publish("nobody-watches", openspace.Change{})
	if got := h.Clients("nobody-watches"); got != 0 {
		t.Errorf("Clients: got %d, want 0", got)
	}
	if _, patches := src.counts(); patches != 0 {
		t.Errorf("Patch calls: got %d, want 0", patches)
	}
}

func TestBurstIsCoalesced(t *testing.T) {
	src := newFakeSource()
	h, ts := newTestServer(t, src, Options{FlushInterval: 100 * time.Millisecond})
	conn := dial(t, ts, "/pub/"+testEvent, nil)
	snap := readSnapshot(t, conn)

	const n = 100
	for i := 1; i <= n; i++ {
		src.setVotes("t0", i)
		h.Publish(testEvent, openspace.Change{Topics: []string{"t0"}})
	}

	patches := 0
	version := snap.Version
	for votes := 0; votes != n; {
		version++
		m := readPatch(t, conn, version)
		patches++
		if v, ok := topicVotes(m.Patch.Topics, "t0"); ok {
			votes = v
		}
		if patches >= n {
			t.Fatalf("got %d patches without reaching %d votes", patches, n)
		}
	}
	if patches >= 10 {
		t.Errorf("patches: got %d, want < 10", patches)
	}
	if _, calls := src.counts(); calls >= 10 {
		t.Errorf("Patch calls: got %d, want < 10", calls)
	}
}

func TestResume(t *testing.T) {
	src := newFakeSource()
	h, ts := newTestServer(t, src, Options{FlushInterval: time.Millisecond, History: 3})
	observer := dial(t, ts, "/pub/"+testEvent, nil)
	first := readSnapshot(t, observer)
	epoch := first.Epoch

	// Versions 2..5, one at a time; the history keeps 3, 4, 5.
	for i := 2; i <= 5; i++ {
		src.setVotes("t0", i)
		h.Publish(testEvent, openspace.Change{Topics: []string{"t0"}})
		readPatch(t, observer, int64(i))
	}

	q := func(since, epoch string) url.Values {
		v := url.Values{}
		if since != "" {
			v.Set("since", since)
		}
		if epoch != "" {
			v.Set("epoch", epoch)
		}
		return v
	}
	tests := []struct {
		name        string
		query       url.Values
		wantPatches []int64 // nil: want a snapshot at version 5
	}{
		{name: "missed three", query: q("2", epoch), wantPatches: []int64{3, 4, 5}},
		{name: "missed one", query: q("4", epoch), wantPatches: []int64{5}},
		{name: "up to date", query: q("5", epoch), wantPatches: []int64{}},
		{name: "older than history", query: q("1", epoch)},
		{name: "stale epoch", query: q("4", "0123456789abcdef01234567")},
		{name: "no epoch", query: q("4", "")},
		{name: "future version", query: q("9", epoch)},
		{name: "no since", query: nil},
		{name: "garbage since", query: q("abc", epoch)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			conn := dial(t, ts, "/pub/"+testEvent, tt.query)
			if tt.wantPatches == nil {
				m := readSnapshot(t, conn)
				if got, want := m.Version, int64(5); got != want {
					t.Errorf("snapshot version: got %d, want %d", got, want)
				}
				if got, want := m.Epoch, epoch; got != want {
					t.Errorf("snapshot epoch: got %q, want %q", got, want)
				}
				if got, _ := topicVotes(m.State.Topics, "t0"); got != 5 {
					t.Errorf("snapshot votes: got %d, want 5", got)
				}
			} else {
				for _, v := range tt.wantPatches {
					m := readPatch(t, conn, v)
					// Patch v was built when t0 had v votes.
					if got, _ := topicVotes(m.Patch.Topics, "t0"); got != int(v) {
						t.Errorf("patch %d votes: got %d, want %d", v, got, v)
					}
				}
			}
			expectQuiet(t, conn, 100*time.Millisecond)
		})
	}
}

func TestDraftOnlyForOrganizer(t *testing.T) {
	src := newFakeSource()
	src.update(func(st *openspace.State) {
		st.Draft = &openspace.Plan{Cells: []openspace.Cell{{Session: "s1", Room: "r1", Topic: "t0"}}}
	})
	h, ts := newTestServer(t, src, Options{FlushInterval: time.Millisecond})
	pub := dial(t, ts, "/pub/"+testEvent, nil)
	org := dial(t, ts, "/org/"+testEvent, nil)

	ps, os := readSnapshot(t, pub), readSnapshot(t, org)
	if ps.State.Draft != nil || bytes.Contains(ps.raw, []byte(`"draft"`)) {
		t.Errorf("public snapshot carries the draft: %s", ps.raw)
	}
	if os.State.Draft == nil {
		t.Errorf("organizer snapshot: got no draft, want one: %s", os.raw)
	}

	src.update(func(st *openspace.State) { st.Draft.Cells[0].Topic = "t9" })
	h.Publish(testEvent, openspace.Change{Draft: true})

	pp, op := readPatch(t, pub, 2), readPatch(t, org, 2)
	if got, want := string(pp.raw), `{"type":"patch","epoch":"`+ps.Epoch+`","version":2,"patch":{}}`; got != want {
		t.Errorf("public patch: got %s, want %s", got, want)
	}
	if op.Patch.Draft == nil || len(op.Patch.Draft.Cells) != 1 || op.Patch.Draft.Cells[0].Topic != "t9" {
		t.Errorf("organizer patch: got %s, want the draft with t9", op.raw)
	}
	src.mu.Lock()
	publicAsks := src.publicAsks
	src.mu.Unlock()
	if publicAsks != 0 {
		t.Errorf("Patch calls with organizer=false: got %d, want 0", publicAsks)
	}
}

func TestClientMessages(t *testing.T) {
	src := newFakeSource()
	h, ts := newTestServer(t, src, Options{FlushInterval: time.Millisecond, MaxMessageSize: 512})
	conn := dial(t, ts, "/pub/"+testEvent, nil)
	readSnapshot(t, conn)

	src.setVotes("t0", 7)
	h.Publish(testEvent, openspace.Change{Topics: []string{"t0"}})
	readPatch(t, conn, 2)

	write := func(mt int, data string) {
		t.Helper()
		if err := conn.WriteMessage(mt, []byte(data)); err != nil {
			t.Fatalf("write %q: %v", data, err)
		}
	}
	// Ignored: garbage, unknown types, binary frames.
	write(websocket.TextMessage, "not json")
	write(websocket.TextMessage, `{"type":"hello"}`)
	write(websocket.BinaryMessage, `{"type":"resync"}`)
	// Answered with a snapshot.
	write(websocket.TextMessage, `{"type":"resync"}`)
	m := readSnapshot(t, conn)
	if got, want := m.Version, int64(2); got != want {
		t.Errorf("resync snapshot version: got %d, want %d", got, want)
	}
	if got, _ := topicVotes(m.State.Topics, "t0"); got != 7 {
		t.Errorf("resync snapshot votes: got %d, want 7", got)
	}

	// Still connected and receiving.
	src.setVotes("t0", 8)
	h.Publish(testEvent, openspace.Change{Topics: []string{"t0"}})
	readPatch(t, conn, 3)

	// Over the read limit: closed with 1009.
	write(websocket.TextMessage, `{"type":"`+strings.Repeat("x", 1000)+`"}`)
	expectClose(t, conn, websocket.CloseMessageTooBig)
	waitFor(t, "the client to leave", func() bool { return h.Clients(testEvent) == 0 })
}

func TestSnapshotIsCached(t *testing.T) {
	src := newFakeSource()
	h, ts := newTestServer(t, src, Options{FlushInterval: time.Millisecond})
	for range 20 {
		readSnapshot(t, dial(t, ts, "/pub/"+testEvent, nil))
	}
	if got, _ := src.counts(); got != 1 {
		t.Errorf("State calls for 20 public clients: got %d, want 1", got)
	}
	readSnapshot(t, dial(t, ts, "/org/"+testEvent, nil))
	if got, _ := src.counts(); got != 2 {
		t.Errorf("State calls after an organizer: got %d, want 2", got)
	}

	src.setVotes("t0", 1)
	h.Publish(testEvent, openspace.Change{Topics: []string{"t0"}})
	waitFor(t, "the patch", func() bool { _, p := src.counts(); return p == 1 })
	m := readSnapshot(t, dial(t, ts, "/pub/"+testEvent, nil))
	if got, want := m.Version, int64(2); got != want {
		t.Errorf("snapshot version after a patch: got %d, want %d", got, want)
	}
	if got, _ := topicVotes(m.State.Topics, "t0"); got != 1 {
		t.Errorf("snapshot votes after a patch: got %d, want 1", got)
	}
	if got, _ := src.counts(); got != 3 {
		t.Errorf("State calls after a patch: got %d, want 3", got)
	}
}

func TestPatchErrorSendsSnapshot(t *testing.T) {
	src := newFakeSource()
	h, ts := newTestServer(t, src, Options{FlushInterval: time.Millisecond})
	pub := dial(t, ts, "/pub/"+testEvent, nil)
	org := dial(t, ts, "/org/"+testEvent, nil)
	readSnapshot(t, pub)
	readSnapshot(t, org)

	src.set(func(f *fakeSource) { f.failPatch = true })
	src.setVotes("t0", 42)
	h.Publish(testEvent, openspace.Change{Topics: []string{"t0"}})
	waitFor(t, "the failed patch", func() bool { _, p := src.counts(); return p >= 1 })
	src.set(func(f *fakeSource) { f.failPatch = false })

	// The lost change comes back as a snapshot at the next version.
	for _, conn := range []*websocket.Conn{pub, org} {
		m := readSnapshot(t, conn)
		if got, want := m.Version, int64(2); got != want {
			t.Errorf("snapshot version: got %d, want %d", got, want)
		}
		if got, _ := topicVotes(m.State.Topics, "t0"); got != 42 {
			t.Errorf("snapshot votes: got %d, want 42", got)
		}
	}
	// And patches go on from there.
	src.setVotes("t0", 43)
	h.Publish(testEvent, openspace.Change{Topics: []string{"t0"}})
	readPatch(t, pub, 3)
	readPatch(t, org, 3)

	// A client resuming from before the lost patch gets a snapshot.
	c := dial(t, ts, "/pub/"+testEvent, url.Values{"since": {"1"}, "epoch": {readSnapshot(t, dial(t, ts, "/pub/"+testEvent, nil)).Epoch}})
	if m := readSnapshot(t, c); m.Version != 3 {
		t.Errorf("resumed snapshot version: got %d, want 3", m.Version)
	}
}

func TestSnapshotErrorCloses(t *testing.T) {
	src := newFakeSource()
	src.set(func(f *fakeSource) { f.failState = true })
	h, ts := newTestServer(t, src, Options{})
	conn := dial(t, ts, "/pub/"+testEvent, nil)
	expectClose(t, conn, websocket.CloseInternalServerErr)
	waitFor(t, "the client to leave", func() bool { return h.Clients(testEvent) == 0 })
}

// slowDialer never lets much data in: its receive buffer is tiny and the
// test never reads.
var slowDialer = &websocket.Dialer{
	NetDialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := (&net.Dialer{}).DialContext(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		if tc, ok := c.(*net.TCPConn); ok {
			tc.SetReadBuffer(4096)
		}
		return c, nil
	},
	HandshakeTimeout: 5 * time.Second,
}

// TestWSNonReadingClientDroppedAloneOthersKeepLatency: a client that never
// reads while thousands of patches are sent is dropped (1013) alone; the
// client that reads gets every change, each within latencyBound of its
// publication.
func TestWSNonReadingClientDroppedAloneOthersKeepLatency(t *testing.T) {
	// Only the organizer gets the big draft: the slow client is an organizer
	// that never reads, the good one a public screen that reads everything.
	src := newFakeSource()
	draft := &openspace.Plan{}
	for i := range 1000 {
		draft.Cells = append(draft.Cells, openspace.Cell{Session: fmt.Sprintf("session-%04d", i), Room: "room", Topic: strings.Repeat("t", 40)})
	}
	src.update(func(st *openspace.State) { st.Draft = draft })
	h, ts := newTestServer(t, src, Options{FlushInterval: time.Millisecond, SendBuffer: 4, WriteWait: 300 * time.Millisecond})

	good := dial(t, ts, "/pub/"+testEvent, nil)
	readSnapshot(t, good)
	slow, _, err := slowDialer.Dial(wsURL(ts, "/org/"+testEvent, nil), nil)
	if err != nil {
		t.Fatalf("dial slow client: %v", err)
	}
	defer slow.Close()
	waitFor(t, "two clients", func() bool { return h.Clients(testEvent) == 2 })

	// The good client reads everything; it remembers the last votes seen
	// and the longest wait from a publication to its patch.
	var lastVotes, worst atomic.Int64
	var readErr atomic.Value
	var published sync.Map // votes -> time.Time of the Publish
	go func() {
		version := int64(1)
		for {
			good.SetReadDeadline(time.Now().Add(10 * time.Second))
			_, data, err := good.ReadMessage()
			if err != nil {
				readErr.Store(err.Error())
				return
			}
			var m Message
			if err := json.Unmarshal(data, &m); err != nil || m.Type != TypePatch || m.Version != version+1 {
				readErr.Store(fmt.Sprintf("got type %q version %d (err %v), want patch %d", m.Type, m.Version, err, version+1))
				return
			}
			version = m.Version
			if v, ok := topicVotes(m.Patch.Topics, "t0"); ok {
				lastVotes.Store(int64(v))
				if at, ok := published.Load(v); ok {
					if d := int64(time.Since(at.(time.Time))); d > worst.Load() {
						worst.Store(d)
					}
				}
			}
		}
	}()

	deadline := time.Now().Add(10 * time.Second)
	const changes = 2000
	for i := 1; h.Clients(testEvent) > 1 || i <= changes; i++ {
		if time.Now().After(deadline) {
			t.Fatalf("slow client still connected after %d patches", i)
		}
		if e := readErr.Load(); e != nil {
			t.Fatalf("good client: %v", e)
		}
		src.setVotes("t0", i)
		published.Store(i, time.Now())
		h.Publish(testEvent, openspace.Change{Topics: []string{"t0"}, Draft: true})
		time.Sleep(time.Millisecond)
	}

	// The good client still gets every change.
	src.setVotes("t0", 1_000_000)
	published.Store(1_000_000, time.Now())
	h.Publish(testEvent, openspace.Change{Topics: []string{"t0"}, Draft: true})
	waitFor(t, "the good client to see the last change", func() bool {
		if e := readErr.Load(); e != nil {
			t.Fatalf("good client: %v", e)
		}
		return lastVotes.Load() == 1_000_000
	})
	if got, want := h.Clients(testEvent), 1; got != want {
		t.Errorf("Clients: got %d, want %d", got, want)
	}
	// How long it waited is measured, not asserted (no timed tests):
	// TestStalledPhoneDoesNotHoldTheStreamBack checks without a clock that
	// a phone not reading never holds the others back.
	t.Logf("the reading client's longest wait for a patch: %v", time.Duration(worst.Load()))
}

// TestWSForeignOriginGets403: a page of another site cannot open a socket.
func TestWSForeignOriginGets403(t *testing.T) {
	src := newFakeSource()
	_, ts := newTestServer(t, src, Options{AllowedOrigins: []string{"https://projector.example.org/", "phones.example.org:8443"}})
	host := strings.TrimPrefix(ts.URL, "http://")
	tests := []struct {
		origin string
		want   int
	}{
		{origin: "", want: http.StatusSwitchingProtocols},
		{origin: "http://" + host, want: http.StatusSwitchingProtocols},
		{origin: "https://projector.example.org", want: http.StatusSwitchingProtocols},
		{origin: "https://phones.example.org:8443", want: http.StatusSwitchingProtocols},
		{origin: "https://evil.example.com", want: http.StatusForbidden},
		{origin: "http://projector.example.org", want: http.StatusForbidden},
		{origin: "null", want: http.StatusForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.origin, func(t *testing.T) {
			header := http.Header{}
			if tt.origin != "" {
				header.Set("Origin", tt.origin)
			}
			if got := dialStatus(t, ts, "/pub/"+testEvent, header); got != tt.want {
				t.Errorf("status: got %d, want %d", got, tt.want)
			}
		})
	}
}

func TestMaxClients(t *testing.T) {
	src := newFakeSource()
	h, ts := newTestServer(t, src, Options{MaxClients: 2})
	a := dial(t, ts, "/pub/"+testEvent, nil)
	readSnapshot(t, a)
	readSnapshot(t, dial(t, ts, "/org/other", nil))
	if got, want := dialStatus(t, ts, "/pub/"+testEvent, nil), http.StatusServiceUnavailable; got != want {
		t.Fatalf("third client: got %d, want %d", got, want)
	}
	a.Close()
	waitFor(t, "the first client to leave", func() bool { return h.Clients(testEvent) == 0 })
	waitFor(t, "a free slot", func() bool { return h.conns.Load() < 2 })
	readSnapshot(t, dial(t, ts, "/pub/"+testEvent, nil))
}

func TestIdleEventIsForgotten(t *testing.T) {
	src := newFakeSource()
	h, ts := newTestServer(t, src, Options{})
	h.idleTimeout = 50 * time.Millisecond
	conn := dial(t, ts, "/pub/"+testEvent, nil)
	first := readSnapshot(t, conn)
	conn.Close()
	waitFor(t, "the event to be forgotten", func() bool {
		h.mu.Lock()
		defer h.mu.Unlock()
		return h.events[testEvent] == nil
	})
	h.Publish(testEvent, openspace.Change{Event: true}) // nobody watches: ignored

	conn = dial(t, ts, "/pub/"+testEvent, url.Values{"since": {"1"}, "epoch": {first.Epoch}})
	m := readSnapshot(t, conn)
	if m.Epoch == first.Epoch {
		t.Errorf("epoch after forgetting: got the old %q, want a new one", m.Epoch)
	}
}

func TestClose(t *testing.T) {
	before := runtime.NumGoroutine()
	src := newFakeSource()
	h := NewHub(src, Options{Logger: quietLogger()})
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeWS(w, r, r.URL.Query().Get("event"), r.URL.Query().Get("org") == "1", r.RemoteAddr)
	}))
	var conns []*websocket.Conn
	for _, q := range []string{"event=a", "event=a&org=1", "event=b"} {
		conn, _, err := websocket.DefaultDialer.Dial(wsURL(ts, "/?"+q, nil), nil)
		if err != nil {
			t.Fatalf("dial %s: %v", q, err)
		}
		readSnapshot(t, conn)
		conns = append(conns, conn)
	}
	h.Publish("a", openspace.Change{Event: true})

	closed := make(chan struct{})
	go func() { h.Close(); close(closed) }()
	for _, conn := range conns {
		expectClose(t, conn, websocket.CloseGoingAway)
	}
	select {
	case <-closed:
	case <-time.After(5 * time.Second):
		t.Fatal("Close did not return")
	}
	for _, conn := range conns {
		conn.Close()
	}
	if got, want := dialStatus(t, ts, "/?event=a", nil), http.StatusServiceUnavailable; got != want {
		t.Errorf("dial after Close: got %d, want %d", got, want)
	}
	h.Publish("a", openspace.Change{Event: true}) // no panic, no goroutine
	h.Close()                                     // idempotent
	ts.Close()
	http.DefaultTransport.(*http.Transport).CloseIdleConnections()

	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<16)
			t.Fatalf("goroutines: got %d, want <= %d\n%s", runtime.NumGoroutine(), before, buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestReportOnlyWhileOrganizersWatch: votes while no console is open cost
// no report; the console that opens later gets one with its first patch
// after them.
func TestReportOnlyWhileOrganizersWatch(t *testing.T) {
	src := newFakeSource()
	h, ts := newTestServer(t, src, Options{FlushInterval: time.Millisecond, ReportInterval: time.Millisecond})
	pub := dial(t, ts, "/pub/"+testEvent, nil)
	snap := readSnapshot(t, pub)
	for i := 1; i <= 5; i++ {
		src.setVotes("t0", i)
		h.Publish(testEvent, openspace.Change{Topics: []string{"t0"}})
		for m := readMsg(t, pub); ; m = readMsg(t, pub) {
			if v, _ := topicVotes(m.Patch.Topics, "t0"); v == i {
				break
			}
		}
	}
	if got := src.reportCalls(); got != 0 {
		t.Errorf("reports computed with no console open: %d, want 0", got)
	}

	// The console resumes from the public snapshot's version: the patches it
	// missed carry no report, so the hub sends one after them.
	org := dial(t, ts, "/org/"+testEvent, url.Values{"since": {strconv.FormatInt(snap.Version, 10)}, "epoch": {snap.Epoch}})
	for {
		m := readMsg(t, org)
		if m.Patch != nil && m.Patch.Report != nil {
			break
		}
	}
	if got := src.reportCalls(); got != 1 {
		t.Errorf("reports computed for the console = %d, want 1", got)
	}
}

// TestReportIsThrottled: a burst of votes gives the console at most one
// report per ReportInterval, and the last vote always gets one (trailing).
func TestReportIsThrottled(t *testing.T) {
	src := newFakeSource()
	const interval = 300 * time.Millisecond
	h, ts := newTestServer(t, src, Options{FlushInterval: time.Millisecond, ReportInterval: interval})
	org := dial(t, ts, "/org/"+testEvent, nil)
	readSnapshot(t, org)

	start := time.Now()
	const votes = 20
	for i := 1; i <= votes; i++ {
		src.setVotes("t0", i)
		h.Publish(testEvent, openspace.Change{Topics: []string{"t0"}})
		time.Sleep(5 * time.Millisecond) // spread the burst over several flush windows
	}
	burst := time.Since(start)

	// Read until a report comes after the last vote: the trailing one.
	lastVotes, reports := 0, 0
	for lastVotes < votes || reports == 0 {
		m := readMsg(t, org)
		if v, ok := topicVotes(m.Patch.Topics, "t0"); ok {
			lastVotes, reports = v, 0
		}
		if m.Patch.Report != nil {
			reports++
		}
	}
	// One report at the start of the burst, then one per interval at most.
	if got, most := src.reportCalls(), 2+int(burst/interval); got > most {
		t.Errorf("%d reports for %d votes over %v, want at most %d (one per %v)", got, votes, burst, most, interval)
	}
}
