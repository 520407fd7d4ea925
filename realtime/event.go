package realtime

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"runtime"
	"sync"
	"time"

	"github.com/gorilla/websocket"

	"openspace/openspace"
)

// event is the hub's state of one event. Its goroutine (run) owns the
// client set, the version, the history and the snapshot cache, and makes
// every Source call of the event, one after the other.
type event struct {
	h     *Hub
	id    string
	epoch string
	wake  chan struct{} // capacity 1: "look at the inbox and the pending change"

	mu         sync.Mutex // guards the fields down to nclients; lock order: Hub.mu, then event.mu
	stopped    bool       // the goroutine has ended or is ending; nothing may be queued any more
	pending    openspace.Change
	hasPending bool
	inbox      []op
	nclients   int // connections joined and not yet left (for Clients and the idle check)

	// Owned by run.
	spare    []op
	clients  map[*client]struct{}
	version  int64 // version of the last patch built (or of the first snapshot)
	base     int64 // history holds the versions base+1 .. version
	history  []entry
	snap     [2]*websocket.PreparedMessage // cached snapshot per audience at version; nil when stale
	broken   bool                          // a patch was lost: the next build sends everyone a snapshot
	failures int                           // consecutive Source failures, for the back-off
	inflight *fanout                       // the last patch's way to the screens; nil: none
	bucket   patchBucket                   // immediate patches of an idle stream

	// The report: computed once per change for all consoles, at most once
	// per ReportInterval, and only while an organizer watches.
	organizers int       // organizer clients in the set
	reportDue  bool      // a change that may alter the report was sent without one
	lastReport time.Time // when the last report was computed
}

// entry is one patch of the history, per audience, with its sizes.
type entry struct {
	public, organizer         *websocket.PreparedMessage
	publicSize, organizerSize int
}

func (en entry) size(organizer bool) int {
	if organizer {
		return en.organizerSize
	}
	return en.publicSize
}

func (en entry) of(organizer bool) *websocket.PreparedMessage {
	if organizer {
		return en.organizer
	}
	return en.public
}

type opKind int

const (
	opJoin opKind = iota
	opLeave
	opResync
	opDropOrganizers
	opDropAll
	opClock
)

type op struct {
	kind opKind
	c    *client
	join join
	t    float64 // opClock: the client's time
}

// join is what a connecting client asks for.
type join struct {
	since    int64
	hasSince bool
	epoch    string
}

func newEvent(h *Hub, id string) *event {
	var b [12]byte
	rand.Read(b[:])
	return &event{
		h:       h,
		id:      id,
		epoch:   hex.EncodeToString(b[:]),
		wake:    make(chan struct{}, 1),
		clients: map[*client]struct{}{},
		version: 1,
		base:    1,
		history: make([]entry, h.opts.History),
	}
}

func (e *event) notify() {
	select {
	case e.wake <- struct{}{}:
	default:
	}
}

// publish merges ch into the pending change. It reports false when the
// event has stopped.
func (e *event) publish(ch openspace.Change) bool {
	e.mu.Lock()
	if e.stopped {
		e.mu.Unlock()
		return false
	}
	e.pending.Merge(ch)
	if len(e.pending.Topics)+len(e.pending.Removed) > 1024 {
		e.pending = dedupe(e.pending) // bound memory under a flood of changes
	}
	e.hasPending = true
	e.mu.Unlock()
	e.notify()
	return true
}

// join queues c for the event goroutine and counts its two pumps in the hub's
// wait group. It reports false when the event has stopped.
func (e *event) join(c *client, j join) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.stopped {
		return false
	}
	// The event goroutine is running (not stopped), so the wait group is
	// not zero: adding is allowed even while Close waits.
	e.h.wg.Add(2)
	e.nclients++
	c.ev = e
	e.inbox = append(e.inbox, op{kind: opJoin, c: c, join: j})
	e.notify()
	return true
}

// leave is called once by c's reader when the connection is over.
func (e *event) leave(c *client) {
	e.mu.Lock()
	e.nclients--
	if !e.stopped {
		e.inbox = append(e.inbox, op{kind: opLeave, c: c})
	}
	e.mu.Unlock()
	e.notify()
}

// dropOrganizers queues the closing of every organizer connection.
// dropClients queues the closing of the organizers' connections
// (opDropOrganizers) or of all of them (opDropAll); false when the event
// goroutine has stopped.
func (e *event) dropClients(kind opKind) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.stopped {
		return false
	}
	e.inbox = append(e.inbox, op{kind: kind})
	e.notify()
	return true
}

// resync queues a snapshot request of c.
func (e *event) resync(c *client) {
	e.mu.Lock()
	if !e.stopped {
		e.inbox = append(e.inbox, op{kind: opResync, c: c})
	}
	e.mu.Unlock()
	e.notify()
}

// clock queues c's request for the server's time.
func (e *event) clock(c *client, t float64) {
	e.mu.Lock()
	if !e.stopped {
		e.inbox = append(e.inbox, op{kind: opClock, c: c, t: t})
	}
	e.mu.Unlock()
	e.notify()
}

func (e *event) run() {
	defer e.h.wg.Done()
	opts := e.h.opts

	flush := time.NewTimer(time.Hour)
	flush.Stop()
	flushArmed := false
	idle := time.NewTimer(e.h.idleTimeout)
	idleArmed := true
	defer flush.Stop()
	defer idle.Stop()
	var next time.Time    // no build before this time (coalescing window, back-off)
	var flushAt time.Time // when the armed flush timer fires

	for {
		var flushC, idleC <-chan time.Time
		if flushArmed {
			flushC = flush.C
		}
		if idleArmed {
			idleC = idle.C
		}
		select {
		case <-e.h.done:
			e.shutdown()
			return
		case <-e.wake:
		case <-flushC:
			flushArmed = false
		case <-idleC:
			idleArmed = false
			if e.tryStop() {
				return
			}
		}

		e.handleInbox()

		if at, ok := e.dueAt(next); ok {
			if now := time.Now(); !now.Before(at) {
				if flushArmed {
					flush.Stop()
					flushArmed = false
				}
				e.bucket.take(now)
				if e.build() {
					next = now.Add(opts.FlushInterval)
				} else {
					next = time.Now().Add(e.retryDelay())
				}
			}
			// Changes published during the build go out once its fan-out
			// is over (a writer wakes the goroutine), at the latest at
			// the end of the window; a report held back waits for its
			// interval.
			if at, ok := e.dueAt(next); ok && (!flushArmed || at.Before(flushAt)) {
				flush.Reset(time.Until(at))
				flushArmed, flushAt = true, at
			}
		}

		if _, due := e.dueAt(next); len(e.clients) == 0 && !due {
			if !idleArmed {
				idle.Reset(e.h.idleTimeout)
				idleArmed = true
			}
		} else if idleArmed {
			idle.Stop()
			idleArmed = false
		}
	}
}

// dueAt reports whether a build is wanted and from when. For a pending
// change or a lost patch: at once (within the patch bucket) when the last
// patch's fan-out is over, else at next (the end of the window or of a
// back-off); for a report held back, once ReportInterval has passed since
// the last one, while an organizer watches.
func (e *event) dueAt(next time.Time) (time.Time, bool) {
	e.mu.Lock()
	pending := e.hasPending
	e.mu.Unlock()
	if e.broken || pending {
		if e.failures == 0 && e.inflight.idle() {
			now := time.Now()
			return earlier(next, now.Add(e.bucket.delay(now))), true
		}
		return next, true
	}
	if at, ok := e.reportAt(); ok {
		return later(at, next), true
	}
	return time.Time{}, false
}

// reportAt reports whether a report is owed to the consoles and from when
// it may be computed: ReportInterval after the last one.
func (e *event) reportAt() (time.Time, bool) {
	return e.lastReport.Add(e.h.opts.ReportInterval), e.reportDue && e.organizers > 0
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func (e *event) retryDelay() time.Duration {
	d := max(e.h.opts.FlushInterval, 100*time.Millisecond)
	for i := 1; i < e.failures && d < maxRetryDelay; i++ {
		d *= 2
	}
	return min(d, maxRetryDelay)
}

// tryStop ends the event when it has no client and nothing to do. Its
// history is forgotten; the next client gets a snapshot with a new epoch.
func (e *event) tryStop() bool {
	e.h.mu.Lock()
	defer e.h.mu.Unlock()
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.nclients > 0 || e.hasPending || len(e.inbox) > 0 || len(e.clients) > 0 {
		return false
	}
	e.stopped = true
	if e.h.events[e.id] == e {
		delete(e.h.events, e.id)
	}
	return true
}

// shutdown closes every client with 1001, the hub being closed.
func (e *event) shutdown() {
	e.h.mu.Lock()
	e.mu.Lock()
	e.stopped = true
	if e.h.events[e.id] == e {
		delete(e.h.events, e.id)
	}
	ops := e.inbox
	e.inbox = nil
	e.mu.Unlock()
	e.h.mu.Unlock()

	const text = "server shutting down"
	for _, o := range ops {
		if o.kind == opJoin { // never made it into the set
			o.c.closeCode, o.c.closeText = websocket.CloseGoingAway, text
			close(o.c.send)
		}
	}
	for c := range e.clients {
		e.drop(c, websocket.CloseGoingAway, text)
	}
}

func (e *event) handleInbox() {
	e.mu.Lock()
	ops := e.inbox
	e.inbox = e.spare[:0]
	e.mu.Unlock()
	for i, o := range ops {
		switch o.kind {
		case opJoin:
			e.handleJoin(o.c, o.join)
		case opLeave:
			if _, ok := e.clients[o.c]; ok {
				e.drop(o.c, websocket.CloseNormalClosure, "")
			}
		case opDropOrganizers:
			for c := range e.clients {
				if c.organizer {
					e.drop(c, websocket.ClosePolicyViolation, "organizer key changed")
				}
			}
		case opDropAll:
			for c := range e.clients {
				e.drop(c, CloseGone, "event deleted")
			}
		case opClock:
			o.c.clockQueued.Store(false)
			if _, ok := e.clients[o.c]; ok {
				e.sendClock(o.c, o.t)
			}
		case opResync:
			o.c.resyncQueued.Store(false)
			if _, ok := e.clients[o.c]; ok {
				e.h.opts.Metrics.Resynced()
				e.sendSnapshot(o.c)
			}
		}
		ops[i] = op{}
	}
	e.spare = ops[:0]
}

// sendClock answers a clock request with the server's time, taken as late
// as the event goroutine can.
func (e *event) sendClock(c *client, t float64) {
	data, err := json.Marshal(ClockMessage{Type: TypeClock, T: t, Now: time.Now().UnixMilli()})
	if err != nil {
		return
	}
	m, err := websocket.NewPreparedMessage(websocket.TextMessage, data)
	if err != nil {
		return
	}
	e.send(c, outgoing{m: m})
}

// handleJoin sends a new client the patches it missed, or a snapshot, and
// adds it to the set.
func (e *event) handleJoin(c *client, j join) {
	if j.hasSince && j.epoch == e.epoch && j.since >= e.base && j.since <= e.version &&
		e.version-j.since <= int64(cap(c.send)) {
		e.add(c)
		for v := j.since + 1; v <= e.version; v++ {
			if !e.send(c, outgoing{m: e.history[v%int64(len(e.history))].of(c.organizer)}) {
				return
			}
		}
		return
	}
	m, err := e.snapshot(c.organizer)
	if err != nil {
		e.logErr("snapshot", err)
		c.closeCode, c.closeText = websocket.CloseInternalServerErr, "cannot read the state"
		close(c.send)
		return
	}
	e.add(c)
	e.send(c, outgoing{m: m})
}

// add puts c in the set. An organizer who resumes past patches sent
// without the report (none watched, or one was held back) gets it with the
// next build, since reportDue is still set.
func (e *event) add(c *client) {
	e.clients[c] = struct{}{}
	e.h.opts.Metrics.Connected(e.id, 1)
	if c.organizer {
		e.organizers++
	}
}

func (e *event) sendSnapshot(c *client) {
	m, err := e.snapshot(c.organizer)
	if err != nil {
		e.logErr("snapshot", err)
		e.drop(c, websocket.CloseInternalServerErr, "cannot read the state")
		return
	}
	e.send(c, outgoing{m: m})
}

// send queues o for c, or drops c when its queue is full. It never waits.
func (e *event) send(c *client, o outgoing) bool {
	c.pending.Add(1)
	select {
	case c.send <- o:
		return true
	default:
		c.pending.Add(-1)
		e.h.log.Debug("realtime: dropping slow client", "event", e.id)
		e.drop(c, websocket.CloseTryAgainLater, "too slow")
		return false
	}
}

// drop removes c from the set and lets its writer close the connection.
func (e *event) drop(c *client, code int, text string) {
	if _, ok := e.clients[c]; ok {
		if c.organizer {
			e.organizers--
		}
		e.h.opts.Metrics.Connected(e.id, -1)
		if reason := dropReason(code); reason != "" {
			e.h.opts.Metrics.Dropped(reason)
		}
	}
	delete(e.clients, c)
	c.closeCode, c.closeText = code, text
	close(c.send)
}

// dropReason names, for the metrics, why the hub closed a connection; ""
// when the client left by itself.
func dropReason(code int) string {
	switch code {
	case websocket.CloseTryAgainLater:
		return "slow"
	case CloseGone:
		return "gone"
	case websocket.ClosePolicyViolation:
		return "organizer-key"
	case websocket.CloseInternalServerErr:
		return "state"
	case websocket.CloseGoingAway:
		return "shutdown"
	}
	return ""
}

func audience(organizer bool) int {
	if organizer {
		return 1
	}
	return 0
}

// snapshot returns the snapshot of the audience at the current version,
// reading it at most once per version.
func (e *event) snapshot(organizer bool) (*websocket.PreparedMessage, error) {
	a := audience(organizer)
	if m := e.snap[a]; m != nil {
		return m, nil
	}
	m, err := e.readSnapshot(organizer, e.version)
	if err != nil {
		return nil, err
	}
	e.snap[a] = m
	return m, nil
}

func (e *event) readSnapshot(organizer bool, version int64) (*websocket.PreparedMessage, error) {
	ctx, cancel := context.WithTimeout(e.h.ctx, buildTimeout)
	defer cancel()
	st, err := e.h.src.State(ctx, e.id, organizer)
	if err != nil {
		return nil, err
	}
	if !organizer {
		st = st.Public()
	}
	return encode(Message{Type: TypeSnapshot, Epoch: e.epoch, Version: version, State: &st})
}

// build turns the pending change into the next patch and sends it, or, after
// a lost patch, sends everyone a snapshot. It reports false on error.
func (e *event) build() bool {
	e.mu.Lock()
	ch := e.pending
	e.pending = openspace.Change{}
	e.hasPending = false
	e.mu.Unlock()

	if ch.AffectsReport() {
		e.reportDue = true
	}
	if e.broken {
		return e.recover()
	}
	now := time.Now()
	at, owed := e.reportAt()
	withReport := owed && !now.Before(at)
	if ch.Empty() && !withReport {
		return true
	}
	ctx, cancel := context.WithTimeout(e.h.ctx, buildTimeout)
	p, err := e.h.src.Patch(ctx, e.id, dedupe(ch), true)
	if err == nil && withReport {
		p.Report, err = e.h.src.Report(ctx, e.id)
		e.lastReport, e.reportDue = now, err != nil
	}
	cancel()
	var org, pub *websocket.PreparedMessage
	var orgSize, pubSize int
	v := e.version + 1
	if err == nil {
		org, orgSize, err = encodeSized(Message{Type: TypePatch, Epoch: e.epoch, Version: v, Patch: &p})
	}
	if err == nil {
		pub, pubSize = org, orgSize
		if p.OrganizerOnly() {
			pp := p.Public()
			pub, pubSize, err = encodeSized(Message{Type: TypePatch, Epoch: e.epoch, Version: v, Patch: &pp})
		}
	}
	if err != nil {
		// The change is lost: every client will get a snapshot instead.
		e.logErr("patch", err)
		e.broken = true
		e.failures++
		e.snap = [2]*websocket.PreparedMessage{}
		return false
	}
	e.failures = 0
	e.version = v
	en := entry{public: pub, organizer: org, publicSize: pubSize, organizerSize: orgSize}
	e.history[v%int64(len(e.history))] = en
	if e.version-e.base > int64(len(e.history)) {
		e.base = e.version - int64(len(e.history))
	}
	e.snap = [2]*websocket.PreparedMessage{}
	f := newFanout(e, len(e.clients))
	e.inflight = f
	e.fanOut(en, f)
	e.h.opts.Metrics.Patched()
	return true
}

// fanOut gives the patch to every screen. A screen whose writer is idle
// and whose socket has room gets it written at once by this goroutine
// (deliver); the others get it queued for their writer. The goroutine
// yields the CPU every YieldEvery screens, so request handlers never wait
// for a whole fan-out, and at most that many writers are woken at once.
func (e *event) fanOut(en entry, f *fanout) {
	size := e.h.opts.YieldEvery
	n := 0
	for c := range e.clients {
		e.deliver(c, outgoing{m: en.of(c.organizer), f: f}, en.size(c.organizer))
		if n++; n%size == 0 {
			runtime.Gosched()
		}
	}
}

// deliver writes o to c at once when c's writer has nothing queued and
// its socket takes the message without waiting: it saves waking the
// writer goroutine, most of the cost of a frame besides the write itself.
// Otherwise o is queued for the writer.
func (e *event) deliver(c *client, o outgoing, size int) {
	if pending := c.pending.Load(); pending != 0 || !c.room.fits(size) {
		if pending != 0 || c.room.known() {
			// Its writer is behind already, or its socket is full: a
			// phone not reading, which the stream's pace does not wait
			// for.
			o.wrote()
			o.f = nil
		}
		if !e.send(c, o) {
			o.wrote() // dropped: it will never write it
		}
		return
	}
	// The writer is idle (pending is zero), so this goroutine is the
	// connection's only writer until it queues the next message. The room
	// is an estimate: a write that still has to wait is cut short, and the
	// phone dropped as too slow (it resumes on reconnect), rather than
	// holding up every screen of the event.
	c.conn.SetWriteDeadline(time.Now().Add(directWriteWait))
	err := c.conn.WritePreparedMessage(o.m)
	o.wrote()
	if err != nil {
		code, text := websocket.CloseNormalClosure, "" // the connection is gone; its writer closes it
		if errors.Is(err, os.ErrDeadlineExceeded) {
			code, text = websocket.CloseTryAgainLater, "too slow"
		}
		e.drop(c, code, text)
		return
	}
	e.h.opts.Metrics.Sent(1)
}

// recover sends every client a snapshot at a new version, with an empty
// history, so that a lost patch is replaced and no client resumes past it.
func (e *event) recover() bool {
	v := e.version + 1
	var has [2]bool
	for c := range e.clients {
		has[audience(c.organizer)] = true
	}
	var snaps [2]*websocket.PreparedMessage
	for a, organizer := range []bool{false, true} {
		if !has[a] {
			continue
		}
		m, err := e.readSnapshot(organizer, v)
		if err != nil {
			e.logErr("snapshot", err)
			e.failures++
			return false
		}
		snaps[a] = m
	}
	e.version, e.base = v, v
	clear(e.history)
	e.snap = snaps
	e.broken = false
	e.failures = 0
	if has[audience(true)] { // every console gets a snapshot, with a fresh report
		e.reportDue, e.lastReport = false, time.Now()
	}
	for c := range e.clients {
		e.send(c, outgoing{m: snaps[audience(c.organizer)]})
	}
	return true
}

func (e *event) logErr(what string, err error) {
	if errors.Is(err, context.Canceled) && e.h.ctx.Err() != nil {
		return // the hub is closing
	}
	e.h.log.Error("realtime: cannot build "+what, "event", e.id, "err", err)
}

func encode(m Message) (*websocket.PreparedMessage, error) {
	pm, _, err := encodeSized(m)
	return pm, err
}

// encodeSized encodes m and says how many bytes its payload holds.
func encodeSized(m Message) (*websocket.PreparedMessage, int, error) {
	b, err := json.Marshal(m)
	if err != nil {
		return nil, 0, err
	}
	pm, err := websocket.NewPreparedMessage(websocket.TextMessage, b)
	return pm, len(b), err
}

// dedupe removes repeated topic IDs, keeping the first occurrence.
func dedupe(ch openspace.Change) openspace.Change {
	ch.Topics = uniq(ch.Topics)
	ch.Removed = uniq(ch.Removed)
	return ch
}

func uniq(ids []string) []string {
	if len(ids) < 2 {
		return ids
	}
	seen := make(map[string]struct{}, len(ids))
	out := ids[:0]
	for _, id := range ids {
		if _, ok := seen[id]; !ok {
			seen[id] = struct{}{}
			out = append(out, id)
		}
	}
	return out
}
