// Package metrics counts what operators watch, in Prometheus's format: the
// hub's connections and messages (it implements realtime.Metrics), the
// server's requests, votes and joins, and the store's commits, besides
// the Go runtime's and the process's own figures. It imports the packages
// it measures' types, never the reverse: they see only small interfaces.
package metrics

import (
	"net/http"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"openspace/realtime"
)

// The hub's counts go through realtime.Metrics.
var _ realtime.Metrics = (*Registry)(nil)

// Dropped reasons the hub gives (realtime.Metrics), exported at zero from
// the start so that a rate over them has a beginning.
var dropReasons = []string{"slow", "gone", "organizer-key", "state", "shutdown"}

// Request latency buckets, in seconds: a vote answered from the page cache
// is about a millisecond, a join waiting for its fsync tens of them.
var requestBuckets = []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}

// Commit latency buckets, in seconds: an fsync is a fraction of a
// millisecond on an SSD and tens of milliseconds on a slow SD card.
var commitBuckets = []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5}

// Registry holds every metric of the process and serves them. It is safe
// for concurrent use; its methods are cheap enough for the hub's writer
// goroutines.
type Registry struct {
	reg *prometheus.Registry

	connections *connections
	sent        prometheus.Counter
	dropped     *prometheus.CounterVec
	resyncs     prometheus.Counter
	patches     prometheus.Counter
	votes       *prometheus.CounterVec
	joins       prometheus.Counter
	requests    *prometheus.HistogramVec
	commits     prometheus.Histogram
}

// New registers every metric, the Go and process collectors included.
func New() *Registry {
	r := &Registry{
		reg:         prometheus.NewRegistry(),
		connections: newConnections(),
		sent: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "openspace_messages_sent_total",
			Help: "WebSocket messages written to connections.",
		}),
		dropped: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "openspace_connections_dropped_total",
			Help: "WebSocket connections the hub dropped, by reason (slow: its queue was full or a write did not go through in time; gone: its event was deleted; organizer-key: the key was rotated; state: its state could not be built; shutdown).",
		}, []string{"reason"}),
		resyncs: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "openspace_resyncs_total",
			Help: "Snapshots sent again because a screen asked to resynchronize.",
		}),
		patches: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "openspace_patches_total",
			Help: "Patches built and sent to an event's screens; its rate is patches per second.",
		}),
		votes: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "openspace_votes_total",
			Help: "Votes given (op=vote) and taken back (op=unvote), answered with success; replays of an Idempotency-Key excluded.",
		}, []string{"op"}),
		joins: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "openspace_joins_total",
			Help: "Attendees who joined an event (answered 201 Created).",
		}),
		requests: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "openspace_http_request_duration_seconds",
			Help:    "Time to answer an HTTP request, by route pattern (unmatched for no route), method and status class; WebSocket connections excluded.",
			Buckets: requestBuckets,
		}, []string{"route", "method", "status"}),
		commits: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "openspace_store_commit_duration_seconds",
			Help:    "Time a store write waited for its transaction to be committed to disk, fsync included; writes sharing a batched commit each count once.",
			Buckets: commitBuckets,
		}),
	}
	for _, reason := range dropReasons {
		r.dropped.WithLabelValues(reason)
	}
	for _, op := range []string{"vote", "unvote"} {
		r.votes.WithLabelValues(op)
	}
	r.reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		r.connections, r.sent, r.dropped, r.resyncs, r.patches,
		r.votes, r.joins, r.requests, r.commits,
	)
	return r
}

// Handler serves the metrics in the text exposition format.
func (r *Registry) Handler() http.Handler {
	return promhttp.HandlerFor(r.reg, promhttp.HandlerOpts{})
}

// Gatherer is the registry itself, for tests that read values.
func (r *Registry) Gatherer() prometheus.Gatherer { return r.reg }

// Connected counts a connection of eventID joining (+1) or leaving (-1).
func (r *Registry) Connected(eventID string, delta int) { r.connections.add(eventID, delta) }

// Sent counts n messages written to connections.
func (r *Registry) Sent(n int) {
	if n > 0 { // a counter panics when it is given less than zero
		r.sent.Add(float64(n))
	}
}

// Dropped counts a connection the hub dropped, by reason.
func (r *Registry) Dropped(reason string) { r.dropped.WithLabelValues(reason).Inc() }

// Resynced counts a snapshot sent on a client's resync request.
func (r *Registry) Resynced() { r.resyncs.Inc() }

// Patched counts one patch built and sent to an event's screens.
func (r *Registry) Patched() { r.patches.Inc() }

// Voted counts a vote given (op "vote") or taken back ("unvote").
func (r *Registry) Voted(op string) { r.votes.WithLabelValues(op).Inc() }

// Joined counts an attendee who joined.
func (r *Registry) Joined() { r.joins.Inc() }

// ObserveRequest records how long a request took. route is the matched
// pattern ("/api/events/:id/join"), never the raw path: event IDs in paths
// would make a series per event and request. "" (no route matched) is
// recorded as "unmatched"; a method outside the standard ones as "OTHER".
func (r *Registry) ObserveRequest(route, method string, status int, d time.Duration) {
	if route == "" {
		route = "unmatched"
	}
	r.requests.WithLabelValues(route, methodLabel(method), statusClass(status)).Observe(d.Seconds())
}

// ObserveCommit records how long a store write waited for its commit.
func (r *Registry) ObserveCommit(d time.Duration) { r.commits.Observe(d.Seconds()) }

// methodLabel bounds the method label: anyone can send "FOO".
func methodLabel(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodOptions:
		return m
	}
	return "OTHER"
}

// statusClass turns 204 into "2xx".
func statusClass(status int) string {
	switch {
	case status >= 100 && status < 200:
		return "1xx"
	case status < 300:
		return "2xx"
	case status < 400:
		return "3xx"
	case status < 500:
		return "4xx"
	default:
		return "5xx"
	}
}

// connections is the gauge of open WebSocket connections per event. It
// keeps its own counts and reports them at scrape time, so that an event
// whose last screen closed has no series at all: events come and go, and
// a label value kept at zero for each one would grow without end.
type connections struct {
	desc *prometheus.Desc
	mu   sync.Mutex
	n    map[string]int // eventID → open connections; absent at zero
}

func newConnections() *connections {
	return &connections{
		desc: prometheus.NewDesc("openspace_connections",
			"Open WebSocket connections, by event (an event without any has no series).",
			[]string{"event"}, nil),
		n: map[string]int{},
	}
}

func (c *connections) add(eventID string, delta int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if n := c.n[eventID] + delta; n > 0 {
		c.n[eventID] = n
	} else {
		delete(c.n, eventID) // below zero would be a miscount; zero is no series
	}
}

// Describe implements prometheus.Collector.
func (c *connections) Describe(ch chan<- *prometheus.Desc) { ch <- c.desc }

// Collect implements prometheus.Collector.
func (c *connections) Collect(ch chan<- prometheus.Metric) {
	c.mu.Lock()
	ms := make([]prometheus.Metric, 0, len(c.n))
	for eventID, n := range c.n {
		ms = append(ms, prometheus.MustNewConstMetric(c.desc, prometheus.GaugeValue, float64(n), eventID))
	}
	c.mu.Unlock() // the hub waits on this lock: not while the scrape reads
	for _, m := range ms {
		ch <- m
	}
}
