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

// TestForwardedForOnlyFromTrustedProxies: client addresses come only from
// configured trusted proxies. 310 joins arrive from 127.0.0.1, each with a
// different X-Forwarded-For. Unless 127.0.0.1 is a trusted proxy the header
// is ignored and they share one address bucket (burst 300); from a trusted
// proxy each forwarded address has its own bucket and all go through.
func TestForwardedForOnlyFromTrustedProxies(t *testing.T) {
	tests := []struct {
		name         string
		proxies      []string
		wantAccepted int
	}{
		{"no trusted proxy: the header is forged", nil, addressWriteBurst},
		{"another proxy is trusted: still forged", []string{"10.1.2.3", "192.168.0.0/16"}, addressWriteBurst},
		{"the peer is a trusted proxy", []string{"127.0.0.1"}, 310},
		{"the peer is in a trusted CIDR", []string{"127.0.0.0/8"}, 310},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, err := store.Open(filepath.Join(t.TempDir(), "openspace.db"))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { st.Close() })
			hub := realtime.NewHub(LiveSource{Store: st}, realtime.Options{})
			t.Cleanup(hub.Close)
			s := New(Config{Store: st, Live: hub, TrustedProxies: tt.proxies})
			frozen := time.Date(2026, 12, 2, 19, 30, 0, 0, time.UTC)
			s.limiter.now = func() time.Time { return frozen }
			ts := httptest.NewServer(s)
			t.Cleanup(ts.Close)
			ev, err := st.CreateEvent(t.Context(), openspace.EventSetup{Title: "Paris DevOps",
				Sessions: []openspace.Session{{Title: "1", Duration: 30}}, Rooms: []openspace.Room{{Name: "A", Capacity: 10}}}, []byte("hash"))
			if err != nil {
				t.Fatal(err)
			}
			accepted := 0
			for i := range 310 {
				req, _ := http.NewRequest("POST", ts.URL+"/api/events/"+ev.ID+"/join", strings.NewReader(`{}`))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("X-Forwarded-For", "10.0."+strconv.Itoa(i/250)+"."+strconv.Itoa(i%250))
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				switch resp.StatusCode {
				case http.StatusCreated:
					accepted++
				case http.StatusTooManyRequests:
				default:
					t.Fatalf("join %d: status %d", i, resp.StatusCode)
				}
			}
			if accepted != tt.wantAccepted {
				t.Errorf("accepted %d joins, want %d", accepted, tt.wantAccepted)
			}
		})
	}
}
