package realtime

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"

	"openspace/openspace"
)

// Source builds what the hub sends: server.LiveSource, over the store.
// State for organizers includes the report; Report alone is what the hub
// adds to organizer patches after changes that may alter it.
type Source interface {
	State(ctx context.Context, eventID string, organizer bool) (openspace.State, error)
	Patch(ctx context.Context, eventID string, ch openspace.Change, organizer bool) (openspace.Patch, error)
	Report(ctx context.Context, eventID string) (*openspace.PlanReport, error)
}

// Options tunes a Hub. Zero fields take their defaults.
type Options struct {
	FlushInterval  time.Duration // default 100ms: the longest a change waits while the event's stream is busy; an idle stream sends a change at once
	ReportInterval time.Duration // default 1s: the draft's report goes to organizers at most once per ReportInterval per event, the last change always getting one, and only while an organizer watches
	History        int           // patches kept per event for resume, default 256
	SendBuffer     int           // per-client queued messages, default 64
	YieldEvery     int           // default 64: the event goroutine yields the CPU every YieldEvery screens of a fan-out, so that request handlers never wait for a whole fan-out nor behind thousands of runnable writers
	WriteWait      time.Duration // default 10s
	PongWait       time.Duration // default 60s
	PingPeriod     time.Duration // default PongWait*9/10
	MaxMessageSize int64         // read limit, default 4096
	MaxClients     int           // whole hub, default 20000; over it ServeWS answers 503 before upgrading
	MaxPerAddress  int           // connections from one address (an IPv6 /64 counts as one), default 2000; over it 503 before upgrading
	MaxPerEvent    int           // connections to one event, default 20000; over it 503 before upgrading
	MessageRate    float64       // client frames per second per connection, default 20 (a token bucket); over it the connection is closed with 1008
	MessageBurst   int           // the bucket's size, default 40
	ResyncInterval time.Duration // default 2s: at most one snapshot per resync request per interval per connection; a resync asked sooner is answered when the interval is over
	ClockInterval  time.Duration // default 1s: clock requests sooner than this after the last answered one are ignored
	AllowedOrigins []string      // extra allowed origins besides same host; empty Origin header (non-browser clients) is allowed
	Logger         *slog.Logger
	Metrics        Metrics // what operators count; nil: nothing
}

// Message types.
const (
	TypeSnapshot = "snapshot" // server → client: the whole state
	TypePatch    = "patch"    // server → client: what changed
	TypeResync   = "resync"   // client → server: send me a snapshot
	TypeClock    = "clock"    // client → server {"t": client ms}; server → client {"t", "now": server ms}
)

// Message is one server→client message (one JSON text frame).
type Message struct {
	Type    string           `json:"type"`
	Epoch   string           `json:"epoch"`
	Version int64            `json:"version"`
	State   *openspace.State `json:"state,omitempty"`
	Patch   *openspace.Patch `json:"patch,omitempty"`
}

// ClockMessage answers a client's clock request: T is the client's own
// time, echoed so it can measure the round trip, Now the server's, both in
// milliseconds since 1970. Screens correct their countdowns by the offset.
type ClockMessage struct {
	Type string  `json:"type"`
	T    float64 `json:"t"`
	Now  int64   `json:"now"`
}

const (
	defaultIdleTimeout = 2 * time.Minute  // an event without clients or changes is forgotten after this
	buildTimeout       = 30 * time.Second // bound on one Source call
	maxCloseGrace      = time.Second      // how long to wait for the peer's close reply
	maxRetryDelay      = 5 * time.Second  // bound on the back-off after a Source error
)

// Hub fans out the changes of every event to its WebSocket clients.
type Hub struct {
	src      Source
	opts     Options
	log      *slog.Logger
	upgrader websocket.Upgrader
	allowed  []string

	idleTimeout time.Duration // set by NewHub; tests may lower it before serving

	ctx    context.Context // cancelled by Close; parent of every Source call
	cancel context.CancelFunc
	done   chan struct{} // closed by Close

	conns atomic.Int64 // connections of the whole hub, reserved before upgrading

	capMu    sync.Mutex     // guards perAddr and perEvent
	perAddr  map[string]int // connections per remote address (see addressKey), reserved before upgrading
	perEvent map[string]int // connections per event, reserved before upgrading

	mu     sync.Mutex
	closed bool
	events map[string]*event
	wg     sync.WaitGroup // every goroutine of the hub; Add only under mu while !closed, or while an event goroutine runs
}

// NewHub returns a hub reading from src.
func NewHub(src Source, opts Options) *Hub {
	if opts.FlushInterval <= 0 {
		opts.FlushInterval = 100 * time.Millisecond
	}
	if opts.ReportInterval <= 0 {
		opts.ReportInterval = time.Second
	}
	if opts.History <= 0 {
		opts.History = 256
	}
	if opts.SendBuffer <= 0 {
		opts.SendBuffer = 64
	}
	if opts.YieldEvery <= 0 {
		opts.YieldEvery = 64
	}
	if opts.WriteWait <= 0 {
		opts.WriteWait = 10 * time.Second
	}
	if opts.PongWait <= 0 {
		opts.PongWait = 60 * time.Second
	}
	if opts.PingPeriod <= 0 {
		opts.PingPeriod = opts.PongWait * 9 / 10
	}
	if opts.MaxMessageSize <= 0 {
		opts.MaxMessageSize = 4096
	}
	if opts.MaxClients <= 0 {
		opts.MaxClients = 20000
	}
	if opts.MaxPerAddress <= 0 {
		opts.MaxPerAddress = 2000
	}
	if opts.MaxPerEvent <= 0 {
		opts.MaxPerEvent = 20000
	}
	if opts.MessageRate <= 0 {
		opts.MessageRate = 20
	}
	if opts.MessageBurst <= 0 {
		opts.MessageBurst = 40
	}
	if opts.ResyncInterval <= 0 {
		opts.ResyncInterval = 2 * time.Second
	}
	if opts.ClockInterval <= 0 {
		opts.ClockInterval = time.Second
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Metrics == nil {
		opts.Metrics = noMetrics{}
	}
	ctx, cancel := context.WithCancel(context.Background())
	h := &Hub{
		src:         src,
		opts:        opts,
		log:         opts.Logger,
		idleTimeout: defaultIdleTimeout,
		ctx:         ctx,
		cancel:      cancel,
		done:        make(chan struct{}),
		events:      map[string]*event{},
		perAddr:     map[string]int{},
		perEvent:    map[string]int{},
	}
	for _, o := range opts.AllowedOrigins {
		if o = strings.TrimSuffix(strings.TrimSpace(o), "/"); o != "" {
			h.allowed = append(h.allowed, o)
		}
	}
	h.upgrader = websocket.Upgrader{
		ReadBufferSize:  256, // clients send only resync and clock requests, far below it
		WriteBufferSize: 4096,
		WriteBufferPool: &sync.Pool{},
		CheckOrigin:     h.checkOrigin,
	}
	return h
}

// checkOrigin allows an empty Origin (non-browser clients), the same host as
// the request, and the configured extra origins (given as "scheme://host[:port]"
// or as a bare "host[:port]").
func (h *Hub) checkOrigin(r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	if err != nil {
		return false
	}
	if u.Host != "" && strings.EqualFold(u.Host, r.Host) {
		return true
	}
	for _, a := range h.allowed {
		if strings.EqualFold(a, origin) || (u.Host != "" && strings.EqualFold(a, u.Host)) {
			return true
		}
	}
	return false
}

// Publish tells the hub that a committed write changed ch in the event. It
// never blocks on clients: the change is merged into the event's pending
// change and built later by the event's goroutine. An event nobody watches is
// ignored (its next client gets a snapshot read after this write).
func (h *Hub) Publish(eventID string, ch openspace.Change) {
	if ch.Empty() {
		return
	}
	for {
		h.mu.Lock()
		if h.closed {
			h.mu.Unlock()
			return
		}
		e := h.events[eventID]
		h.mu.Unlock()
		if e == nil || e.publish(ch) {
			return
		}
		// e stopped between the lookup and publish: look again.
	}
}

// DropOrganizers closes the organizer connections of the event (close code
// 1008), after its organizer key changed: holders of the old key lose the
// draft at once; holders of the new one reconnect.
func (h *Hub) DropOrganizers(eventID string) {
	h.drop(eventID, opDropOrganizers)
}

// CloseGone is the close code of every connection of a deleted event: the
// page stops instead of reconnecting to an event that no longer exists.
const CloseGone = 4404

// DropEvent closes every connection of the event with CloseGone: it was
// deleted.
func (h *Hub) DropEvent(eventID string) {
	h.drop(eventID, opDropAll)
}

func (h *Hub) drop(eventID string, kind opKind) {
	for {
		h.mu.Lock()
		if h.closed {
			h.mu.Unlock()
			return
		}
		e := h.events[eventID]
		h.mu.Unlock()
		if e == nil || e.dropClients(kind) {
			return
		}
	}
}

// addressKey is what the per-address cap counts by: the client's address
// (a bare IP, or host:port) as the server sees it, an IPv6 address reduced
// to its /64, which one machine usually holds whole.
func addressKey(remoteAddr string) string {
	host, _, err := net.SplitHostPort(remoteAddr)
	if err != nil {
		host = remoteAddr
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return host
	}
	ip = ip.Unmap()
	if ip.Is6() {
		if p, err := ip.Prefix(64); err == nil {
			return p.String()
		}
	}
	return ip.String()
}

// reserve counts one connection of addr to eventID against the caps, or
// says which one is full.
func (h *Hub) reserve(addr, eventID string) (ok bool, why string) {
	h.capMu.Lock()
	defer h.capMu.Unlock()
	switch {
	case h.conns.Load() >= int64(h.opts.MaxClients):
		return false, "Too many connections."
	case h.perAddr[addr] >= h.opts.MaxPerAddress:
		return false, "Too many connections from this address."
	case h.perEvent[eventID] >= h.opts.MaxPerEvent:
		return false, "Too many connections to this event."
	}
	h.conns.Add(1)
	h.perAddr[addr]++
	h.perEvent[eventID]++
	return true, ""
}

// release gives back what reserve counted.
func (h *Hub) release(addr, eventID string) {
	h.capMu.Lock()
	defer h.capMu.Unlock()
	h.conns.Add(-1)
	if h.perAddr[addr]--; h.perAddr[addr] <= 0 {
		delete(h.perAddr, addr)
	}
	if h.perEvent[eventID]--; h.perEvent[eventID] <= 0 {
		delete(h.perEvent, eventID)
	}
}

// ServeWS upgrades the request to a WebSocket of the event. It reads
// ?since=N&epoch=E from r.URL to resume. It answers 503 with Retry-After
// without upgrading when the hub is closed or full, or when the remote
// address (the caller's as the server sees it: the connection's, or the
// client's through a trusted proxy) or the event holds its maximum of
// connections; 403 when the Origin is not allowed.
func (h *Hub) ServeWS(w http.ResponseWriter, r *http.Request, eventID string, organizer bool, remote string) {
	h.mu.Lock()
	closed := h.closed
	h.mu.Unlock()
	if closed {
		unavailable(w, "The server is shutting down.")
		return
	}
	addr := addressKey(remote)
	if ok, why := h.reserve(addr, eventID); !ok {
		h.log.Debug("realtime: connection refused", "event", eventID, "addr", addr, "why", why)
		unavailable(w, why)
		return
	}
	conn, err := h.upgrader.Upgrade(w, r, nil) // answers the error itself (403 for Origin)
	if err != nil {
		h.release(addr, eventID)
		h.log.Debug("realtime: upgrade failed", "event", eventID, "err", err)
		return
	}

	q := r.URL.Query()
	since, err := strconv.ParseInt(q.Get("since"), 10, 64)
	hasSince := err == nil && since >= 0
	j := join{since: since, hasSince: hasSince, epoch: q.Get("epoch")}

	c := &client{
		h:          h,
		conn:       conn,
		organizer:  organizer,
		addr:       addr,
		send:       make(chan outgoing, h.opts.SendBuffer),
		readerDone: make(chan struct{}),
		room:       newRoom(conn.NetConn()),
	}
	for {
		h.mu.Lock()
		if h.closed {
			h.mu.Unlock()
			c.abort(websocket.CloseGoingAway, "server shutting down")
			h.release(addr, eventID)
			return
		}
		e := h.events[eventID]
		if e == nil {
			e = newEvent(h, eventID)
			h.events[eventID] = e
			h.wg.Add(1)
			go e.run()
		}
		h.mu.Unlock()
		if e.join(c, j) {
			break
		}
		// e stopped for idleness between the lookup and join: look again.
	}
	go c.writePump()
	go c.readPump()
}

func unavailable(w http.ResponseWriter, msg string) {
	w.Header().Set("Retry-After", "5")
	http.Error(w, msg, http.StatusServiceUnavailable)
}

// Close sends every connection a close frame 1001 (going away), closes them,
// stops every goroutine of the hub and waits for them. ServeWS after Close
// answers 503; Publish after Close does nothing.
func (h *Hub) Close() {
	h.mu.Lock()
	if !h.closed {
		h.closed = true
		close(h.done)
		h.cancel()
	}
	h.mu.Unlock()
	h.wg.Wait()
}

// Clients returns the number of connected clients of the event.
func (h *Hub) Clients(eventID string) int {
	h.mu.Lock()
	e := h.events[eventID]
	h.mu.Unlock()
	if e == nil {
		return 0
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.nclients
}
