package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"openspace/openspace"
	"openspace/realtime"
	"openspace/server"
	"openspace/store"
)

// app is the whole server on a real store file and a real listener.
type app struct {
	*httptest.Server
	store *store.Store
	hub   *realtime.Hub
}

func newApp(tb testing.TB) *app {
	tb.Helper()
	st, err := store.Open(filepath.Join(tb.TempDir(), "openspace.db"))
	if err != nil {
		tb.Fatal(err)
	}
	hub := realtime.NewHub(server.LiveSource{Store: st}, realtime.Options{FlushInterval: 20 * time.Millisecond})
	srv := server.New(server.Config{Store: st, Live: hub})
	ts := httptest.NewServer(srv)
	tb.Cleanup(func() {
		hub.Close()
		ts.Close()
		st.Close()
	})
	return &app{Server: ts, store: st, hub: hub}
}

// client is one browser: its own cookie jar.
type client struct {
	tb      testing.TB
	app     *app
	http    *http.Client
	headers map[string]string
}

func (a *app) newClient(tb testing.TB) *client {
	tb.Helper()
	jar, _ := cookiejar.New(nil)
	return &client{tb: tb, app: a, http: &http.Client{Jar: jar, Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }},
		headers: map[string]string{}}
}

type response struct {
	status int
	header http.Header
	body   []byte
}

// do sends a request; body is JSON-encoded unless it is a string or []byte.
func (c *client) do(method, path string, body any) response {
	c.tb.Helper()
	resp, err := c.send(method, path, body)
	if err != nil {
		c.tb.Fatal(err)
	}
	return resp
}

// send is do for a request that may fail on the network: the error comes
// back instead of failing the test.
func (c *client) send(method, path string, body any) (response, error) {
	c.tb.Helper()
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		r = strings.NewReader(b)
	case []byte:
		r = bytes.NewReader(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			c.tb.Fatal(err)
		}
		r = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, c.app.URL+path, r)
	if err != nil {
		c.tb.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range c.headers {
		req.Header.Set(k, v)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return response{}, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return response{}, err
	}
	return response{status: resp.StatusCode, header: resp.Header, body: data}, nil
}

// decode unmarshals the response body, failing the test on a wrong status.
func (r response) decode(tb testing.TB, wantStatus int, v any) {
	tb.Helper()
	if r.status != wantStatus {
		tb.Fatalf("status = %d, want %d; body %s", r.status, wantStatus, r.body)
	}
	if v != nil {
		if err := json.Unmarshal(r.body, v); err != nil {
			tb.Fatalf("decode %s: %v", r.body, err)
		}
	}
}

// errorCode checks the error body shape and returns its code.
func (r response) errorCode(tb testing.TB) string {
	tb.Helper()
	var body struct {
		Error struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	if err := json.Unmarshal(r.body, &body); err != nil {
		tb.Fatalf("error body is not JSON: %s", r.body)
	}
	if body.Error.Code == "" || body.Error.Message == "" {
		tb.Fatalf("error body lacks code or message: %s", r.body)
	}
	return body.Error.Code
}

type createdEvent struct {
	Event        openspace.Event `json:"event"`
	OrganizerKey string          `json:"organizer_key"`
	OrganizerURL string          `json:"organizer_url"`
	JoinURL      string          `json:"join_url"`
}

func seedSetup() map[string]any {
	return map[string]any{
		"title": "2ème meetup Paris DevOps", "date": "2012-11-22", "venue": "Paris", "language": "fr",
		"dot_budget": 2,
		"sessions": []map[string]any{
			{"title": "1ère session", "start": "19:30", "duration": 30},
			{"title": "2ème session", "start": "20:05", "duration": 30},
		},
		"rooms": []map[string]any{
			{"name": "Grande salle", "capacity": 14, "equipment": []string{"screen"}},
			{"name": "Salle du fond", "capacity": 10},
		},
		"question": map[string]any{"prompt": "Vous êtes ?", "choices": []string{"Dev", "Ops", "Autre"}},
	}
}

// createEvent creates the seed's evening; the returned client is the organizer.
func (a *app) createEvent(tb testing.TB) (*client, createdEvent) {
	tb.Helper()
	org := a.newClient(tb)
	var ev createdEvent
	org.do("POST", "/api/events", seedSetup()).decode(tb, http.StatusCreated, &ev)
	// Voting opens beside proposals, as for an organizer who lets people
	// vote while topics still come in: most tests need both.
	org.do("PATCH", "/api/events/"+ev.Event.ID+"/phases", map[string]any{"voting_open": true}).decode(tb, http.StatusOK, &ev.Event)
	return org, ev
}

// join makes a new attendee client that joined the event.
func (a *app) join(tb testing.TB, eventID, name, answer string) (*client, openspace.Attendee) {
	tb.Helper()
	c := a.newClient(tb)
	var got struct {
		Attendee openspace.Attendee `json:"attendee"`
	}
	c.do("POST", "/api/events/"+eventID+"/join", map[string]string{"name": name, "answer": answer}).decode(tb, http.StatusCreated, &got)
	return c, got.Attendee
}

func (c *client) propose(eventID, title string) openspace.Topic {
	c.tb.Helper()
	var t openspace.Topic
	c.do("POST", "/api/events/"+eventID+"/topics", map[string]string{"title": title}).decode(c.tb, http.StatusCreated, &t)
	return t
}

// organizerState reads everything stored about the event, to check that a
// rejected request changed nothing.
func (a *app) organizerState(tb testing.TB, eventID string) string {
	tb.Helper()
	st, err := a.store.State(context.Background(), eventID, true)
	if err != nil {
		tb.Fatal(err)
	}
	votes, err := a.store.Votes(context.Background(), eventID)
	if err != nil {
		tb.Fatal(err)
	}
	data, _ := json.Marshal(struct {
		State openspace.State
		Votes map[string][]string
	}{st, votes})
	return string(data)
}
