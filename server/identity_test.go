package server_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync/atomic"
	"testing"

	"openspace/openspace"
	"openspace/realtime"
	"openspace/server"
	"openspace/store"
)

// lookupCounter is the real store, counting how often a request resolves
// a secret.
type lookupCounter struct {
	*store.Store
	tokens, keys atomic.Int32
}

func (l *lookupCounter) AttendeeByToken(ctx context.Context, eventID string, hash []byte) (openspace.Attendee, error) {
	l.tokens.Add(1)
	return l.Store.AttendeeByToken(ctx, eventID, hash)
}

func (l *lookupCounter) OrganizerKeyHash(ctx context.Context, eventID string) ([]byte, error) {
	l.keys.Add(1)
	return l.Store.OrganizerKeyHash(ctx, eventID)
}

// TestIdentityIsResolvedOnce: the write limiter and the handler both need
// the caller; the device token or the organizer key is checked once per
// request, and a public read checks nothing.
func TestIdentityIsResolvedOnce(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "openspace.db"))
	if err != nil {
		t.Fatal(err)
	}
	counted := &lookupCounter{Store: st}
	hub := realtime.NewHub(server.LiveSource{Store: st}, realtime.Options{})
	ts := httptest.NewServer(server.New(server.Config{Store: counted, Live: hub}))
	t.Cleanup(func() { hub.Close(); ts.Close(); st.Close() })
	a := &app{Server: ts, store: st, hub: hub}

	org, ev := a.createEvent(t)
	id := ev.Event.ID
	ada, _ := a.join(t, id, "Ada", "Dev")
	topic := ada.propose(id, "Puppet")

	tests := []struct {
		name       string
		who        *client
		method     string
		path       string
		body       any
		wantTokens int32
		wantKeys   int32
	}{
		{"a vote", ada, "PUT", "/api/events/" + id + "/topics/" + topic.ID + "/vote", nil, 1, 0},
		{"an organizer edit", org, "PATCH", "/api/events/" + id + "/topics/" + topic.ID, map[string]string{"title": "Puppet 8"}, 0, 1},
		{"a public read", a.newClient(t), "GET", "/api/events/" + id, nil, 0, 0},
	}
	for _, tt := range tests {
		counted.tokens.Store(0)
		counted.keys.Store(0)
		if resp := tt.who.do(tt.method, tt.path, tt.body); resp.status != http.StatusOK {
			t.Fatalf("%s: status %d, body %s", tt.name, resp.status, resp.body)
		}
		if got, want := counted.tokens.Load(), tt.wantTokens; got != want {
			t.Errorf("%s: device token checked %d times, want %d", tt.name, got, want)
		}
		if got, want := counted.keys.Load(), tt.wantKeys; got != want {
			t.Errorf("%s: organizer key checked %d times, want %d", tt.name, got, want)
		}
	}
}
