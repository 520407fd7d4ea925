package server_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"openspace/realtime"
	"openspace/server"
	"openspace/store"
)

// newSecureApp is newApp with a server configured by set (allowed origins,
// public URL, a read timeout on the listener).
func newSecureApp(tb testing.TB, set func(*server.Config, *http.Server)) *app {
	tb.Helper()
	st, err := store.Open(filepath.Join(tb.TempDir(), "openspace.db"))
	if err != nil {
		tb.Fatal(err)
	}
	hub := realtime.NewHub(server.LiveSource{Store: st}, realtime.Options{FlushInterval: 20 * time.Millisecond})
	cfg := server.Config{Store: st, Live: hub}
	ts := httptest.NewUnstartedServer(nil)
	set(&cfg, ts.Config)
	ts.Config.Handler = server.New(cfg)
	ts.Start()
	tb.Cleanup(func() {
		hub.Close()
		ts.Close()
		st.Close()
	})
	return &app{Server: ts, store: st, hub: hub}
}

// otherPort is a page on another port of the same host: same-site for
// the browser, so SameSite=Lax cookies go with its requests.
func otherPort(a *app) string {
	host, _, _ := net.SplitHostPort(strings.TrimPrefix(a.URL, "http://"))
	return "http://" + host + ":1"
}

// TestCrossOriginWritesAreRefused: a page on another port of the venue's
// host posts text/plain bodies with the victim's cookies (what a no-cors
// fetch or a text/plain form sends): proposing a topic as an attendee,
// merging a topic away and rotating the organizer key are all refused,
// and nothing changes.
func TestCrossOriginWritesAreRefused(t *testing.T) {
	a := newApp(t)
	org, ev := a.createEvent(t)
	id := ev.Event.ID
	ada, _ := a.join(t, id, "Ada", "Dev")
	keep := ada.propose(id, "Kubernetes")
	gone := ada.propose(id, "Terraform")
	before := a.organizerState(t, id)

	browser := func(c *client, origin string) {
		c.headers["Origin"] = origin
		c.headers["Sec-Fetch-Site"] = "same-site"
		c.headers["Sec-Fetch-Mode"] = "no-cors"
		c.headers["Content-Type"] = "text/plain;charset=UTF-8"
	}
	for _, origin := range []string{otherPort(a), "http://evil.example", "null", strings.Replace(a.URL, "http://", "https://", 1)} {
		browser(ada, origin)
		browser(org, origin)
		for _, w := range []struct {
			name   string
			c      *client
			method string
			path   string
			body   any
		}{
			{"propose", ada, "POST", "/api/events/" + id + "/topics", `{"title":"Pwned"}`},
			{"merge", org, "POST", "/api/events/" + id + "/topics/" + keep.ID + "/merge", `{"source":"` + gone.ID + `"}`},
			{"rotate the organizer key", org, "POST", "/api/events/" + id + "/organizer-key", nil},
			{"delete the event", org, "DELETE", "/api/events/" + id, `{"confirm":"` + ev.Event.JoinCode + `"}`},
		} {
			r := w.c.do(w.method, w.path, w.body)
			if r.status != http.StatusForbidden || r.errorCode(t) != "forbidden" {
				t.Errorf("%s from %s: status %d, body %s; want 403 forbidden", w.name, origin, r.status, r.body)
			}
		}
	}
	if after := a.organizerState(t, id); after != before {
		t.Errorf("refused writes changed the event:\nbefore %s\nafter  %s", before, after)
	}
	delete(org.headers, "Origin")
	delete(org.headers, "Sec-Fetch-Site")
	delete(org.headers, "Sec-Fetch-Mode")
	delete(org.headers, "Content-Type")
	org.do("GET", "/api/events/"+id+"/organizer", nil).decode(t, http.StatusOK, nil) // the key still works
}

// TestSecFetchSiteWithoutOriginIsRefused: without Origin, a browser's
// Sec-Fetch-Site other than same-origin or none is refused.
func TestSecFetchSiteWithoutOriginIsRefused(t *testing.T) {
	a := newApp(t)
	_, ev := a.createEvent(t)
	ada, _ := a.join(t, ev.Event.ID, "Ada", "Dev")
	for _, site := range []string{"cross-site", "same-site"} {
		ada.headers["Sec-Fetch-Site"] = site
		r := ada.do("POST", "/api/events/"+ev.Event.ID+"/topics", map[string]string{"title": "Pwned"})
		if r.status != http.StatusForbidden || r.errorCode(t) != "forbidden" {
			t.Errorf("Sec-Fetch-Site %s: status %d %s, want 403", site, r.status, r.body)
		}
	}
	for _, site := range []string{"same-origin", "none"} {
		ada.headers["Sec-Fetch-Site"] = site
		ada.do("POST", "/api/events/"+ev.Event.ID+"/topics", map[string]string{"title": "Fine " + site}).decode(t, http.StatusCreated, nil)
	}
	if got := strings.Join(ada.stateTopics(t, ev.Event.ID), ","); strings.Contains(got, "Pwned") || !strings.Contains(got, "Fine none") {
		t.Errorf("a refused topic was stored: %s", got)
	}
}

// stateTopics lists the titles of the event's topics.
func (c *client) stateTopics(tb testing.TB, eventID string) []string {
	var st struct {
		Topics []struct {
			Title string `json:"title"`
		} `json:"topics"`
	}
	saved := c.headers
	c.headers = map[string]string{}
	c.do("GET", "/api/events/"+eventID, nil).decode(tb, http.StatusOK, &st)
	c.headers = saved
	var out []string
	for _, t := range st.Topics {
		out = append(out, t.Title)
	}
	return out
}

// TestWritesNeedJSONBodies: a body that is not declared application/json
// is a 415 with a French and English message, and nothing is stored.
func TestWritesNeedJSONBodies(t *testing.T) {
	a := newApp(t)
	org, ev := a.createEvent(t)
	id := ev.Event.ID
	ada, _ := a.join(t, id, "Ada", "Dev")
	before := a.organizerState(t, id)
	for _, tc := range []struct{ contentType, origin string }{
		{"text/plain", ""},
		{"text/plain;charset=UTF-8", a.URL},
		{"application/x-www-form-urlencoded", ""},
		{"multipart/form-data; boundary=x", ""},
		{"application/jsonp", ""},
		{"", a.URL}, // a browser's body without a type
	} {
		ada.headers["Content-Type"] = tc.contentType
		ada.headers["Origin"] = tc.origin
		r := ada.do("POST", "/api/events/"+id+"/topics", `{"title":"Typed wrong"}`)
		if r.status != http.StatusUnsupportedMediaType || r.errorCode(t) != "unsupported_media_type" {
			t.Errorf("Content-Type %q: status %d %s, want 415", tc.contentType, r.status, r.body)
		}
		var body struct {
			Error struct {
				Messages map[string]string `json:"messages"`
			} `json:"error"`
		}
		json.Unmarshal(r.body, &body)
		if !strings.Contains(body.Error.Messages["fr"], "doit être du JSON") {
			t.Errorf("French message: %q", body.Error.Messages["fr"])
		}
	}
	org.headers["Content-Type"] = "text/plain"
	if r := org.do("POST", "/api/events/import", `{}`); r.status != http.StatusUnsupportedMediaType {
		t.Errorf("import as text/plain: status %d, want 415", r.status)
	}
	if after := a.organizerState(t, id); after != before {
		t.Errorf("refused writes changed the event")
	}
	ada.headers["Content-Type"] = "application/json; charset=utf-8"
	ada.headers["Origin"] = a.URL
	ada.do("POST", "/api/events/"+id+"/topics", `{"title":"Typed right"}`).decode(t, http.StatusCreated, nil)
	delete(ada.headers, "Content-Type")
	delete(ada.headers, "Origin")
	ada.do("POST", "/api/events/"+id+"/topics", `{"title":"A script without a type"}`).decode(t, http.StatusCreated, nil)
}

// TestSameOriginBrowserWritesWork: this server's own origin, the public
// URL's, an -allowed-origins entry, and https behind a proxy that says so.
func TestSameOriginBrowserWritesWork(t *testing.T) {
	a := newSecureApp(t, func(cfg *server.Config, _ *http.Server) {
		cfg.PublicURL = "https://meetup.example"
		cfg.AllowedOrigins = []string{"https://console.example", "other.example:8443"}
	})
	_, ev := a.createEvent(t)
	ada, _ := a.join(t, ev.Event.ID, "Ada", "Dev")
	host := strings.TrimPrefix(a.URL, "http://")
	for i, tc := range []struct{ origin, proto string }{
		{a.URL, ""},
		{"https://meetup.example", ""},
		{"https://console.example", ""},
		{"https://other.example:8443", ""},
		{"https://" + host, "https"},
	} {
		ada.headers["Origin"] = tc.origin
		ada.headers["Sec-Fetch-Site"] = "same-origin"
		ada.headers["X-Forwarded-Proto"] = tc.proto
		ada.do("POST", "/api/events/"+ev.Event.ID+"/topics", map[string]string{"title": fmt.Sprintf("Topic %d", i)}).decode(t, http.StatusCreated, nil)
	}
	// Behind an HTTPS proxy, the plain-HTTP origin of the same host is another port.
	ada.headers["Origin"] = a.URL
	ada.headers["X-Forwarded-Proto"] = "https"
	if r := ada.do("POST", "/api/events/"+ev.Event.ID+"/topics", map[string]string{"title": "Downgraded"}); r.status != http.StatusForbidden {
		t.Errorf("http origin behind an https proxy: status %d, want 403", r.status)
	}
}

// TestSecureCookiesRefuseThePlainHTTPOrigin: with -secure-cookies the
// server is served over HTTPS, even behind a proxy that does not say so:
// a plain-http page of the same host is not one of its pages.
func TestSecureCookiesRefuseThePlainHTTPOrigin(t *testing.T) {
	a := newSecureApp(t, func(cfg *server.Config, _ *http.Server) { cfg.SecureCookies = true })
	_, ev := a.createEvent(t)
	ada, _ := a.join(t, ev.Event.ID, "Ada", "Dev")
	host := strings.TrimPrefix(a.URL, "http://")
	ada.headers["Sec-Fetch-Site"] = "same-origin"
	ada.headers["Origin"] = "http://" + host
	if r := ada.do("POST", "/api/events/"+ev.Event.ID+"/topics", map[string]string{"title": "Downgraded"}); r.status != http.StatusForbidden {
		t.Errorf("http origin with -secure-cookies: status %d, want 403", r.status)
	}
	ada.headers["Origin"] = "https://" + host
	ada.do("POST", "/api/events/"+ev.Event.ID+"/topics", map[string]string{"title": "Over HTTPS"}).decode(t, http.StatusCreated, nil)
}

// TestSecurityHeadersOnEveryResponse: API answers, errors, recap.md,
// qr.svg, the calendar, the print page, the pages and the assets all say
// nosniff, no-referrer and that they may not be framed; the pages' CSP
// connects only to this host.
func TestSecurityHeadersOnEveryResponse(t *testing.T) {
	a := newApp(t)
	org, ev := a.createEvent(t)
	id := ev.Event.ID
	page := org.do("GET", "/e/"+id, nil)
	asset := regexp.MustCompile(`/assets/[^"]+\.js`).Find(page.body)
	if asset == nil {
		t.Fatal("no asset in the page")
	}
	paths := []string{"/api/events/" + id, "/api/events/" + id + "/organizer", "/api/events/" + id + "/recap.md",
		"/api/events/" + id + "/qr.svg", "/api/events/" + id + "/calendar.ics", "/print/" + id, "/api/events/nope",
		"/api/nothing", "/", "/e/" + id, "/p/" + id, "/o/" + id, "/healthz", string(asset)}
	for _, p := range paths {
		r := org.do("GET", p, nil)
		for k, want := range map[string]string{"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY"} {
			if got := r.header.Get(k); got != want {
				t.Errorf("GET %s (%d): %s = %q, want %q", p, r.status, k, got, want)
			}
		}
		if csp := r.header.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'none'") || !strings.Contains(csp, "base-uri 'none'") {
			t.Errorf("GET %s: CSP %q lacks frame-ancestors 'none' or base-uri 'none'", p, csp)
		}
	}
	host := strings.TrimPrefix(a.URL, "http://")
	csp := page.header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "connect-src 'self' ws://"+host+" wss://"+host+";") || strings.Contains(csp, " ws: ") ||
		strings.Contains(csp, "wss:;") || !strings.Contains(csp, "form-action 'self'") {
		t.Errorf("page CSP = %q, want connect-src 'self' and this host's WebSocket only, form-action 'self'", csp)
	}
	// The console's sandboxed preview is framed by the console, not elsewhere.
	if r := org.do("GET", "/api/events/"+id+"/recap.html", nil); r.header.Get("X-Frame-Options") != "SAMEORIGIN" || r.header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("recap.html: X-Frame-Options %q", r.header.Get("X-Frame-Options"))
	}
}

// TestSecretsAreNotCached: the answers that carry an organizer key or a
// device token say Cache-Control: no-store.
func TestSecretsAreNotCached(t *testing.T) {
	a := newApp(t)
	org := a.newClient(t)
	var ev createdEvent
	r := org.do("POST", "/api/events", seedSetup())
	r.decode(t, http.StatusCreated, &ev)
	id := ev.Event.ID
	export := org.do("GET", "/api/events/"+id+"/export.json", nil)
	checks := []struct {
		what string
		r    response
	}{
		{"create", r},
		{"join", a.newClient(t).do("POST", "/api/events/"+id+"/join", map[string]string{"name": "Ada"})},
		{"copy", org.do("POST", "/api/events/"+id+"/copy", nil)},
		{"organizer link", a.newClient(t).do("GET", "/o/"+id+"?key="+ev.OrganizerKey, nil)},
		{"import", a.newClient(t).do("POST", "/api/events/import", export.body)},
		{"rotate the organizer key", org.do("POST", "/api/events/"+id+"/organizer-key", nil)},
	}
	for _, c := range checks {
		if c.r.status >= 400 {
			t.Errorf("%s: status %d %s", c.what, c.r.status, c.r.body)
		}
		if got := c.r.header.Get("Cache-Control"); got != "no-store" {
			t.Errorf("%s: Cache-Control %q, want no-store", c.what, got)
		}
	}
}

// lockedBuffer is a log destination the server writes while the test reads.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestTrickledBodyIsATimeout: a body still arriving when the server's read
// deadline passes is the client's doing: 408 timeout, no error logged.
func TestTrickledBodyIsATimeout(t *testing.T) {
	logs := &lockedBuffer{}
	a := newSecureApp(t, func(cfg *server.Config, hs *http.Server) {
		cfg.Logger = slog.New(slog.NewTextHandler(logs, nil))
		hs.ReadTimeout = 300 * time.Millisecond
	})
	_, ev := a.createEvent(t)
	conn, err := net.Dial("tcp", strings.TrimPrefix(a.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /api/events/%s/join HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"name\":", ev.Event.ID)
	time.Sleep(100 * time.Millisecond)
	conn.Write([]byte(` "A`)) // the rest never comes
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("no answer: %v", err)
	}
	defer resp.Body.Close()
	var body struct {
		Error struct {
			Code     string            `json:"code"`
			Messages map[string]string `json:"messages"`
		} `json:"error"`
	}
	json.NewDecoder(resp.Body).Decode(&body)
	if resp.StatusCode != http.StatusRequestTimeout || body.Error.Code != "timeout" {
		t.Errorf("trickled body: status %d code %q, want 408 timeout", resp.StatusCode, body.Error.Code)
	}
	if fr := body.Error.Messages["fr"]; !strings.Contains(fr, "trop lentement") {
		t.Errorf("French message %q", fr)
	}
	if l := logs.String(); strings.Contains(l, "level=ERROR") {
		t.Errorf("a slow client logged an error: %s", l)
	}
}
