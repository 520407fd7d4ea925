package server

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"openspace/openspace"
	"openspace/realtime"
	"openspace/store"
)

// TestMadeUpTokensShareTheAddressLimit: a made-up device token earns no
// bucket of its own, and a forged X-Forwarded-For is not an address, so
// 400 joins with made-up tokens from one address overflow its meter of
// failed secrets (burst 150, see guess.go). The clock stands still, so the
// result does not depend on how fast the machine is.
func TestMadeUpTokensShareTheAddressLimit(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "openspace.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	hub := realtime.NewHub(LiveSource{Store: st}, realtime.Options{})
	t.Cleanup(hub.Close)
	s := New(Config{Store: st, Live: hub})
	frozen := time.Date(2026, 12, 2, 19, 30, 0, 0, time.UTC)
	s.limiter.now = func() time.Time { return frozen }
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)

	ev, err := st.CreateEvent(t.Context(), openspace.EventSetup{Title: "Paris DevOps",
		Sessions: []openspace.Session{{Title: "1", Duration: 30}}, Rooms: []openspace.Room{{Name: "A", Capacity: 10}}}, []byte("hash"))
	if err != nil {
		t.Fatal(err)
	}
	accepted, refused := 0, 0
	for i := range 400 {
		req, _ := http.NewRequest("POST", ts.URL+"/api/events/"+ev.ID+"/join", strings.NewReader(`{}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer made-up-"+strconv.Itoa(i))
		req.Header.Set("X-Forwarded-For", "10.0.0."+strconv.Itoa(i%250))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		switch resp.StatusCode {
		case http.StatusCreated:
			accepted++
		case http.StatusTooManyRequests:
			refused++
		default:
			t.Fatalf("join %d: status %d", i, resp.StatusCode)
		}
	}
	if got, want := accepted, secretFailBurst; got != want {
		t.Errorf("accepted %d joins, want the failed-secret burst of %d (refused %d)", got, want, refused)
	}
}
