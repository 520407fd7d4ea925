package server_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	bolt "go.etcd.io/bbolt"

	"openspace/openspace"
	"openspace/realtime"
	"openspace/server"
	"openspace/store"
)

// Who may use a route.
const (
	public    = "public"    // anyone: pages, public reads, joining, creating an event
	attendee  = "attendee"  // a device token (some also take the organizer key instead)
	organizer = "organizer" // behind requireOrganizer: the event's organizer key only
	operator  = "operator"  // the server operator's bearer token
)

// routeAccess is every route of the router and who may use it, as
// docs/API.md says. TestEveryRouteIsInTheAccessTable keeps it in step with
// the router: a new route must be added here, a removed one taken out.
var routeAccess = map[string]string{
	// Pages and files.
	"GET /healthz":                    public,
	"HEAD /healthz":                   public,
	"GET /assets/*path":               public,
	"GET /":                           public,
	"GET /e/:id":                      public,
	"GET /p/:id":                      public,
	"GET /o/:id":                      public, // the page's shell; ?key= is checked, the state behind it is the organizer's
	"GET /print/:id":                  public,
	"GET /j/:code":                    public,
	"GET /l/:token":                   public, // a personal link: the token is checked
	"POST /l/:token":                  public, // its button: the token is checked
	"GET /sw.js":                      public,
	"GET /e/:id/manifest.webmanifest": public,
	"GET /api/backup":                 operator,
	"POST /api/events":                public,
	"GET /api/join/:code":             public,
	"POST /api/events/import":         public,

	// Everyone's event routes.
	"GET /api/events/:id":                           public,
	"GET /api/events/:id/ws":                        public, // ?role=organizer is checked: see organizerOnlyRequests
	"GET /api/events/:id/qr.svg":                    public,
	"POST /api/events/:id/join":                     public,
	"GET /api/events/:id/me":                        attendee,
	"DELETE /api/events/:id/me":                     attendee,
	"POST /api/events/:id/topics":                   attendee,
	"PUT /api/events/:id/topics/:tid/vote":          attendee,
	"DELETE /api/events/:id/topics/:tid/vote":       attendee,
	"PUT /api/events/:id/topics/:tid/host-sessions": attendee,
	"POST /api/events/:id/pitches":                  attendee,
	"DELETE /api/events/:id/pitches/:tid":           attendee,
	"PUT /api/events/:id/checkins/:sid":             attendee,
	"DELETE /api/events/:id/checkins/:sid":          attendee,
	"GET /api/events/:id/topics/:tid/notes":         public,
	"PUT /api/events/:id/topics/:tid/notes":         attendee,
	"PUT /api/events/:id/feedback":                  attendee,
	"GET /api/events/:id/feedback/me":               attendee,
	"GET /api/events/:id/calendar.ics":              public,
	"GET /api/events/:id/me/calendar.ics":           attendee,
	"POST /api/events/:id/me/link":                  attendee,
	"DELETE /api/events/:id/me/link":                attendee,

	// The organizer's.
	"GET /api/events/:id/organizer":              organizer,
	"PUT /api/events/:id/setup":                  organizer,
	"PATCH /api/events/:id/phases":               organizer,
	"PATCH /api/events/:id/sessions/:sid":        organizer,
	"POST /api/events/:id/sessions/:sid/start":   organizer,
	"POST /api/events/:id/sessions/:sid/extend":  organizer,
	"POST /api/events/:id/sessions/:sid/end":     organizer,
	"POST /api/events/:id/pitches/next":          organizer,
	"POST /api/events/:id/organizer-key":         organizer,
	"PATCH /api/events/:id/topics/:tid":          organizer,
	"DELETE /api/events/:id/topics/:tid":         organizer,
	"POST /api/events/:id/topics/:tid/merge":     organizer,
	"POST /api/events/:id/draft/ops":             organizer,
	"PUT /api/events/:id/draft":                  organizer,
	"POST /api/events/:id/draft/propose":         organizer,
	"GET /api/events/:id/draft/report":           organizer,
	"POST /api/events/:id/publish":               organizer,
	"GET /api/events/:id/feedback":               organizer,
	"GET /api/events/:id/recap.md":               organizer,
	"GET /api/events/:id/recap.html":             organizer,
	"PUT /api/events/:id/intro":                  organizer,
	"GET /api/events/:id/intro/suggestion":       organizer,
	"GET /api/events/:id/export.json":            organizer,
	"POST /api/events/:id/copy":                  organizer,
	"DELETE /api/events/:id":                     organizer,
	"GET /api/events/:id/attendees":              organizer,
	"DELETE /api/events/:id/attendees/:aid":      organizer,
	"DELETE /api/events/:id/attendees/:aid/link": organizer,
	"POST /api/events/:id/topics/delete":         organizer,
}

// organizerOnlyRequests are requests to a public route that only the
// organizer may make.
var organizerOnlyRequests = []string{"GET /api/events/:id/ws?role=organizer"}

// accessApp is newApp with the counting store, an operator token (so that
// every route exists) and the *server.Server at hand.
func accessApp(tb testing.TB) (*app, *lookupCounter, *server.Server, string) {
	tb.Helper()
	file := filepath.Join(tb.TempDir(), "openspace.db")
	st, err := store.Open(file)
	if err != nil {
		tb.Fatal(err)
	}
	counted := &lookupCounter{Store: st}
	hub := realtime.NewHub(server.LiveSource{Store: st}, realtime.Options{FlushInterval: 20 * time.Millisecond})
	srv := server.New(server.Config{Store: counted, Live: hub, OperatorToken: "operator-token-for-tests"})
	ts := httptest.NewServer(srv)
	tb.Cleanup(func() { hub.Close(); ts.Close(); st.Close() })
	return &app{Server: ts, store: st, hub: hub}, counted, srv, file
}

// fill replaces a route's parameters with ids of the event.
func fill(route, eventID, topicID, sessionID, code string) (method, path string) {
	method, path, _ = strings.Cut(route, " ")
	path = strings.NewReplacer(":id", eventID, ":tid", topicID, ":sid", sessionID, ":code", code, ":aid", "an-attendee", "*path", "app.css").Replace(path)
	return method, path
}

// bodyFor is what a request to a route sends: an empty object where a body
// is read, so that a refusal is the credential's and not the body's.
func bodyFor(method string) any {
	if method == "GET" || method == "HEAD" {
		return nil
	}
	return "{}"
}

// TestEveryRouteIsInTheAccessTable: the table names every route of the
// router and no other, and a route is behind the organizer check exactly
// when the table says so. A request without any credential to an
// organizer route is refused after checking the key (one lookup of the
// key's hash) and before the handler; any other route never looks the key
// up when none is sent.
func TestEveryRouteIsInTheAccessTable(t *testing.T) {
	a, counted, srv, _ := accessApp(t)
	_, ev := a.createEvent(t)
	ada, _ := a.join(t, ev.Event.ID, "Ada", "Dev")
	topic := ada.propose(ev.Event.ID, "Puppet")

	var routes []string
	for _, r := range srv.Routes() {
		routes = append(routes, r.Method+" "+r.Path)
	}
	for _, r := range routes {
		if _, ok := routeAccess[r]; !ok {
			t.Errorf("route %q is not in routeAccess: say who may use it", r)
		}
	}
	for r := range routeAccess {
		if !slices.Contains(routes, r) {
			t.Errorf("routeAccess names %q, which the router no longer has", r)
		}
	}

	for _, r := range routes {
		access, ok := routeAccess[r]
		if !ok || !strings.Contains(r, ":id") {
			continue
		}
		method, path := fill(r, ev.Event.ID, topic.ID, ev.Event.Sessions[0].ID, ev.Event.JoinCode)
		counted.keys.Store(0)
		resp := a.newClient(t).do(method, path, bodyFor(method))
		lookedUp := counted.keys.Load()
		if access == organizer {
			if resp.status != http.StatusUnauthorized || lookedUp != 1 {
				t.Errorf("%s without credentials: status %d, key looked up %d times; want 401 after one lookup (is it behind requireOrganizer?)", r, resp.status, lookedUp)
			}
		} else if lookedUp != 0 {
			t.Errorf("%s is not an organizer route, but a request without credentials looked the organizer key up %d times (status %d): add it to routeAccess as %q", r, lookedUp, resp.status, organizer)
		}
	}
}

// TestOrganizerRoutesRefuseOtherCredentials: every organizer route (and
// the organizer stream) refuses a request without credentials, an
// attendee's token (cookie or bearer), another event's organizer key
// (header, forged cookie, or that event's own cookie) with 401, answers
// 404 for an unknown event, and none of these requests changes a byte of
// the store's file.
func TestOrganizerRoutesRefuseOtherCredentials(t *testing.T) {
	a, _, _, file := accessApp(t)
	_, ev := a.createEvent(t)
	id := ev.Event.ID
	ada, _ := a.join(t, id, "Ada", "Dev")
	topic := ada.propose(id, "Puppet")
	var bob struct {
		Token string `json:"token"`
	}
	a.newClient(t).do("POST", "/api/events/"+id+"/join", map[string]string{"name": "Bob", "answer": "Ops"}).decode(t, http.StatusCreated, &bob)
	otherOrg, otherEv := a.createEvent(t)

	bearer := a.newClient(t)
	bearer.headers["Authorization"] = "Bearer " + bob.Token
	foreignHeader := a.newClient(t)
	foreignHeader.headers["X-Organizer-Key"] = otherEv.OrganizerKey
	foreignCookie := a.newClient(t)
	foreignCookie.headers["Cookie"] = "os_org_" + id + "=" + otherEv.OrganizerKey
	callers := []struct {
		name string
		c    *client
	}{
		{"no credentials", a.newClient(t)},
		{"an attendee's cookie", ada},
		{"an attendee's bearer token", bearer},
		{"another event's key in the header", foreignHeader},
		{"another event's key in this event's cookie", foreignCookie},
		{"another event's organizer, with their cookie", otherOrg},
	}

	var requests []string
	for r, access := range routeAccess {
		if access == organizer {
			requests = append(requests, r)
		}
	}
	slices.Sort(requests)
	requests = append(requests, organizerOnlyRequests...)

	before, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	stateBefore := a.organizerState(t, id)
	for _, r := range requests {
		method, path := fill(r, id, topic.ID, ev.Event.Sessions[0].ID, ev.Event.JoinCode)
		for _, who := range callers {
			resp := who.c.do(method, path, bodyFor(method))
			if resp.status != http.StatusUnauthorized {
				t.Errorf("%s with %s: status %d, want 401; body %.200s", r, who.name, resp.status, resp.body)
			} else if code := resp.errorCode(t); code != openspace.EUNAUTHORIZED {
				t.Errorf("%s with %s: code %q, want %q", r, who.name, code, openspace.EUNAUTHORIZED)
			}
		}
		// An event that does not exist, with a key that is valid elsewhere.
		method, path = fill(r, "no-such-event", topic.ID, ev.Event.Sessions[0].ID, ev.Event.JoinCode)
		if resp := foreignHeader.do(method, path, bodyFor(method)); resp.status != http.StatusNotFound {
			t.Errorf("%s on an unknown event: status %d, want 404; body %.200s", r, resp.status, resp.body)
		}
	}
	after, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Error("refused organizer requests changed the store's file")
	}
	if got := a.organizerState(t, id); got != stateBefore {
		t.Errorf("refused organizer requests changed the event:\nbefore %s\nafter  %s", stateBefore, got)
	}
}

// TestOrganizerKeyIsStoredAsItsHash: the organizer key is 128 random bits
// or more; the store's file never holds it, only its SHA-256, in the
// secrets bucket under the event's id. The same goes for device tokens.
func TestOrganizerKeyIsStoredAsItsHash(t *testing.T) {
	a, _, _, file := accessApp(t)
	_, ev := a.createEvent(t)
	_, ev2 := a.createEvent(t)
	var joined struct {
		Token string `json:"token"`
	}
	a.newClient(t).do("POST", "/api/events/"+ev.Event.ID+"/join", map[string]string{"name": "Ada", "answer": "Dev"}).decode(t, http.StatusCreated, &joined)

	for _, secret := range []struct{ name, value string }{
		{"organizer key", ev.OrganizerKey}, {"device token", joined.Token},
	} {
		raw, err := base64.RawURLEncoding.DecodeString(secret.value)
		if err != nil {
			t.Fatalf("%s %q is not base64url: %v", secret.name, secret.value, err)
		}
		if got := len(raw) * 8; got < 128 {
			t.Errorf("%s has %d bits, want at least 128", secret.name, got)
		}
	}
	if ev.OrganizerKey == ev2.OrganizerKey {
		t.Error("two events got the same organizer key")
	}

	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []struct{ name, value string }{
		{"organizer key", ev.OrganizerKey}, {"device token", joined.Token},
	} {
		raw, _ := base64.RawURLEncoding.DecodeString(secret.value)
		if bytes.Contains(data, []byte(secret.value)) || bytes.Contains(data, raw) {
			t.Errorf("the store's file holds the %s itself", secret.name)
		}
		sum := sha256.Sum256([]byte(secret.value))
		if !bytes.Contains(data, sum[:]) {
			t.Errorf("the store's file lacks the SHA-256 of the %s", secret.name)
		}
	}

	// The hash sits in the secrets bucket. The store holds the file's
	// lock: read a copy.
	cp := filepath.Join(t.TempDir(), "copy.db")
	if err := os.WriteFile(cp, data, 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := bolt.Open(cp, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	want := sha256.Sum256([]byte(ev.OrganizerKey))
	if err := db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte("secrets"))
		if b == nil {
			t.Fatal("no secrets bucket")
		}
		if got := b.Get([]byte(ev.Event.ID)); !bytes.Equal(got, want[:]) {
			t.Errorf("secrets[%s] = %x, want the key's SHA-256 %x", ev.Event.ID, got, want)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

// TestRotatingTheKeyRevokesLinkCookiesAndSockets: after a rotation the old
// link, a browser's cookie holding the old key, an API client's header
// and an open organizer socket all stop working at once; the new key
// works, and the browser that rotated holds it.
func TestRotatingTheKeyRevokesLinkCookiesAndSockets(t *testing.T) {
	a, _, _, _ := accessApp(t)
	_, ev := a.createEvent(t)
	id := ev.Event.ID

	browser := a.newClient(t) // opened the link: holds the cookie
	browser.do("GET", ev.OrganizerURL, nil)
	browser.do("GET", "/api/events/"+id+"/organizer", nil).decode(t, http.StatusOK, nil)
	script := a.newClient(t)
	script.headers["X-Organizer-Key"] = ev.OrganizerKey
	script.do("GET", "/api/events/"+id+"/organizer", nil).decode(t, http.StatusOK, nil)
	ws := a.dialWS(t, id, "?role=organizer", http.Header{"X-Organizer-Key": {ev.OrganizerKey}})
	readWS(t, ws)

	rotator := a.newClient(t)
	rotator.do("GET", ev.OrganizerURL, nil)
	var rotated struct {
		OrganizerKey string `json:"organizer_key"`
		OrganizerURL string `json:"organizer_url"`
	}
	rotator.do("POST", "/api/events/"+id+"/organizer-key", nil).decode(t, http.StatusOK, &rotated)
	if rotated.OrganizerKey == "" || rotated.OrganizerKey == ev.OrganizerKey {
		t.Fatalf("rotation gave key %q", rotated.OrganizerKey)
	}

	if got := a.newClient(t).do("GET", ev.OrganizerURL, nil).status; got != http.StatusUnauthorized {
		t.Errorf("old link: status %d, want 401", got)
	}
	if got := browser.do("GET", "/api/events/"+id+"/organizer", nil).status; got != http.StatusUnauthorized {
		t.Errorf("old cookie: status %d, want 401", got)
	}
	if got := script.do("PATCH", "/api/events/"+id+"/phases", map[string]bool{"voting_open": false}).status; got != http.StatusUnauthorized {
		t.Errorf("old key in the header: status %d, want 401", got)
	}
	ws.SetReadDeadline(time.Now().Add(5 * time.Second))
	for {
		_, _, err := ws.ReadMessage()
		if websocket.IsCloseError(err, websocket.ClosePolicyViolation) {
			break
		}
		if err != nil {
			t.Fatalf("organizer socket ended with %v, want close code 1008", err)
		}
	}
	url := "ws" + strings.TrimPrefix(a.URL, "http") + "/api/events/" + id + "/ws?role=organizer"
	if _, resp, err := websocket.DefaultDialer.Dial(url, http.Header{"X-Organizer-Key": {ev.OrganizerKey}}); err == nil || resp == nil || resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("old key on the organizer stream: err %v, want a 401", err)
	}

	rotator.do("GET", "/api/events/"+id+"/organizer", nil).decode(t, http.StatusOK, nil)
	if got := a.newClient(t).do("GET", rotated.OrganizerURL, nil).status; got != http.StatusSeeOther {
		t.Errorf("new link: status %d, want 303", got)
	}
	a.dialWS(t, id, "?role=organizer", http.Header{"X-Organizer-Key": {rotated.OrganizerKey}})
}
