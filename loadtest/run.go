package loadtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"
)

// evState is an event during the run: its screens, voters and what the
// driver has sent on each topic.
type evState struct {
	*event
	plan      plan
	clients   []*screen
	first     *screen        // clients[0], set before any dial: readers compare with it while a storm grows clients
	lastWrite []atomic.Int64 // per topic: the write (number + 1) last sent on it
	acked     []atomic.Int32 // per topic: votes minus unvotes acknowledged
}

// write is one vote or unvote, laid out before the phase starts.
type write struct {
	ev     *evState
	topic  int
	vote   bool // PUT; else DELETE
	voter  *screen
	expect int32         // the topic's votes once it is applied
	prev   chan struct{} // closed when the previous write on the topic is answered
	done   chan struct{}

	sentAt, ackAt atomic.Int64 // ns since the run's start; 0: not yet
	seen          atomic.Int64 // clients whose stream showed it
	failed        string
}

type runner struct {
	cfg   Config
	api   *api
	sp    *spread
	start time.Time
	runID string
	proc  *process // nil when the server was given with -url
	rep   *Report

	events []*evState
	writes []write

	writer *writerProc // sends the writes from a process of its own

	sampleMu   sync.Mutex
	sample     []byte // a patch frame of about the average size, for the bare broadcaster
	patchBytes atomic.Int64
	patchCount atomic.Int64
	retried    atomic.Int64
	limited    atomic.Int64
}

func (r *runner) since() int64 { return int64(time.Since(r.start)) }

// keepSample keeps the patch frame closest in size to the average so far:
// the bare broadcaster sends that patch, so its clients decode what ours
// do.
func (r *runner) keepSample(frame []byte, size int) {
	avg := int(r.patchBytes.Load() / max(r.patchCount.Load(), 1))
	r.sampleMu.Lock()
	defer r.sampleMu.Unlock()
	if r.sample == nil || abs(size-avg) < abs(len(r.sample)-avg) {
		r.sample = frame
	}
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// sinceUnix turns the writer process's wall-clock time into the driver's
// time since the run's start.
func (r *runner) sinceUnix(ns int64) int64 {
	if ns == 0 {
		return 0
	}
	return max(ns-r.start.UnixNano(), 1)
}

// Run drives one scenario and returns its report. The error is for runs
// that could not be carried out; a run that ended with lost updates or
// clients out of step returns a report whose Check is not OK. The caller
// raises the limit on open files first (openspace loadtest does): every
// client holds a socket, some two.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	r := &runner{cfg: cfg, start: time.Now(), rep: &Report{Scenario: cfg.Scenario, Rate: cfg.Rate,
		ForMS: float64(cfg.For) / float64(time.Millisecond), MemPerConnKiB: -1, ServerCPUPerFrUS: -1}}
	var b [6]byte
	_, _ = rand.Read(b[:])
	r.runID = hex.EncodeToString(b[:])
	if cfg.Exe == "" {
		exe, err := os.Executable()
		if err != nil {
			return nil, err
		}
		r.cfg.Exe = exe
	}
	base := cfg.URL
	if base == "" {
		dir, err := os.MkdirTemp("", "openspace-loadtest-")
		if err != nil {
			return nil, err
		}
		p, err := startProcess(ctx, r.cfg.Exe, cfg.Env, dir, "-addr", "127.0.0.1:0", "-db", filepath.Join(dir, "openspace.db"))
		if err != nil {
			os.RemoveAll(dir)
			return nil, fmt.Errorf("start the server: %w", err)
		}
		r.proc, base = p, p.url
		r.rep.Started = true
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("-url %q is not an http:// or https:// address", base)
	}
	base = u.Scheme + "://" + u.Host
	r.rep.Target = base
	r.sp = newSpread(u, 64)
	r.rep.Addresses = r.sp.addresses()
	r.api = &api{base: base, sp: r.sp}

	if r.writer, err = startWriter(r.cfg.Exe, cfg.Env); err != nil {
		return nil, err
	}
	defer r.writer.stop()

	var runErr error
	switch cfg.Scenario {
	case Steady, ManyEvents:
		runErr = r.voting(ctx)
	case JoinStorm:
		runErr = r.joinStorm(ctx)
	case ReconnectStorm:
		runErr = r.reconnectStorm(ctx)
	}
	r.closeAll()
	r.sp.closeIdle()
	if r.proc != nil {
		if err := r.proc.stop(); err != nil && runErr == nil {
			r.rep.note("stopping the server: %v", err)
		}
	}
	if runErr != nil {
		return r.rep, runErr
	}
	if cfg.Bare {
		if err := r.bare(ctx); err != nil {
			return r.rep, fmt.Errorf("bare broadcaster: %w", err)
		}
	}
	return r.rep, nil
}

func (r *runner) closeAll() {
	var all []*screen
	for _, ev := range r.events {
		all = append(all, ev.clients...)
	}
	_ = parallel(len(all), 256, func(i int) error { all[i].closeConn(); return nil })
}

// setupEvents creates the events, each with the topics its share of the
// rate needs, and their screens (not yet joined nor connected).
func (r *runner) setupEvents(ctx context.Context, events, perEvent int, rate float64) error {
	many := events > 1
	p := planEvent(rate/float64(events), perEvent, many)
	r.rep.Events, r.rep.Topics, r.rep.Voters = events, p.topics, p.voters*events
	r.events = make([]*evState, events)
	err := parallel(events, 8, func(e int) error {
		ev, err := r.api.createEvent(ctx, r.sp.HTTP(e), fmt.Sprintf("Load test %s %d", r.runID, e+1), p.topics)
		if err != nil {
			return err
		}
		st := &evState{event: ev, plan: p, lastWrite: make([]atomic.Int64, p.topics), acked: make([]atomic.Int32, p.topics)}
		r.events[e] = st
		return nil
	})
	if err != nil {
		return err
	}
	for e, ev := range r.events {
		for j := range perEvent {
			ev.clients = append(ev.clients, newScreen(e*perEvent+j, ev))
		}
		if len(ev.clients) > 0 {
			ev.first = ev.clients[0]
		}
	}
	r.rep.Clients = events * perEvent
	if p.reuse < 2*time.Second {
		r.rep.note("each topic is written again every %s, under 2 s: a patch late by more than that would be counted for the next write", p.reuse)
	}
	return nil
}

// join makes the screen's person join its event, retrying when the server
// asks to wait, for at most patience. It returns the answer's latency and
// how many answers were refusals.
func (r *runner) join(ctx context.Context, s *screen, patience time.Duration) (time.Duration, int, error) {
	deadline := time.Now().Add(patience)
	refused := 0
	body := []byte(fmt.Sprintf(`{"name":"Load %d"}`, s.i+1))
	for {
		start := time.Now()
		ans, err := r.api.do(ctx, r.sp.HTTP(s.i), "POST", "/api/events/"+s.ev.id+"/join", body, nil)
		lat := time.Since(start)
		if err == nil && (ans.status == http.StatusCreated || ans.status == http.StatusOK) {
			var joined struct {
				Token string `json:"token"`
			}
			if err := jsonUnmarshal(ans.body, &joined); err != nil {
				return lat, refused, err
			}
			s.token = joined.Token
			return lat, refused, nil
		}
		refused++
		// Only a 429 is sent again: a join carries no Idempotency-Key, so
		// after a lost answer a second one would make a second person.
		if err != nil {
			return lat, refused, fmt.Errorf("join: %w", err)
		}
		if ans.status != http.StatusTooManyRequests {
			return lat, refused, fmt.Errorf("join: %d %s", ans.status, ans.body)
		}
		wait := ans.retry
		if time.Now().Add(wait).After(deadline) || ctx.Err() != nil {
			return lat, refused, fmt.Errorf("join: still %d after %s", ans.status, patience)
		}
		time.Sleep(wait)
	}
}

// connectAll joins every screen's person (when people) and opens its
// stream, measuring the server's memory per connection around the
// dials.
func (r *runner) connectAll(ctx context.Context, screens []*screen, people bool) error {
	if people {
		if err := parallel(len(screens), 64, func(i int) error {
			_, _, err := r.join(ctx, screens[i], 30*time.Second)
			return err
		}); err != nil {
			return err
		}
	}
	before := r.serverRSS(ctx)
	err := parallel(len(screens), 64, func(i int) error {
		s := screens[i]
		if err := r.dialRetry(ctx, s, 30*time.Second, nil); err != nil {
			return err
		}
		select {
		case <-s.ready:
			return nil
		case <-time.After(30 * time.Second):
			return errors.New("no snapshot 30 s after the stream opened")
		case <-ctx.Done():
			return ctx.Err()
		}
	})
	if err != nil {
		return err
	}
	r.quiet(ctx, 500*time.Millisecond, 30*time.Second)
	after := r.serverRSS(ctx)
	if before > 0 && after > 0 {
		r.rep.RSSBeforeMiB, r.rep.RSSAfterMiB = float64(before)/(1<<20), float64(after)/(1<<20)
		r.rep.MemPerConnKiB = float64(after-before) / float64(len(screens)) / 1024
	}
	return nil
}

func (r *runner) allScreens() []*screen {
	var all []*screen
	for _, ev := range r.events {
		all = append(all, ev.clients...)
	}
	return all
}

// frames is how many frames every screen has received so far, and when
// the last one came (ns since the start).
func (r *runner) frames() (n, last int64) {
	for _, ev := range r.events {
		for _, s := range ev.clients {
			n += s.frames.Load()
			last = max(last, s.lastChange.Load())
		}
	}
	return n, last
}

// quiet waits until no screen has received a frame for idle, at most max.
func (r *runner) quiet(ctx context.Context, idle, limit time.Duration) bool {
	deadline := time.Now().Add(limit)
	n, _ := r.frames()
	still := time.Now()
	for time.Now().Before(deadline) && ctx.Err() == nil {
		time.Sleep(50 * time.Millisecond)
		m, _ := r.frames()
		if m != n {
			n, still = m, time.Now()
		} else if time.Since(still) >= idle {
			return true
		}
	}
	return false
}

// serverRSS is the server's resident memory in bytes: from /proc for the
// process the driver started, else from /metrics if the server has it;
// 0 when unknown.
func (r *runner) serverRSS(ctx context.Context) int64 {
	if r.proc != nil {
		if v, err := processRSS(r.proc.pid()); err == nil {
			return v
		}
		return 0
	}
	if v, ok := r.api.metric(ctx, r.sp.HTTP(0), "process_resident_memory_bytes"); ok {
		return int64(v)
	}
	return 0
}

// serverCPU is the server's CPU time so far, or -1 when unknown.
func (r *runner) serverCPU(ctx context.Context) time.Duration {
	if r.proc != nil {
		if v, err := processCPU(r.proc.pid()); err == nil {
			return v
		}
		return -1
	}
	if v, ok := r.api.metric(ctx, r.sp.HTTP(0), "process_cpu_seconds_total"); ok {
		return time.Duration(v * float64(time.Second))
	}
	return -1
}

// window measures the server's and the driver's CPU and the frames
// delivered between its start and end.
type window struct {
	r              *runner
	at             time.Time
	frames         int64
	server, self   time.Duration
	writer         time.Duration // the writer process's CPU at the start
	wall           time.Duration
	dFrames        int64
	dServer, dSelf time.Duration
	serverKnown    bool
}

func (r *runner) openWindow(ctx context.Context) *window {
	w := &window{r: r, at: time.Now(), server: r.serverCPU(ctx), self: selfCPU()}
	w.writer, _ = r.writer.cpu()
	w.frames, _ = r.frames()
	return w
}

// close ends the window at the last frame received.
func (w *window) close(ctx context.Context) {
	n, last := w.r.frames()
	w.dFrames = n - w.frames
	end := w.r.start.Add(time.Duration(last))
	if end.Before(w.at) {
		end = time.Now()
	}
	w.wall = end.Sub(w.at)
	w.dSelf = selfCPU() - w.self
	if c, err := w.r.writer.cpu(); err == nil {
		w.dSelf += c - w.writer // the writer process is the driver too
	}
	if s := w.r.serverCPU(ctx); s >= 0 && w.server >= 0 {
		w.dServer, w.serverKnown = s-w.server, true
	}
	rep := w.r.rep
	rep.Frames = w.dFrames
	if w.wall > 0 {
		rep.DeliveriesPS = float64(w.dFrames) / w.wall.Seconds()
		rep.ToolCores = w.dSelf.Seconds() / w.wall.Seconds()
	}
	rep.ToolCPUSeconds = w.dSelf.Seconds()
	if w.dFrames > 0 {
		rep.ToolCPUPerFrUS = float64(w.dSelf.Microseconds()) / float64(w.dFrames)
		if w.serverKnown {
			rep.ServerCPUSeconds = w.dServer.Seconds()
			rep.ServerCPUPerFrUS = float64(w.dServer.Microseconds()) / float64(w.dFrames)
		}
	}
	if w.r.proc == nil && w.r.cfg.URL != "" {
		rep.note("with -url the server's memory and CPU come from its /metrics, when it has them")
	}
}

// check compares every screen with a fresh snapshot of its event, and the
// stored counts with the acknowledged writes, then counts drops and
// resyncs.
func (r *runner) check(ctx context.Context, wantAttendance func(ev *evState) int) error {
	c := &r.rep.Check
	add := func(format string, a ...any) {
		if len(c.Details) < 10 {
			c.Details = append(c.Details, fmt.Sprintf(format, a...))
		}
	}
	for e, ev := range r.events {
		fresh, err := r.freshView(ctx, ev)
		if err != nil {
			return err
		}
		for _, s := range ev.clients {
			s.mu.Lock()
			d := s.view.diff(fresh)
			c.Lost += s.view.gaps
			c.Duplicated += s.view.stale
			if s.view.snapshots > s.dials {
				r.rep.Resynced++
			}
			r.rep.Dropped += s.dropped
			s.mu.Unlock()
			if d != "" {
				c.Inconsistent++
				add("event %d, client %d: %s", e+1, s.i+1, d)
			}
		}
		stored, count, err := r.api.storedVotes(ctx, r.sp.HTTP(e), ev.event)
		if err != nil {
			return err
		}
		for ti, id := range ev.topics.ids {
			want, got := ev.acked[ti].Load(), stored[id]
			switch {
			case got < want:
				c.Lost += int(want - got)
				add("event %d, topic %s: %d votes stored, the acknowledgements say %d", e+1, id, got, want)
			case got > want:
				c.Duplicated += int(got - want)
				add("event %d, topic %s: %d votes stored, the acknowledgements say %d", e+1, id, got, want)
			}
		}
		if wantAttendance != nil {
			if want := wantAttendance(ev); count != want {
				add("event %d: attendance %d stored, %d people joined", e+1, count, want)
				if count < want {
					c.Lost += want - count
				} else {
					c.Duplicated += count - want
				}
			}
		}
	}
	c.OK = c.Inconsistent == 0 && c.Lost == 0 && c.Duplicated == 0 && r.rep.Failed == 0 && r.rep.NotSeen == 0
	if r.rep.Failed > 0 {
		add("%d writes were given up on", r.rep.Failed)
	}
	if r.rep.NotSeen > 0 {
		add("%d (write, client) pairs never arrived", r.rep.NotSeen)
	}
	return nil
}

func jsonUnmarshal(data []byte, v any) error { return json.Unmarshal(data, v) }
