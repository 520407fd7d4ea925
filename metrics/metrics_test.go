package metrics_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"

	"openspace/metrics"
)

// gather returns the metric family called name, nil when it has no series.
func gather(tb testing.TB, r *metrics.Registry, name string) *dto.MetricFamily {
	tb.Helper()
	families, err := r.Gatherer().Gather()
	if err != nil {
		tb.Fatal(err)
	}
	for _, f := range families {
		if f.GetName() == name {
			return f
		}
	}
	return nil
}

// connections returns the event label → gauge value of openspace_connections.
func connections(tb testing.TB, r *metrics.Registry) map[string]float64 {
	tb.Helper()
	out := map[string]float64{}
	f := gather(tb, r, "openspace_connections")
	if f == nil {
		return out
	}
	for _, m := range f.GetMetric() {
		for _, l := range m.GetLabel() {
			if l.GetName() == "event" {
				out[l.GetValue()] = m.GetGauge().GetValue()
			}
		}
	}
	return out
}

// TestConnectionsGaugeUpDownAndGone: the gauge follows joins and leaves per
// event, and an event's series disappears when its last connection goes,
// so that finished events leave no label behind.
func TestConnectionsGaugeUpDownAndGone(t *testing.T) {
	t.Parallel()
	r := metrics.New()
	steps := []struct {
		event string
		delta int
		want  map[string]float64
	}{
		{"e1", +1, map[string]float64{"e1": 1}},
		{"e1", +1, map[string]float64{"e1": 2}},
		{"e2", +1, map[string]float64{"e1": 2, "e2": 1}},
		{"e1", -1, map[string]float64{"e1": 1, "e2": 1}},
		{"e1", -1, map[string]float64{"e2": 1}},
		{"e2", -1, map[string]float64{}},
		{"e3", -1, map[string]float64{}}, // a miscount never shows a negative gauge
	}
	for i, s := range steps {
		r.Connected(s.event, s.delta)
		got := connections(t, r)
		if len(got) != len(s.want) {
			t.Fatalf("step %d (%s %+d): series %v, want %v", i, s.event, s.delta, got, s.want)
		}
		for ev, want := range s.want {
			if got[ev] != want {
				t.Errorf("step %d (%s %+d): %s = %v, want %v", i, s.event, s.delta, ev, got[ev], want)
			}
		}
	}
	if f := gather(t, r, "openspace_connections"); f != nil {
		t.Errorf("openspace_connections still has %d series after every connection left", len(f.GetMetric()))
	}
}

// TestCountersAndHistograms: each method moves its own metric, and the
// exposition names them as documented, with the Go and process collectors.
func TestCountersAndHistograms(t *testing.T) {
	t.Parallel()
	r := metrics.New()
	r.Sent(3)
	r.Sent(2)
	r.Sent(0)
	r.Dropped("slow")
	r.Resynced()
	r.Patched()
	r.Patched()
	r.Voted("vote")
	r.Voted("unvote")
	r.Voted("vote")
	r.Joined()
	r.ObserveRequest("/api/events/:id/join", http.MethodPost, http.StatusCreated, 3*time.Millisecond)
	r.ObserveRequest("", "BREW", http.StatusNotFound, time.Millisecond)
	r.ObserveCommit(2 * time.Millisecond)
	r.ObserveCommit(4 * time.Millisecond)

	rec := httptest.NewRecorder()
	r.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	body, _ := io.ReadAll(rec.Body)
	for _, want := range []string{
		"openspace_messages_sent_total 5",
		`openspace_connections_dropped_total{reason="slow"} 1`,
		`openspace_connections_dropped_total{reason="gone"} 0`,
		"openspace_resyncs_total 1",
		"openspace_patches_total 2",
		`openspace_votes_total{op="vote"} 2`,
		`openspace_votes_total{op="unvote"} 1`,
		"openspace_joins_total 1",
		`openspace_http_request_duration_seconds_count{method="POST",route="/api/events/:id/join",status="2xx"} 1`,
		`openspace_http_request_duration_seconds_count{method="OTHER",route="unmatched",status="4xx"} 1`,
		"openspace_store_commit_duration_seconds_count 2",
		"go_goroutines ",
		"process_start_time_seconds ",
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("exposition lacks %q", want)
		}
	}
}

// The hub calls these from its writer goroutines and the server on every
// request: their cost is measured (docs/OPERATIONS.md), never asserted.
func BenchmarkSent(b *testing.B) {
	r := metrics.New()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			r.Sent(1)
		}
	})
}

func BenchmarkConnected(b *testing.B) {
	r := metrics.New()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			r.Connected("e1", +1)
			r.Connected("e1", -1)
		}
	})
}

func BenchmarkObserveRequest(b *testing.B) {
	r := metrics.New()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			r.ObserveRequest("/api/events/:id/topics/:tid/vote", http.MethodPut, http.StatusOK, 3*time.Millisecond)
		}
	})
}
