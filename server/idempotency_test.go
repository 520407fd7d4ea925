package server_test

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"openspace/openspace"
	"openspace/realtime"
	"openspace/server"
	"openspace/store"
)

const replayedHeader = "Idempotent-Replayed"

// countingLive is the hub, counting what the server publishes.
type countingLive struct {
	server.Live
	published atomic.Int64
}

func (l *countingLive) Publish(eventID string, ch openspace.Change) {
	l.published.Add(1)
	l.Live.Publish(eventID, ch)
}

// idemEvening is the seed's evening, published: Ada proposed Puppet and
// voted for it, the organizer proposed Kanban; Puppet runs in session 1,
// room 1, Kanban in session 2, room 1. Bob joined and did nothing.
type idemEvening struct {
	*app
	live               *countingLive
	org, ada, bob      *client
	id, adaID, bobID   string
	s1, s2, r1, r2     string
	puppet, kanban     string
	dotBudget          int
	sessions, rooms    any
	organizerKeyHeader string
}

func newIdemEvening(t *testing.T) *idemEvening {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "openspace.db"))
	if err != nil {
		t.Fatal(err)
	}
	hub := realtime.NewHub(server.LiveSource{Store: st}, realtime.Options{FlushInterval: 20 * time.Millisecond})
	live := &countingLive{Live: hub}
	ts := httptest.NewServer(server.New(server.Config{Store: st, Live: live}))
	t.Cleanup(func() { hub.Close(); ts.Close(); st.Close() })
	a := &app{Server: ts, store: st, hub: hub}

	org, ev := a.createEvent(t)
	e := &idemEvening{app: a, live: live, org: org, id: ev.Event.ID, dotBudget: ev.Event.DotBudget,
		s1: ev.Event.Sessions[0].ID, s2: ev.Event.Sessions[1].ID, r1: ev.Event.Rooms[0].ID, r2: ev.Event.Rooms[1].ID,
		sessions: ev.Event.Sessions, rooms: ev.Event.Rooms, organizerKeyHeader: ev.OrganizerKey}
	var ada, bob openspace.Attendee
	e.ada, ada = a.join(t, e.id, "Ada", "Dev")
	e.bob, bob = a.join(t, e.id, "Bob", "Ops")
	e.adaID, e.bobID = ada.ID, bob.ID
	e.puppet = e.ada.propose(e.id, "Puppet").ID
	e.kanban = org.propose(e.id, "Kanban").ID
	e.ada.do("PUT", e.path("/topics/"+e.puppet+"/vote"), nil).decode(t, http.StatusOK, nil)
	for _, op := range []map[string]string{
		{"op": "place", "topic": e.puppet, "session": e.s1, "room": e.r1},
		{"op": "place", "topic": e.kanban, "session": e.s2, "room": e.r1},
	} {
		org.do("POST", e.path("/draft/ops"), op).decode(t, http.StatusOK, nil)
	}
	org.do("POST", e.path("/publish"), nil).decode(t, http.StatusOK, nil)
	return e
}

func (e *idemEvening) path(p string) string { return "/api/events/" + e.id + p }

// phase moves the evening on, without a key.
func (e *idemEvening) phase(t *testing.T, u map[string]any) {
	t.Helper()
	e.org.do("PATCH", e.path("/phases"), u).decode(t, http.StatusOK, nil)
}

// idemWrite is one write route under test: the request, from a state that
// prepare sets up.
type idemWrite struct {
	name    string
	prepare func(t *testing.T, e *idemEvening)
	request func(e *idemEvening) (who *client, method, path string, body any)
}

// keyedWrites lists every write that remembers its key: the attendee's,
// then the organizer's.
var keyedWrites = []idemWrite{
	{name: "propose", request: func(e *idemEvening) (*client, string, string, any) {
		return e.ada, "POST", e.path("/topics"), map[string]string{"title": "Terraform"}
	}},
	{name: "vote", request: func(e *idemEvening) (*client, string, string, any) {
		return e.ada, "PUT", e.path("/topics/" + e.kanban + "/vote"), nil
	}},
	{name: "unvote", request: func(e *idemEvening) (*client, string, string, any) {
		return e.ada, "DELETE", e.path("/topics/" + e.puppet + "/vote"), nil
	}},
	{name: "pitch", prepare: marketplace, request: func(e *idemEvening) (*client, string, string, any) {
		return e.ada, "POST", e.path("/pitches"), map[string]string{"topic": e.puppet}
	}},
	{name: "withdraw a pitch", prepare: queuedPitch, request: func(e *idemEvening) (*client, string, string, any) {
		return e.ada, "DELETE", e.path("/pitches/" + e.puppet), nil
	}},
	{name: "check in", prepare: sessions, request: func(e *idemEvening) (*client, string, string, any) {
		return e.ada, "PUT", e.path("/checkins/" + e.s1), map[string]string{"room": e.r1}
	}},
	{name: "check out", prepare: checkedIn, request: func(e *idemEvening) (*client, string, string, any) {
		return e.ada, "DELETE", e.path("/checkins/" + e.s1), nil
	}},
	{name: "notes", request: func(e *idemEvening) (*client, string, string, any) {
		return e.ada, "PUT", e.path("/topics/" + e.puppet + "/notes"), map[string]any{"base_version": 0, "text": "Hiera, r10k", "takeaways": []string{"Tester les modules"}}
	}},
	{name: "feedback", prepare: wrapup, request: func(e *idemEvening) (*client, string, string, any) {
		return e.ada, "PUT", e.path("/feedback"), map[string]any{"evening": 4, "worked": "Les échanges"}
	}},
	{name: "revoke my link", prepare: linkOpened, request: func(e *idemEvening) (*client, string, string, any) {
		return e.ada, "DELETE", e.path("/me/link"), nil
	}},

	{name: "organizer: propose", request: func(e *idemEvening) (*client, string, string, any) {
		return e.org, "POST", e.path("/topics"), map[string]string{"title": "Ansible"}
	}},
	{name: "organizer: pitch", prepare: marketplace, request: func(e *idemEvening) (*client, string, string, any) {
		return e.org, "POST", e.path("/pitches"), map[string]string{"topic": e.kanban}
	}},
	{name: "organizer: notes", request: func(e *idemEvening) (*client, string, string, any) {
		return e.org, "PUT", e.path("/topics/" + e.kanban + "/notes"), map[string]any{"base_version": 0, "text": "Colonnes"}
	}},
	{name: "set-up", request: func(e *idemEvening) (*client, string, string, any) {
		setup := seedSetup()
		setup["title"], setup["sessions"], setup["rooms"] = "3ème meetup", e.sessions, e.rooms
		return e.org, "PUT", e.path("/setup"), setup
	}},
	{name: "phases", request: func(e *idemEvening) (*client, string, string, any) {
		return e.org, "PATCH", e.path("/phases"), map[string]string{"phase": "sessions"}
	}},
	{name: "session started", request: func(e *idemEvening) (*client, string, string, any) {
		return e.org, "PATCH", e.path("/sessions/" + e.s1), map[string]bool{"started": true}
	}},
	{name: "session start", request: func(e *idemEvening) (*client, string, string, any) {
		return e.org, "POST", e.path("/sessions/" + e.s1 + "/start"), nil
	}},
	{name: "session extend", prepare: started, request: func(e *idemEvening) (*client, string, string, any) {
		return e.org, "POST", e.path("/sessions/" + e.s1 + "/extend"), map[string]int{"minutes": 5}
	}},
	{name: "session end", prepare: started, request: func(e *idemEvening) (*client, string, string, any) {
		return e.org, "POST", e.path("/sessions/" + e.s1 + "/end"), nil
	}},
	{name: "next pitch", prepare: queuedPitch, request: func(e *idemEvening) (*client, string, string, any) {
		return e.org, "POST", e.path("/pitches/next"), nil
	}},
	{name: "edit a topic", request: func(e *idemEvening) (*client, string, string, any) {
		return e.org, "PATCH", e.path("/topics/" + e.kanban), map[string]string{"title": "Kanban, encore"}
	}},
	{name: "delete a topic", request: func(e *idemEvening) (*client, string, string, any) {
		return e.org, "DELETE", e.path("/topics/" + e.kanban), nil
	}},
	{name: "delete topics", request: func(e *idemEvening) (*client, string, string, any) {
		return e.org, "POST", e.path("/topics/delete"), map[string][]string{"ids": {e.kanban}}
	}},
	{name: "merge", request: func(e *idemEvening) (*client, string, string, any) {
		return e.org, "POST", e.path("/topics/" + e.puppet + "/merge"), map[string]string{"source": e.kanban}
	}},
	{name: "draft op", request: func(e *idemEvening) (*client, string, string, any) {
		return e.org, "POST", e.path("/draft/ops"), map[string]string{"op": "clear", "session": e.s1, "room": e.r1}
	}},
	{name: "draft replace", request: func(e *idemEvening) (*client, string, string, any) {
		return e.org, "PUT", e.path("/draft"), map[string]any{"cells": []map[string]string{{"session": e.s2, "room": e.r2, "topic": e.puppet}}}
	}},
	{name: "draft propose", request: func(e *idemEvening) (*client, string, string, any) {
		return e.org, "POST", e.path("/draft/propose"), map[string]int{"seed": 7}
	}},
	{name: "publish", request: func(e *idemEvening) (*client, string, string, any) {
		return e.org, "POST", e.path("/publish"), nil
	}},
	{name: "intro", request: func(e *idemEvening) (*client, string, string, any) {
		return e.org, "PUT", e.path("/intro"), map[string]string{"intro": "Une belle soirée."}
	}},
	{name: "remove an attendee", request: func(e *idemEvening) (*client, string, string, any) {
		return e.org, "DELETE", e.path("/attendees/" + e.bobID), nil
	}},
	{name: "revoke an attendee's link", prepare: linkOpened, request: func(e *idemEvening) (*client, string, string, any) {
		return e.org, "DELETE", e.path("/attendees/" + e.adaID + "/link"), nil
	}},
}

func marketplace(t *testing.T, e *idemEvening) {
	e.phase(t, map[string]any{"phase": "marketplace", "proposals_open": true})
}

func queuedPitch(t *testing.T, e *idemEvening) {
	marketplace(t, e)
	e.ada.do("POST", e.path("/pitches"), map[string]string{"topic": e.puppet}).decode(t, http.StatusOK, nil)
}

func sessions(t *testing.T, e *idemEvening) { e.phase(t, map[string]any{"phase": "sessions"}) }

func checkedIn(t *testing.T, e *idemEvening) {
	sessions(t, e)
	e.ada.do("PUT", e.path("/checkins/"+e.s1), map[string]string{"room": e.r1}).decode(t, http.StatusOK, nil)
}

func wrapup(t *testing.T, e *idemEvening) { e.phase(t, map[string]any{"phase": "wrapup"}) }

// linkOpened: Ada made a personal link, opened in another browser.
func linkOpened(t *testing.T, e *idemEvening) { e.openLink(t, e.newClient(t), e.newLink(t, e.ada)) }

func started(t *testing.T, e *idemEvening) {
	e.org.do("POST", e.path("/sessions/"+e.s1+"/start"), nil).decode(t, http.StatusOK, nil)
}

// TestEveryWriteReplaysItsKey: each write sent twice with the same
// Idempotency-Key answers the second time exactly as the first (status and
// body) with Idempotent-Replayed: true, and the second changes nothing: not
// a byte of the store, nothing published to the screens.
func TestEveryWriteReplaysItsKey(t *testing.T) {
	for _, tt := range keyedWrites {
		t.Run(tt.name, func(t *testing.T) {
			e := newIdemEvening(t)
			if tt.prepare != nil {
				tt.prepare(t, e)
			}
			who, method, path, body := tt.request(e)
			who.headers["Idempotency-Key"] = "a3f0c1de-" + strings.ReplaceAll(tt.name, " ", "-")
			first := who.do(method, path, body)
			if first.status >= 300 {
				t.Fatalf("first %s %s: %d %s", method, path, first.status, first.body)
			}
			if got := first.header.Get(replayedHeader); got != "" {
				t.Errorf("the first answer says %s: %q", replayedHeader, got)
			}
			stored, published := fileDump(t, e.app), e.live.published.Load()

			second := who.do(method, path, body)
			if second.status != first.status || !bytes.Equal(second.body, first.body) {
				t.Errorf("replay: %d %s\nwant the first answer: %d %s", second.status, second.body, first.status, first.body)
			}
			if got := second.header.Get(replayedHeader); got != "true" {
				t.Errorf("the replay's %s = %q, want true", replayedHeader, got)
			}
			if !reflect.DeepEqual(fileDump(t, e.app), stored) {
				t.Error("the replay changed the store")
			}
			if got := e.live.published.Load(); got != published {
				t.Errorf("the replay published %d changes, want none", got-published)
			}
		})
	}
}

// TestAKeyForAnotherRequestIsAConflict: a key used again with another
// body, on another route or with another method is refused with 409
// conflict and changes nothing; another attendee's identical key is theirs.
func TestAKeyForAnotherRequestIsAConflict(t *testing.T) {
	e := newIdemEvening(t)
	e.ada.headers["Idempotency-Key"] = "k-propose"
	e.ada.do("POST", e.path("/topics"), `{"title":"Terraform"}`).decode(t, http.StatusCreated, nil)
	e.ada.headers["Idempotency-Key"] = "k-vote"
	e.ada.do("PUT", e.path("/topics/"+e.kanban+"/vote"), nil).decode(t, http.StatusOK, nil)
	stored, published := fileDump(t, e.app), e.live.published.Load()

	for _, tt := range []struct {
		name, key, method, path string
		body                    any
	}{
		{"another body", "k-propose", "POST", e.path("/topics"), `{"title":"Jira"}`},
		{"the same body written otherwise", "k-propose", "POST", e.path("/topics"), `{ "title": "Terraform" }`},
		{"another route", "k-vote", "PUT", e.path("/topics/" + e.puppet + "/vote"), nil},
		{"another method", "k-vote", "DELETE", e.path("/topics/" + e.kanban + "/vote"), nil},
		{"another kind of write", "k-vote", "PUT", e.path("/checkins/" + e.s1), map[string]string{"room": e.r1}},
	} {
		e.ada.headers["Idempotency-Key"] = tt.key
		r := e.ada.do(tt.method, tt.path, tt.body)
		if r.status != http.StatusConflict || r.errorCode(t) != openspace.ECONFLICT {
			t.Errorf("%s: %d %s, want 409 conflict", tt.name, r.status, r.body)
		}
		if !strings.Contains(string(r.body), "This Idempotency-Key was already used for another request.") {
			t.Errorf("%s: %s, want the conflict's message", tt.name, r.body)
		}
	}
	if !reflect.DeepEqual(fileDump(t, e.app), stored) {
		t.Error("a refused key changed the store")
	}
	if got := e.live.published.Load(); got != published {
		t.Errorf("refused keys published %d changes", got-published)
	}

	// Bob's k-vote is his own.
	e.bob.headers["Idempotency-Key"] = "k-vote"
	r := e.bob.do("PUT", e.path("/topics/"+e.puppet+"/vote"), nil)
	if r.status != http.StatusOK || r.header.Get(replayedHeader) != "" {
		t.Errorf("another attendee's same key: %d %s, replayed %q; want a vote of his own", r.status, r.body, r.header.Get(replayedHeader))
	}

	// A key that is not one is refused, in French too.
	for _, bad := range []string{strings.Repeat("k", 101), "two words", "clé"} {
		e.ada.headers["Idempotency-Key"] = bad
		e.ada.headers["Accept-Language"] = "fr"
		r := e.ada.do("PUT", e.path("/topics/"+e.kanban+"/vote"), nil)
		if r.status != http.StatusBadRequest || r.errorCode(t) != openspace.EINVALID || !strings.Contains(string(r.body), "caractères ASCII visibles") {
			t.Errorf("key %q: %d %s, want 400 invalid in French", bad, r.status, r.body)
		}
	}
}

// TestARefusedKeyIsJudgedAfresh: a vote refused (voting closed) records
// nothing: the same key, sent again once voting opened, puts the dot.
func TestARefusedKeyIsJudgedAfresh(t *testing.T) {
	e := newIdemEvening(t)
	e.phase(t, map[string]any{"voting_open": false})
	e.ada.headers["Idempotency-Key"] = "vote-kanban"
	path := e.path("/topics/" + e.kanban + "/vote")
	if r := e.ada.do("PUT", path, nil); r.status != http.StatusConflict || r.errorCode(t) != openspace.EPHASE {
		t.Fatalf("vote while voting is closed: %d %s, want 409 %s", r.status, r.body, openspace.EPHASE)
	}
	e.phase(t, map[string]any{"voting_open": true})
	var b openspace.Ballot
	r := e.ada.do("PUT", path, nil)
	r.decode(t, http.StatusOK, &b)
	if r.header.Get(replayedHeader) != "" {
		t.Error("the retry after a refusal says it is a replay")
	}
	if len(b.Topics) != 2 || b.Remaining != e.dotBudget-2 {
		t.Errorf("ballot %+v, want Puppet and Kanban, %d left", b, e.dotBudget-2)
	}
	if _, counts := storedVotes(t, e.app, e.id, e.adaID); counts[e.kanban] != 1 {
		t.Errorf("Kanban has %d votes, want 1", counts[e.kanban])
	}
}

// TestForgetMeReplayIsUnauthorized: "forget me" remembers no key (its
// record would be a trace of the person): sent again after a lost answer,
// with the device token it forgot, it is a clear 401 and changes nothing.
func TestForgetMeReplayIsUnauthorized(t *testing.T) {
	e := newIdemEvening(t)
	var joined struct {
		Token string `json:"token"`
	}
	phone := e.newClient(t)
	phone.do("POST", e.path("/join"), map[string]string{"name": "Eve", "answer": "Ops"}).decode(t, http.StatusCreated, &joined)
	phone.headers["Authorization"] = "Bearer " + joined.Token // the cookie's clearing is the lost answer
	phone.headers["Idempotency-Key"] = "forget-me"
	if r := phone.do("DELETE", e.path("/me"), nil); r.status != http.StatusNoContent {
		t.Fatalf("forget me: %d %s", r.status, r.body)
	}
	stored := fileDump(t, e.app)
	for k := range stored {
		if strings.HasPrefix(k, "idem ") && strings.Contains(k, "forget-me") {
			t.Errorf("forget me left an idempotency record: %s", k)
		}
	}
	r := phone.do("DELETE", e.path("/me"), nil)
	if r.status != http.StatusUnauthorized || r.errorCode(t) != openspace.EUNAUTHORIZED {
		t.Errorf("forget me again: %d %s, want 401 unauthorized", r.status, r.body)
	}
	if !reflect.DeepEqual(fileDump(t, e.app), stored) {
		t.Error("the replay of forget me changed the store")
	}
}

// TestWritesWithASecretAnswerRememberNoKey: making a personal link,
// rotating the organizer key and copying the event answer with a secret
// the store never keeps: their key is not remembered, and sending one
// again makes a new secret (a new link replaces the first).
func TestWritesWithASecretAnswerRememberNoKey(t *testing.T) {
	e := newIdemEvening(t)
	e.ada.headers["Idempotency-Key"] = "link-it"
	first, second := e.newLink(t, e.ada), e.newLink(t, e.ada)
	if first.token() == second.token() {
		t.Error("a personal link sent twice gave the same link")
	}
	wantDeadLink(t, e, first)
	e.org.headers["Idempotency-Key"] = "copy-it"
	var one, two struct {
		Event        openspace.Event `json:"event"`
		OrganizerKey string          `json:"organizer_key"`
	}
	e.org.do("POST", e.path("/copy"), nil).decode(t, http.StatusCreated, &one)
	r := e.org.do("POST", e.path("/copy"), nil)
	r.decode(t, http.StatusCreated, &two)
	if one.Event.ID == two.Event.ID || one.OrganizerKey == two.OrganizerKey || r.header.Get(replayedHeader) != "" {
		t.Errorf("copy sent twice: %s and %s, replayed %q; want two copies", one.Event.ID, two.Event.ID, r.header.Get(replayedHeader))
	}
	e.org.headers["Idempotency-Key"] = "rotate-it"
	var k1, k2 struct {
		OrganizerKey string `json:"organizer_key"`
	}
	e.org.do("POST", e.path("/organizer-key"), nil).decode(t, http.StatusOK, &k1)
	e.org.do("POST", e.path("/organizer-key"), nil).decode(t, http.StatusOK, &k2) // the cookie holds k1 now
	if k1.OrganizerKey == k2.OrganizerKey || k1.OrganizerKey == e.organizerKeyHeader {
		t.Errorf("rotation sent twice gave %q then %q", k1.OrganizerKey, k2.OrganizerKey)
	}
	for k := range fileDump(t, e.app) {
		if strings.HasPrefix(k, "idem ") && (strings.Contains(k, "copy-it") || strings.Contains(k, "rotate-it") || strings.Contains(k, "link-it")) {
			t.Errorf("a write with a secret answer left an idempotency record: %s", k)
		}
	}
}

// lossyProxy forwards requests to the real server and, when told to,
// drops the answer: the write is committed, the client's connection is
// closed without a byte, as on a Wi-Fi that failed at the wrong moment.
type lossyProxy struct {
	target   *url.URL
	dropNext atomic.Bool
}

func (p *lossyProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	out := r.Clone(context.Background())
	out.URL.Scheme, out.URL.Host, out.Host, out.RequestURI = p.target.Scheme, p.target.Host, p.target.Host, ""
	resp, err := http.DefaultTransport.RoundTrip(out)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	body, err := io.ReadAll(resp.Body) // the server answered: its write committed
	resp.Body.Close()
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	if p.dropNext.CompareAndSwap(true, false) {
		conn, _, err := http.NewResponseController(w).Hijack()
		if err == nil {
			conn.Close()
		}
		return
	}
	for k, v := range resp.Header {
		w.Header()[k] = v
	}
	w.WriteHeader(resp.StatusCode)
	w.Write(body)
}

// behindLossyProxy is the evening's server behind a lossy proxy, and a
// client (a phone) of the proxy that joined. The phone opens a connection
// per request: Go's transport would otherwise resend a keyed request by
// itself when a reused connection fails, hiding the loss from the test.
func behindLossyProxy(t *testing.T, e *idemEvening) (*lossyProxy, *client, openspace.Attendee) {
	t.Helper()
	target, _ := url.Parse(e.URL)
	proxy := &lossyProxy{target: target}
	ts := httptest.NewServer(proxy)
	t.Cleanup(ts.Close)
	jar, _ := cookiejar.New(nil)
	phone := &client{tb: t, app: &app{Server: ts, store: e.store, hub: e.hub}, headers: map[string]string{},
		http: &http.Client{Jar: jar, Timeout: 10 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}}
	var joined struct {
		Attendee openspace.Attendee `json:"attendee"`
	}
	phone.do("POST", e.path("/join"), map[string]string{"name": "Grace", "answer": "Ops"}).decode(t, http.StatusCreated, &joined)
	return proxy, phone, joined.Attendee
}

// sendLost sends a request whose answer the proxy drops; the phone sees a
// network error.
func sendLost(t *testing.T, proxy *lossyProxy, phone *client, method, path string, body any) {
	t.Helper()
	proxy.dropNext.Store(true)
	if r, err := phone.send(method, path, body); err == nil {
		t.Fatalf("%s %s behind the lossy proxy answered %d %s; want a network error", method, path, r.status, r.body)
	} else if _, ok := err.(net.Error); !ok && !strings.Contains(err.Error(), "EOF") {
		t.Logf("the lost answer's error: %v", err)
	}
}

// TestLostAnswerReplaysTheFirstAnswer is the phone on bad Wi-Fi: its
// vote, proposal and check-in are committed but their answers are lost on
// the way back. Sent again with the same Idempotency-Key, each answers as
// the first time would have (same status and body), and counts once: the
// topic has one vote, the budget lost one dot, one topic was created, the
// room counts one person.
func TestLostAnswerReplaysTheFirstAnswer(t *testing.T) {
	e := newIdemEvening(t)
	proxy, phone, grace := behindLossyProxy(t, e)
	ctx := context.Background()

	// The vote.
	phone.headers["Idempotency-Key"] = "9b1e-vote-kanban"
	votePath := e.path("/topics/" + e.kanban + "/vote")
	sendLost(t, proxy, phone, "PUT", votePath, nil)
	if _, counts := storedVotes(t, e.app, e.id, grace.ID); counts[e.kanban] != 1 {
		t.Fatalf("after the lost answer Kanban has %d votes, want 1 (the vote committed)", counts[e.kanban])
	}
	var b openspace.Ballot
	r := phone.do("PUT", votePath, nil)
	r.decode(t, http.StatusOK, &b)
	if r.header.Get(replayedHeader) != "true" {
		t.Errorf("the replay's %s = %q, want true", replayedHeader, r.header.Get(replayedHeader))
	}
	if want := (openspace.Ballot{Budget: e.dotBudget, Topics: []string{e.kanban}, Remaining: e.dotBudget - 1}); !reflect.DeepEqual(b, want) {
		t.Errorf("the replay's ballot = %+v, want %+v", b, want)
	}
	if ballot, counts := storedVotes(t, e.app, e.id, grace.ID); counts[e.kanban] != 1 || len(ballot) != 1 {
		t.Errorf("after the replay: Kanban has %d votes, Grace's ballot %v; want 1 and [Kanban]", counts[e.kanban], ballot)
	}
	var me struct {
		Ballot openspace.Ballot `json:"ballot"`
	}
	phone.do("GET", e.path("/me"), nil).decode(t, http.StatusOK, &me)
	if me.Ballot.Remaining != e.dotBudget-1 {
		t.Errorf("/me says %d dots left, want %d", me.Ballot.Remaining, e.dotBudget-1)
	}

	// The proposal.
	before, err := e.store.Topics(ctx, e.id)
	if err != nil {
		t.Fatal(err)
	}
	phone.headers["Idempotency-Key"] = "9b1e-propose-terraform"
	sendLost(t, proxy, phone, "POST", e.path("/topics"), `{"title":"Terraform"}`)
	var created openspace.Topic
	r = phone.do("POST", e.path("/topics"), `{"title":"Terraform"}`)
	r.decode(t, http.StatusCreated, &created)
	if created.Title != "Terraform" || created.ProposerID != grace.ID || r.header.Get(replayedHeader) != "true" {
		t.Errorf("the replayed proposal: %+v, replayed %q", created, r.header.Get(replayedHeader))
	}
	after, err := e.store.Topics(ctx, e.id)
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(before)+1 {
		t.Errorf("%d topics after the lost proposal and its replay, want %d", len(after), len(before)+1)
	}

	// The check-in.
	sessions(t, e)
	phone.headers["Idempotency-Key"] = "9b1e-checkin-s1"
	checkinPath := e.path("/checkins/" + e.s1)
	sendLost(t, proxy, phone, "PUT", checkinPath, map[string]string{"room": e.r2})
	var in openspace.CheckIns
	r = phone.do("PUT", checkinPath, map[string]string{"room": e.r2})
	r.decode(t, http.StatusOK, &in)
	if in.Checkins[e.s1] != e.r2 || in.Headcounts[e.s1][e.r2] != 1 || r.header.Get(replayedHeader) != "true" {
		t.Errorf("the replayed check-in: %+v, replayed %q; want room 2 counting 1", in, r.header.Get(replayedHeader))
	}
	st, err := e.store.State(ctx, e.id, false)
	if err != nil {
		t.Fatal(err)
	}
	if got := st.Headcounts[e.s1][e.r2]; got != 1 {
		t.Errorf("room 2 counts %d people in session 1, want 1", got)
	}
}
