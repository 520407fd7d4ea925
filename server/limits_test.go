package server

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"openspace/realtime"
	"openspace/store"
)

// limitsApp is a server on a real bbolt file whose limiter's clock stands
// still until the test moves it, so the counts do not depend on how fast
// the machine is. Requests go through ServeHTTP with the address the test
// names: one venue NAT is one address.
type limitsApp struct {
	t       *testing.T
	s       *Server
	clock   time.Time
	tick    time.Duration // how far the clock moves at each reading
	eventID string
	code    string
	key     string // the organizer key
}

func newLimitsApp(t *testing.T) *limitsApp {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "openspace.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	hub := realtime.NewHub(LiveSource{Store: st}, realtime.Options{})
	t.Cleanup(hub.Close)
	a := &limitsApp{t: t, s: New(Config{Store: st, Live: hub}), clock: time.Date(2026, 12, 2, 19, 30, 0, 0, time.UTC)}
	a.s.limiter.now = func() time.Time { a.clock = a.clock.Add(a.tick); return a.clock }

	var out struct {
		Event struct {
			ID       string `json:"id"`
			JoinCode string `json:"join_code"`
		} `json:"event"`
		OrganizerKey string `json:"organizer_key"`
	}
	rec := a.do("192.0.2.1", "POST", "/api/events", `{"title":"Paris DevOps","sessions":[{"title":"1","duration":30}],"rooms":[{"name":"A","capacity":500}]}`, nil)
	if rec.Code != http.StatusCreated {
		t.Fatalf("create: %d %s", rec.Code, rec.Body)
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	a.eventID, a.code, a.key = out.Event.ID, out.Event.JoinCode, out.OrganizerKey
	rec = a.do("192.0.2.1", "PATCH", a.path("/phases"), `{"phase":"marketplace"}`, map[string]string{"X-Organizer-Key": a.key})
	if rec.Code != http.StatusOK {
		t.Fatalf("phases: %d %s", rec.Code, rec.Body)
	}
	return a
}

func (a *limitsApp) path(p string) string { return "/api/events/" + a.eventID + p }

func (a *limitsApp) do(ip, method, path, body string, headers map[string]string) *httptest.ResponseRecorder {
	a.t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.RemoteAddr = ip + ":40000"
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	a.s.ServeHTTP(rec, req)
	return rec
}

// join joins without a token and returns the new token ("" when refused).
func (a *limitsApp) join(ip, name string) (string, *httptest.ResponseRecorder) {
	rec := a.do(ip, "POST", a.path("/join"), `{"name":"`+name+`"}`, nil)
	var out struct {
		Token string `json:"token"`
	}
	json.Unmarshal(rec.Body.Bytes(), &out)
	return out.Token, rec
}

func bearer(token string) map[string]string {
	return map[string]string{"Authorization": "Bearer " + token}
}

// madeUpToken has a real token's shape: 22 base64url characters.
func madeUpToken(i int) string { return (strconv.Itoa(i) + strings.Repeat("x", 22))[:22] }

// TestJunkTokensDoNotSpendTheJoinBucket is the venue NAT with a script on
// it: 1,000 junk writes with made-up tokens (votes, topics, joins) come from
// the room's one address, then the 300 people of the room join from it. All
// of them get in, and an attendee who joined before the junk still votes:
// a made-up token spends no bucket that joins or real people use.
func TestJunkTokensDoNotSpendTheJoinBucket(t *testing.T) {
	a := newLimitsApp(t)
	const nat = "203.0.113.7"
	early, rec := a.join(nat, "Early")
	if early == "" {
		t.Fatalf("first join: %d %s", rec.Code, rec.Body)
	}
	rec = a.do(nat, "POST", a.path("/topics"), `{"title":"Kubernetes"}`, bearer(early))
	if rec.Code != http.StatusCreated {
		t.Fatalf("topic: %d %s", rec.Code, rec.Body)
	}
	var topic struct {
		ID string `json:"id"`
	}
	json.Unmarshal(rec.Body.Bytes(), &topic)

	junk429 := 0
	for i := range 1000 {
		var rec *httptest.ResponseRecorder
		switch i % 3 {
		case 0:
			rec = a.do(nat, "PUT", a.path("/topics/"+topic.ID+"/vote"), "", bearer(madeUpToken(i)))
		case 1:
			rec = a.do(nat, "POST", a.path("/topics"), `{"title":"spam"}`, bearer(madeUpToken(i)))
		default:
			rec = a.do(nat, "POST", a.path("/join"), `{"name":"bot"}`, bearer(madeUpToken(i)))
		}
		if rec.Code == http.StatusTooManyRequests {
			junk429++
		}
	}
	if junk429 < 1000-secretFailBurst {
		t.Errorf("only %d of 1,000 junk writes were refused with 429", junk429)
	}

	in := 0
	for i := range joinBurst - 1 {
		if token, rec := a.join(nat, "Person "+strconv.Itoa(i)); token != "" {
			in++
		} else if in == i {
			t.Logf("person %d refused: %d %s", i, rec.Code, rec.Body)
		}
	}
	if in != joinBurst-1 {
		t.Errorf("%d of the 299 people behind the NAT got in after the junk, want all", in)
	}
	if rec := a.do(nat, "POST", a.path("/topics"), `{"title":"Terraform"}`, bearer(early)); rec.Code != http.StatusCreated {
		t.Errorf("the early attendee's topic after the junk: %d %s", rec.Code, rec.Body)
	}
	if rec := a.do(nat, "GET", a.path("/me"), "", bearer(early)); rec.Code != http.StatusOK {
		t.Errorf("the early attendee's GET /me after the junk: %d %s", rec.Code, rec.Body)
	}
}

// TestJoinsPerAddressAreBounded: one address creates at most 300
// identities at once (a whole room after the QR code appears), then one a
// second; a 429 says how long to wait.
func TestJoinsPerAddressAreBounded(t *testing.T) {
	a := newLimitsApp(t)
	const nat = "203.0.113.8"
	for i := range joinBurst {
		if token, rec := a.join(nat, "P"+strconv.Itoa(i)); token == "" {
			t.Fatalf("join %d of a room of %d: %d %s", i+1, joinBurst, rec.Code, rec.Body)
		}
	}
	if _, rec := a.join(nat, "one too many"); rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") != "1" {
		t.Fatalf("join %d: %d, Retry-After %q; want 429 after 1 s", joinBurst+1, rec.Code, rec.Header().Get("Retry-After"))
	}
	if token, rec := a.join("198.51.100.9", "elsewhere"); token == "" {
		t.Errorf("a join from another address: %d %s", rec.Code, rec.Body)
	}
	a.clock = a.clock.Add(time.Minute)
	in := 0
	for i := range 100 {
		if token, _ := a.join(nat, "late "+strconv.Itoa(i)); token != "" {
			in++
		}
	}
	if want := 60 * joinsPerSecond; in != want {
		t.Errorf("a minute later, %d more joins got in from the address, want %d", in, want)
	}
}

// TestJoinCodeGuessesAreMetered: an address may mistype a join code 100
// times, then once every 6 seconds; past that every lookup is refused
// before the store is read, a right code too, so guessing learns nothing.
// Right codes cost nothing, and the QR link /j/{code} shares the meter.
func TestJoinCodeGuessesAreMetered(t *testing.T) {
	a := newLimitsApp(t)
	a.tick = 100 * time.Microsecond // a right code is repaid after its lookup, not at once
	const nat = "203.0.113.9"
	for range 200 {
		if rec := a.do(nat, "GET", "/api/join/"+a.code, "", nil); rec.Code != http.StatusOK {
			t.Fatalf("right code: %d %s", rec.Code, rec.Body)
		}
	}
	for i := range codeFailBurst {
		if rec := a.do(nat, "GET", "/api/join/"+wrongCode(i), "", nil); rec.Code != http.StatusNotFound {
			t.Fatalf("wrong code %d: %d, want 404", i+1, rec.Code)
		}
	}
	for _, p := range []string{"/api/join/" + wrongCode(999), "/api/join/" + a.code, "/j/" + wrongCode(998), "/j/" + a.code} {
		rec := a.do(nat, "GET", p, "", nil)
		if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") != "6" {
			t.Errorf("GET %s after %d wrong codes: %d, Retry-After %q; want 429 after 6 s", p, codeFailBurst, rec.Code, rec.Header().Get("Retry-After"))
		}
	}
	if rec := a.do("198.51.100.10", "GET", "/api/join/"+a.code, "", nil); rec.Code != http.StatusOK {
		t.Errorf("right code from another address: %d", rec.Code)
	}
	a.clock = a.clock.Add(codeFailEvery)
	if rec := a.do(nat, "GET", "/j/"+a.code, "", nil); rec.Code != http.StatusSeeOther {
		t.Errorf("right code 6 s later: %d, want 303", rec.Code)
	}
	if rec := a.do(nat, "GET", "/api/join/"+wrongCode(997), "", nil); rec.Code != http.StatusNotFound {
		t.Errorf("one wrong code 6 s later: %d, want 404", rec.Code)
	}
	if rec := a.do(nat, "GET", "/api/join/"+wrongCode(996), "", nil); rec.Code != http.StatusTooManyRequests {
		t.Errorf("a second wrong code 6 s later: %d, want 429", rec.Code)
	}
}

func wrongCode(i int) string { return "ZZ" + strconv.Itoa(1000+i) }

// TestOrganizerKeyGuessesAreMetered: wrong organizer keys on reads, on
// the WebSocket upgrade and on the organizer link are counted per
// address; after 150, they are refused with 429, while the real organizer
// behind the same NAT goes on.
func TestOrganizerKeyGuessesAreMetered(t *testing.T) {
	a := newLimitsApp(t)
	const nat = "203.0.113.10"
	wrong := func(i int) map[string]string { return map[string]string{"X-Organizer-Key": madeUpToken(i)} }
	for i := range secretFailBurst {
		p := a.path("/organizer")
		if i%2 == 1 {
			p = a.path("/ws?role=organizer")
		}
		if rec := a.do(nat, "GET", p, "", wrong(i)); rec.Code != http.StatusUnauthorized {
			t.Fatalf("wrong key %d on %s: %d, want 401", i+1, p, rec.Code)
		}
	}
	for _, p := range []string{a.path("/organizer"), a.path("/ws?role=organizer"), a.path("/draft/report")} {
		if rec := a.do(nat, "GET", p, "", wrong(100)); rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") != "1" {
			t.Errorf("GET %s with a wrong key after %d: %d, Retry-After %q; want 429", p, secretFailBurst, rec.Code, rec.Header().Get("Retry-After"))
		}
	}
	if rec := a.do(nat, "GET", "/o/"+a.eventID+"?key="+madeUpToken(101), "", nil); rec.Code != http.StatusTooManyRequests ||
		!strings.Contains(rec.Body.String(), "Too many attempts") {
		t.Errorf("the organizer link with a wrong key: %d %s", rec.Code, rec.Body)
	}
	if rec := a.do(nat, "GET", a.path("/organizer"), "", map[string]string{"X-Organizer-Key": a.key}); rec.Code != http.StatusOK {
		t.Errorf("the real organizer behind the NAT: %d %s", rec.Code, rec.Body)
	}
	if rec := a.do(nat, "GET", "/o/"+a.eventID+"?key="+a.key, "", nil); rec.Code != http.StatusSeeOther {
		t.Errorf("the real organizer link behind the NAT: %d", rec.Code)
	}
}

// TestMadeUpDeviceTokensAreMeteredOnReads: GET /me with made-up tokens is
// a failed lookup too; after 150 the address gets 429, and a real attendee
// behind it still reads their page.
func TestMadeUpDeviceTokensAreMeteredOnReads(t *testing.T) {
	a := newLimitsApp(t)
	const nat = "203.0.113.11"
	real, rec := a.join(nat, "Ada")
	if real == "" {
		t.Fatalf("join: %d %s", rec.Code, rec.Body)
	}
	for i := range secretFailBurst {
		if rec := a.do(nat, "GET", a.path("/me"), "", bearer(madeUpToken(i))); rec.Code != http.StatusUnauthorized {
			t.Fatalf("made-up token %d: %d, want 401", i+1, rec.Code)
		}
	}
	if rec := a.do(nat, "GET", a.path("/me"), "", bearer(madeUpToken(100))); rec.Code != http.StatusTooManyRequests {
		t.Errorf("made-up token after %d: %d, want 429", secretFailBurst, rec.Code)
	}
	if rec := a.do(nat, "GET", a.path("/me"), "", bearer(real)); rec.Code != http.StatusOK {
		t.Errorf("the real attendee behind the NAT: %d %s", rec.Code, rec.Body)
	}
	a.clock = a.clock.Add(time.Second)
	if rec := a.do(nat, "GET", a.path("/me"), "", bearer(madeUpToken(101))); rec.Code != http.StatusUnauthorized {
		t.Errorf("a made-up token a second later: %d, want 401", rec.Code)
	}
}

// TestStaleOrganizerKeyBesideAValidTokenIsNotRefused: a co-organizer whose
// key was rotated away, and who also joined as an attendee in the same
// browser, sends the stale key with a good token; once the address's meter
// is spent by strangers, they still read their page and vote.
func TestStaleOrganizerKeyBesideAValidTokenIsNotRefused(t *testing.T) {
	a := newLimitsApp(t)
	const nat = "203.0.113.12"
	token, rec := a.join(nat, "Bea")
	if token == "" {
		t.Fatalf("join: %d %s", rec.Code, rec.Body)
	}
	for i := range secretFailBurst + 10 { // strangers spend the address's allowance
		a.do(nat, "GET", a.path("/organizer"), "", map[string]string{"X-Organizer-Key": madeUpToken(i)})
	}
	both := map[string]string{"Authorization": "Bearer " + token, "X-Organizer-Key": madeUpToken(999)}
	if rec := a.do(nat, "GET", a.path("/me"), "", both); rec.Code != http.StatusOK {
		t.Errorf("GET /me with a good token and a stale key: %d %s, want 200", rec.Code, rec.Body)
	}
}
