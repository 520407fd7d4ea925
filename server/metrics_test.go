package server_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"openspace/metrics"
	"openspace/openspace"
	"openspace/realtime"
	"openspace/server"
	"openspace/store"
)

// newMetricsApp is newApp with the metrics wired as main wires them: the
// hub, the server and the store's commits count into one registry.
func newMetricsApp(tb testing.TB, cfg server.Config) (*app, *server.Server) {
	tb.Helper()
	st, err := store.Open(filepath.Join(tb.TempDir(), "openspace.db"))
	if err != nil {
		tb.Fatal(err)
	}
	reg := metrics.New()
	st.OnCommit(reg.ObserveCommit)
	hub := realtime.NewHub(server.LiveSource{Store: st}, realtime.Options{FlushInterval: 20 * time.Millisecond, Metrics: reg})
	cfg.Store, cfg.Live, cfg.Metrics = st, hub, reg
	srv := server.New(cfg)
	ts := httptest.NewServer(srv)
	tb.Cleanup(func() {
		hub.Close()
		ts.Close()
		st.Close()
	})
	return &app{Server: ts, store: st, hub: hub}, srv
}

// sample returns the value of the exposition's line for series (name and
// labels as printed), failing the test when it is absent.
func sample(tb testing.TB, exposition, series string) float64 {
	tb.Helper()
	m := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(series) + ` (\S+)$`).FindStringSubmatch(exposition)
	if m == nil {
		tb.Fatalf("no sample %s in the metrics:\n%s", series, exposition)
	}
	v, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		tb.Fatal(err)
	}
	return v
}

// TestMetricsCountVotesJoinsAndRequests: through the real router, a join
// and a vote show in /metrics (read from loopback) as one join, one vote
// and request-latency samples under the route pattern; a replayed
// Idempotency-Key and a second join from the same device count nothing
// more; store commits are timed; a WebSocket is not a request to time.
func TestMetricsCountVotesJoinsAndRequests(t *testing.T) {
	t.Parallel()
	a, _ := newMetricsApp(t, server.Config{})
	_, ev := a.createEvent(t)
	id := ev.Event.ID
	c, _ := a.join(t, id, "Ada", "Dev")
	c.do("POST", "/api/events/"+id+"/join", map[string]string{"name": "Ada"}).decode(t, http.StatusOK, nil) // already joined
	tp := c.propose(id, "Observability")
	c.headers["Idempotency-Key"] = "b7e3a1f0-vote-once"
	c.do("PUT", "/api/events/"+id+"/topics/"+tp.ID+"/vote", nil).decode(t, http.StatusOK, nil)
	replay := c.do("PUT", "/api/events/"+id+"/topics/"+tp.ID+"/vote", nil)
	replay.decode(t, http.StatusOK, nil)
	if replay.header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("the second vote was not a replay: headers %v", replay.header)
	}
	delete(c.headers, "Idempotency-Key")
	c.do("PUT", "/api/events/"+id+"/topics/no-such-topic/vote", nil) // refused: not a vote
	c.do("GET", "/api/events/"+id+"/nowhere", nil)                   // no route
	c.do("DELETE", "/api/events/"+id+"/topics/"+tp.ID+"/vote", nil).decode(t, http.StatusOK, nil)
	ws := a.dialWS(t, id, "", nil) // lasts as long as the connection: not a request to time
	if _, _, err := ws.ReadMessage(); err != nil {
		t.Fatalf("snapshot: %v", err)
	}

	resp := c.do("GET", "/metrics", nil)
	if resp.status != http.StatusOK {
		t.Fatalf("GET /metrics from loopback: status %d, want 200; body %s", resp.status, resp.body)
	}
	if got := resp.header.Get("Content-Type"); !strings.HasPrefix(got, "text/plain") {
		t.Errorf("Content-Type = %q, want the text exposition format", got)
	}
	body := string(resp.body)
	const voteRoute = `route="/api/events/:id/topics/:tid/vote"`
	for _, tt := range []struct {
		series string
		want   float64
	}{
		{"openspace_joins_total", 1},
		{`openspace_votes_total{op="vote"}`, 1},
		{`openspace_votes_total{op="unvote"}`, 1},
		{`openspace_http_request_duration_seconds_count{method="PUT",` + voteRoute + `,status="2xx"}`, 2}, // the vote and its replay
		{`openspace_http_request_duration_seconds_count{method="PUT",` + voteRoute + `,status="4xx"}`, 1},
		{`openspace_http_request_duration_seconds_count{method="DELETE",` + voteRoute + `,status="2xx"}`, 1},
		{`openspace_http_request_duration_seconds_count{method="POST",route="/api/events/:id/join",status="2xx"}`, 2},
		{`openspace_http_request_duration_seconds_count{method="GET",route="unmatched",status="4xx"}`, 1},
	} {
		if got := sample(t, body, tt.series); got != tt.want {
			t.Errorf("%s = %v, want %v", tt.series, got, tt.want)
		}
	}
	// create, open voting, join, propose, vote, unvote at least.
	if got := sample(t, body, "openspace_store_commit_duration_seconds_count"); got < 6 {
		t.Errorf("openspace_store_commit_duration_seconds_count = %v, want at least 6 commits", got)
	}
	if strings.Contains(body, `route="/api/events/:id/ws"`) {
		t.Error("the WebSocket is timed as a request")
	}
	if strings.Contains(body, `route="/api/events/`+id) {
		t.Error("a raw path (with the event ID) is a route label")
	}
	for _, want := range []string{"go_goroutines ", "process_resident_memory_bytes "} {
		if !strings.Contains(body, want) {
			t.Errorf("the metrics lack %q", want)
		}
	}
}

// TestMetricsAccess: the metrics name events, so only loopback reads them
// freely; anyone else needs the operator token, and without one configured
// the route does not exist for them. A request that a proxy forwarded is
// not loopback's, even when the proxy runs on the machine.
func TestMetricsAccess(t *testing.T) {
	t.Parallel()
	const token = "s3cret-operator-token"
	tests := []struct {
		name       string
		cfg        server.Config
		remote     string
		header     map[string]string
		wantStatus int
	}{
		{"loopback, no token configured", server.Config{}, "127.0.0.1:40000", nil, http.StatusOK},
		{"IPv6 loopback", server.Config{}, "[::1]:40000", nil, http.StatusOK},
		{"another address, no token configured", server.Config{}, "203.0.113.7:40000", nil, http.StatusNotFound},
		{"forwarded by a proxy on loopback", server.Config{}, "127.0.0.1:40000", map[string]string{"X-Forwarded-For": "203.0.113.7"}, http.StatusNotFound},
		{"forwarded, RFC 7239", server.Config{}, "127.0.0.1:40000", map[string]string{"Forwarded": "for=203.0.113.7"}, http.StatusNotFound},
		{"another address, no token given", server.Config{OperatorToken: token}, "203.0.113.7:40000", nil, http.StatusUnauthorized},
		{"another address, wrong token", server.Config{OperatorToken: token}, "203.0.113.7:40000", map[string]string{"Authorization": "Bearer nope"}, http.StatusUnauthorized},
		{"another address, the token", server.Config{OperatorToken: token}, "203.0.113.7:40000", map[string]string{"Authorization": "Bearer " + token}, http.StatusOK},
		{"a trusted proxy on loopback, no token", server.Config{OperatorToken: token, TrustedProxies: []string{"127.0.0.1"}}, "127.0.0.1:40000", nil, http.StatusUnauthorized},
		{"a trusted proxy on loopback, the token", server.Config{OperatorToken: token, TrustedProxies: []string{"127.0.0.1"}}, "127.0.0.1:40000", map[string]string{"Authorization": "Bearer " + token}, http.StatusOK},
		{"loopback that is not the trusted proxy", server.Config{TrustedProxies: []string{"127.0.0.1/32"}}, "[::1]:40000", nil, http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, srv := newMetricsApp(t, tt.cfg)
			req := httptest.NewRequest(http.MethodGet, "/metrics", nil)
			req.RemoteAddr = tt.remote
			for k, v := range tt.header {
				req.Header.Set(k, v)
			}
			rec := httptest.NewRecorder()
			srv.ServeHTTP(rec, req)
			body, _ := io.ReadAll(rec.Body)
			resp := response{status: rec.Code, header: rec.Header(), body: body}
			if resp.status != tt.wantStatus {
				t.Fatalf("status = %d, want %d; body %s", resp.status, tt.wantStatus, body)
			}
			switch tt.wantStatus {
			case http.StatusOK:
				if !strings.Contains(string(body), "openspace_joins_total") {
					t.Errorf("the answer holds no metrics:\n%s", body)
				}
			case http.StatusNotFound:
				if got, want := resp.errorCode(t), openspace.ENOTFOUND; got != want {
					t.Errorf("error code = %q, want %q", got, want)
				}
			case http.StatusUnauthorized:
				if got, want := resp.errorCode(t), openspace.EUNAUTHORIZED; got != want {
					t.Errorf("error code = %q, want %q", got, want)
				}
				if resp.header.Get("WWW-Authenticate") == "" {
					t.Error("a 401 without WWW-Authenticate")
				}
			}
		})
	}
}

// TestNoMetricsNoRoute: a server built without metrics has no /metrics.
func TestNoMetricsNoRoute(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	resp := a.newClient(t).do("GET", "/metrics", nil)
	if resp.status != http.StatusNotFound {
		t.Fatalf("GET /metrics without metrics: status %d, want 404", resp.status)
	}
}
