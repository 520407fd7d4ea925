package server_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"openspace/openspace"
	"openspace/realtime"
	"openspace/server"
	"openspace/store"
)

// newAppWith is newApp with the hub's options.
func newAppWith(tb testing.TB, opts realtime.Options) *app {
	tb.Helper()
	st, err := store.Open(filepath.Join(tb.TempDir(), "openspace.db"))
	if err != nil {
		tb.Fatal(err)
	}
	if opts.FlushInterval == 0 {
		opts.FlushInterval = 20 * time.Millisecond
	}
	hub := realtime.NewHub(server.LiveSource{Store: st}, opts)
	ts := httptest.NewServer(server.New(server.Config{Store: st, Live: hub, Ping: st.Ping}))
	tb.Cleanup(func() {
		hub.Close()
		ts.Close()
		st.Close()
	})
	return &app{Server: ts, store: st, hub: hub}
}

func (a *app) wsURL(eventID, query string) string {
	return "ws" + strings.TrimPrefix(a.URL, "http") + "/api/events/" + eventID + "/ws" + query
}

// TestWSOneAddressAtItsCapLeavesHealthzAndPagesAnswering: one address
// holding its maximum of WebSockets gets 503 + Retry-After for the next one
// (before any upgrade), while /healthz, pages and phones from other
// addresses go on being answered.
func TestWSOneAddressAtItsCapLeavesHealthzAndPagesAnswering(t *testing.T) {
	const perAddress = 300
	a := newAppWith(t, realtime.Options{MaxPerAddress: perAddress})
	_, ev := a.createEvent(t)
	id := ev.Event.ID

	for i := range perAddress {
		conn, _, err := websocket.DefaultDialer.Dial(a.wsURL(id, ""), nil)
		if err != nil {
			t.Fatalf("connection %d of %d: %v", i+1, perAddress, err)
		}
		t.Cleanup(func() { conn.Close() })
	}
	_, resp, err := websocket.DefaultDialer.Dial(a.wsURL(id, ""), nil)
	if err == nil {
		t.Fatalf("connection %d from one address upgraded, want 503", perAddress+1)
	}
	if resp == nil || resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("connection %d from one address: %v %v, want 503 with Retry-After", perAddress+1, resp, err)
	}

	hc := &http.Client{Timeout: 2 * time.Second}
	for _, path := range []string{"/healthz", "/", "/e/" + id} {
		start := time.Now()
		r, err := hc.Get(a.URL + path)
		if err != nil {
			t.Fatalf("GET %s while one address holds %d sockets: %v", path, perAddress, err)
		}
		r.Body.Close()
		if r.StatusCode != http.StatusOK {
			t.Errorf("GET %s: %d, want 200", path, r.StatusCode)
		}
		t.Logf("GET %s: %d in %v", path, r.StatusCode, time.Since(start).Round(time.Microsecond))
	}

	// A phone on another address still connects (Linux answers all of
	// 127.0.0.0/8).
	d := &websocket.Dialer{HandshakeTimeout: 2 * time.Second,
		NetDialContext: (&net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP("127.0.0.2")}}).DialContext}
	phone, _, err := d.Dial(a.wsURL(id, ""), nil)
	if err != nil {
		t.Fatalf("a phone on another address: %v", err)
	}
	defer phone.Close()
	if m := readWS(t, phone); m.Type != "snapshot" {
		t.Errorf("the other phone got a %q, want a snapshot", m.Type)
	}
}

// view is what a client holds: the state built from a snapshot and the
// patches after it.
type view struct {
	epoch   string
	version int64
	votes   map[string]int // topic ID -> votes
	titles  map[string]string
	count   int // attendance
}

func (v *view) apply(m wsMessage) error {
	switch m.Type {
	case "snapshot":
		v.epoch, v.version = m.Epoch, m.Version
		v.votes, v.titles = map[string]int{}, map[string]string{}
		for _, tp := range m.State.Topics {
			v.votes[tp.ID], v.titles[tp.ID] = tp.Votes, tp.Title
		}
		v.count = m.State.Attendance.Count
	case "patch":
		if m.Epoch != v.epoch || m.Version != v.version+1 {
			return fmt.Errorf("patch %s/%d after %s/%d", m.Epoch, m.Version, v.epoch, v.version)
		}
		v.version = m.Version
		if m.Patch.Attendance != nil {
			v.count = m.Patch.Attendance.Count
		}
		for _, tp := range m.Patch.Topics {
			v.votes[tp.ID], v.titles[tp.ID] = tp.Votes, tp.Title
		}
		for _, id := range m.Patch.RemovedTopics {
			delete(v.votes, id)
			delete(v.titles, id)
		}
	}
	return nil
}

func (v *view) total() int {
	n := 0
	for _, c := range v.votes {
		n += c
	}
	return n
}

func (v *view) String() string {
	ids := make([]string, 0, len(v.votes))
	for id := range v.votes {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var b strings.Builder
	fmt.Fprintf(&b, "attendance %d;", v.count)
	for _, id := range ids {
		fmt.Fprintf(&b, " %s %q %d;", id, v.titles[id], v.votes[id])
	}
	return b.String()
}

// serverView is the store's public state as a view.
func serverView(tb testing.TB, a *app, eventID string) *view {
	tb.Helper()
	st, err := a.store.State(context.Background(), eventID, false)
	if err != nil {
		tb.Fatal(err)
	}
	v := &view{}
	v.apply(wsMessage{Type: "snapshot", State: &st})
	return v
}

// TestWSCutOffClientResumesWithExactlyTheMissedChanges: a phone cut off
// while 50 changes happen comes back (since/epoch) with exactly the patches
// it missed, in order and none twice, or a fresh snapshot, and then holds
// what the server holds.
func TestWSCutOffClientResumesWithExactlyTheMissedChanges(t *testing.T) {
	a := newApp(t)
	_, ev := a.createEvent(t)
	id := ev.Event.ID
	var people []*client
	for i := range 10 {
		c, _ := a.join(t, id, fmt.Sprintf("Person %d", i), "Dev")
		people = append(people, c)
	}
	watcher := a.dialWS(t, id, "", nil)
	wv := &view{}
	wv.apply(readWS(t, watcher))
	phone := a.dialWS(t, id, "", nil)
	pv := &view{}
	pv.apply(readWS(t, phone))
	phone.Close() // cut off

	changes := 0
	for i, p := range people {
		var topics []openspace.Topic
		for k := range 3 {
			topics = append(topics, p.propose(id, fmt.Sprintf("Topic %d.%d", i, k)))
			changes++
		}
		for _, tp := range topics[:2] {
			p.do("PUT", "/api/events/"+id+"/topics/"+tp.ID+"/vote", nil).decode(t, http.StatusOK, nil)
			changes++
		}
	}
	if changes != 50 {
		t.Fatalf("made %d changes, want 50", changes)
	}
	want := serverView(t, a, id)
	// The watcher, connected throughout, tells when the hub has sent them all.
	for wv.String() != want.String() {
		if err := wv.apply(readWS(t, watcher)); err != nil {
			t.Fatal(err)
		}
	}

	missedFrom := pv.version
	resumed := a.dialWS(t, id, "?since="+strconv.FormatInt(pv.version, 10)+"&epoch="+pv.epoch, nil)
	patches, snapshots := 0, 0
	for pv.version < wv.version {
		m := readWS(t, resumed)
		if m.Type == "snapshot" {
			snapshots++
		} else {
			patches++
		}
		if err := pv.apply(m); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("50 changes while cut off: %d patches (versions %d..%d), %d snapshots", patches, missedFrom+1, pv.version, snapshots)
	if snapshots == 0 && int64(patches) != wv.version-missedFrom {
		t.Errorf("got %d patches, want exactly the %d missed", patches, wv.version-missedFrom)
	}
	if snapshots > 1 || (snapshots == 1 && patches > 0) {
		t.Errorf("got %d snapshots and %d patches, want the missed patches or one snapshot", snapshots, patches)
	}
	if pv.version != wv.version {
		t.Errorf("resumed at version %d, want %d", pv.version, wv.version)
	}
	if got := pv.String(); got != want.String() {
		t.Errorf("the resumed phone holds\n%s\nthe server\n%s", got, want)
	}
	resumed.SetReadDeadline(time.Now().Add(100 * time.Millisecond))
	if _, data, err := resumed.ReadMessage(); err == nil {
		t.Errorf("an extra message after the missed ones: %s", data)
	}
}

// TestRace200ClientsVoteAndReconnect: 200 phones connect, vote and (half of
// them) reconnect at once; every one ends with what the server holds.
// Meant for go test -race.
func TestRace200ClientsVoteAndReconnect(t *testing.T) {
	const phones = 200
	a := newApp(t)
	org, ev := a.createEvent(t)
	id := ev.Event.ID
	var topics []openspace.Topic
	for i := range 4 {
		topics = append(topics, org.propose(id, fmt.Sprintf("Topic %d", i)))
	}
	// Each phone is a cookie jar that joined.
	jars := make([]*http.Client, phones)
	for i := range jars {
		c, _ := a.join(t, id, fmt.Sprintf("Phone %d", i), "")
		jars[i] = c.http
	}

	var wg sync.WaitGroup
	errs := make(chan error, phones)
	views := make([]*view, phones)
	start := time.Now()
	for i := range phones {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, err := phoneVotes(a, id, jars[i], topics[i%len(topics)].ID, i%2 == 0, phones)
			views[i] = v
			if err != nil {
				errs <- fmt.Errorf("phone %d: %w", i, err)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if t.Failed() {
		return
	}
	t.Logf("%d phones voted, half reconnected, all up to date in %v", phones, time.Since(start).Round(time.Millisecond))
	want := serverView(t, a, id)
	if got := want.total(); got != phones {
		t.Fatalf("the server counts %d votes, want %d", got, phones)
	}
	for i, v := range views {
		if v.String() != want.String() {
			t.Errorf("phone %d holds\n%s\nthe server\n%s", i, v, want)
			break
		}
	}
}

// phoneVotes is one phone: it connects, votes, reconnects with since/epoch
// when asked (and whenever the stream breaks), and reads until it sees
// every vote.
func phoneVotes(a *app, eventID string, hc *http.Client, topicID string, reconnect bool, votes int) (*view, error) {
	v := &view{}
	dial := func() (*websocket.Conn, error) {
		q := ""
		if v.epoch != "" {
			q = "?since=" + strconv.FormatInt(v.version, 10) + "&epoch=" + v.epoch
		}
		conn, _, err := websocket.DefaultDialer.Dial(a.wsURL(eventID, q), nil)
		return conn, err
	}
	conn, err := dial()
	if err != nil {
		return v, err
	}
	defer func() { conn.Close() }()
	read := func() error {
		conn.SetReadDeadline(time.Now().Add(20 * time.Second))
		_, data, err := conn.ReadMessage()
		if err != nil {
			return err
		}
		var m wsMessage
		if err := json.Unmarshal(data, &m); err != nil {
			return err
		}
		return v.apply(m)
	}
	if err := read(); err != nil {
		return v, err
	}
	req, _ := http.NewRequest("PUT", a.URL+"/api/events/"+eventID+"/topics/"+topicID+"/vote", nil)
	resp, err := hc.Do(req)
	if err != nil {
		return v, err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return v, fmt.Errorf("vote: %d", resp.StatusCode)
	}
	redials := 0
	if reconnect {
		conn.Close()
		if conn, err = dial(); err != nil {
			return v, err
		}
	}
	for v.total() < votes {
		if err := read(); err != nil {
			var ce *websocket.CloseError
			if redials < 5 && errors.As(err, &ce) {
				redials++ // e.g. 1013 when the race detector slows this reader
				conn.Close()
				if conn, err = dial(); err != nil {
					return v, err
				}
				continue
			}
			return v, fmt.Errorf("after %d votes seen: %w", v.total(), err)
		}
	}
	return v, nil
}

// TestWSCapPerAddressBehindATrustedProxy: behind a trusted proxy the
// per-address cap counts the clients' addresses, not the proxy's: one
// client at its cap does not shut the others out.
func TestWSCapPerAddressBehindATrustedProxy(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "openspace.db"))
	if err != nil {
		t.Fatal(err)
	}
	hub := realtime.NewHub(server.LiveSource{Store: st}, realtime.Options{FlushInterval: 20 * time.Millisecond, MaxPerAddress: 2})
	ts := httptest.NewServer(server.New(server.Config{Store: st, Live: hub, TrustedProxies: []string{"127.0.0.1/32"}}))
	t.Cleanup(func() {
		hub.Close()
		ts.Close()
		st.Close()
	})
	a := &app{Server: ts, store: st, hub: hub}
	_, ev := a.createEvent(t)
	dial := func(client string) int {
		t.Helper()
		url := "ws" + strings.TrimPrefix(ts.URL, "http") + "/api/events/" + ev.Event.ID + "/ws"
		conn, resp, err := websocket.DefaultDialer.Dial(url, http.Header{"X-Forwarded-For": {client}})
		if err != nil {
			if resp == nil {
				t.Fatalf("dial: %v", err)
			}
			return resp.StatusCode
		}
		t.Cleanup(func() { conn.Close() })
		return http.StatusSwitchingProtocols
	}
	for i := range 2 {
		if got := dial("198.51.100.7"); got != http.StatusSwitchingProtocols {
			t.Fatalf("socket %d of the first client: %d", i+1, got)
		}
	}
	if got := dial("198.51.100.7"); got != http.StatusServiceUnavailable {
		t.Errorf("a third socket of the first client: %d, want 503", got)
	}
	if got := dial("198.51.100.8"); got != http.StatusSwitchingProtocols {
		t.Errorf("another client behind the same proxy: %d, want a WebSocket (the cap is per client, not per proxy)", got)
	}
}
