package loadtest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

// screen is one client's stream: a phone of someone who joined (token
// set) or a screen that only watches. One goroutine reads it.
type screen struct {
	i     int // global number: picks the source address
	ev    *evState
	token string

	mu      sync.Mutex
	ws      *websocket.Conn
	view    *view
	seen    []int64  // per topic: the write (number + 1) last attributed here
	arrive  []uint32 // per write: when its patch came, µs since the run's start + 1; 0: not seen
	pairs   int64    // (write, this client) pairs seen
	dropped int      // closed by the server, not by the driver
	dials   int      // connections opened
	resumed bool     // the last dial's first message was a patch, not a snapshot
	first   string   // type of the first message after the last dial

	ready      chan struct{} // closed at the first snapshot
	readyOnce  sync.Once
	done       chan struct{} // closed when the current reader stops
	cut        atomic.Bool   // the driver closed the connection itself
	frames     atomic.Int64
	lastChange atomic.Int64 // ns since the run's start, when the view last changed
}

func newScreen(i int, ev *evState) *screen {
	s := &screen{i: i, ev: ev, view: newView(ev.topics), seen: make([]int64, len(ev.topics.ids)), ready: make(chan struct{})}
	return s
}

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// streamURL is the event's stream, resuming from the view when asked.
func (r *runner) streamURL(ev *evState, v *view, resume bool) string {
	u := "ws" + r.api.base[len("http"):] + "/api/events/" + ev.id + "/ws"
	if resume && v.started {
		u += "?" + url.Values{"since": {strconv.FormatInt(v.version, 10)}, "epoch": {v.epoch}}.Encode()
	}
	return u
}

// errRefused is a dial the server answered, but not with an upgrade.
var errRefused = errors.New("refused")

// dial opens the screen's stream once and starts its reader. A refused
// upgrade (503 when the server is full) returns errRefused with the wait
// the server asked for.
func (r *runner) dial(ctx context.Context, s *screen, resume bool) (time.Duration, error) {
	s.mu.Lock()
	u := r.streamURL(s.ev, s.view, resume)
	s.mu.Unlock()
	h := http.Header{}
	if s.token != "" {
		h.Set("Authorization", "Bearer "+s.token)
	}
	ws, resp, err := r.sp.WS(s.i).DialContext(ctx, u, h)
	if err != nil {
		wait := time.Second
		if resp != nil {
			if v, e := strconv.Atoi(resp.Header.Get("Retry-After")); e == nil && v > 0 {
				wait = time.Duration(v) * time.Second
			}
			return wait, fmt.Errorf("%w: %s", errRefused, resp.Status)
		}
		return wait, err
	}
	s.mu.Lock()
	s.ws, s.first = ws, ""
	s.dials++
	s.done = make(chan struct{})
	done := s.done
	s.mu.Unlock()
	s.cut.Store(false)
	go r.read(s, ws, done)
	return 0, nil
}

// dialRetry dials until it succeeds, waiting as the server asks between
// refusals, for at most patience; refused counts the refusals.
func (r *runner) dialRetry(ctx context.Context, s *screen, patience time.Duration, refused *atomic.Int64) error {
	deadline := time.Now().Add(patience)
	for {
		wait, err := r.dial(ctx, s, false)
		if err == nil {
			return nil
		}
		if refused != nil {
			refused.Add(1)
		}
		if time.Now().Add(wait).After(deadline) || ctx.Err() != nil {
			return fmt.Errorf("open the stream: %w", err)
		}
		time.Sleep(wait)
	}
}

// read applies every message to the screen's view and attributes the
// patches naming a topic to the write in flight on it.
func (r *runner) read(s *screen, ws *websocket.Conn, done chan struct{}) {
	defer close(done)
	var m wireMessage
	ev := s.ev
	for {
		_, rd, err := ws.NextReader()
		if err != nil {
			if !s.cut.Load() {
				s.mu.Lock()
				s.dropped++
				s.mu.Unlock()
			}
			ws.Close()
			return
		}
		buf := bufPool.Get().(*bytes.Buffer)
		buf.Reset()
		_, err = buf.ReadFrom(rd)
		now := r.since()
		if err != nil {
			bufPool.Put(buf)
			continue
		}
		s.frames.Add(1)
		size := buf.Len()
		err = decodeMessage(buf.Bytes(), &m)
		var raw []byte // the first screen's frames, for the bare broadcaster's sample
		if s == ev.first {
			raw = bytes.Clone(buf.Bytes())
		}
		bufPool.Put(buf)
		if err != nil {
			continue
		}
		s.mu.Lock()
		if s.first == "" {
			s.first = m.Type
			s.resumed = m.Type == "patch"
		}
		out := s.view.apply(&m)
		if out == applied && m.Type == "patch" && m.Patch != nil {
			named := false
			for _, t := range m.Patch.Topics {
				ti, ok := ev.topics.pos[t.ID]
				if !ok {
					continue
				}
				w := ev.lastWrite[ti].Load()
				if w == 0 || s.seen[ti] == w {
					continue
				}
				wr := &r.writes[w-1]
				if t.Votes != wr.expect {
					continue // an older write's patch, late
				}
				s.seen[ti] = w
				s.pairs++
				wr.seen.Add(1)
				if int(w) <= len(s.arrive) { // a screen opened after the writes were planned has none
					s.arrive[w-1] = uint32(now/int64(time.Microsecond)) + 1 // the latency is taken once every answer is in
				}
				named = true
			}
			if named && s == ev.first {
				r.patchBytes.Add(int64(size))
				r.patchCount.Add(1)
				r.keepSample(raw, size)
			}
		}
		s.mu.Unlock()
		if out != ignored {
			s.lastChange.Store(now)
		}
		if out == applied && m.Type == "snapshot" {
			s.readyOnce.Do(func() { close(s.ready) })
		}
		if out == needSync {
			// As the page does: ask for the whole state again.
			_ = ws.WriteMessage(websocket.TextMessage, []byte(`{"type":"resync"}`))
		}
	}
}

// closeConn says goodbye with a close frame and waits for the reader.
func (s *screen) closeConn() {
	s.mu.Lock()
	ws, done := s.ws, s.done
	s.mu.Unlock()
	if ws == nil {
		return
	}
	s.cut.Store(true)
	_ = ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, ""), time.Now().Add(time.Second))
	select {
	case <-done:
	case <-time.After(2 * time.Second):
		ws.UnderlyingConn().Close()
		<-done
	}
}

// freshView reads a new connection's snapshot: what a screen opened now
// shows.
func (r *runner) freshView(ctx context.Context, ev *evState) (*view, error) {
	ws, _, err := r.sp.WS(0).DialContext(ctx, r.streamURL(ev, nil, false), nil)
	if err != nil {
		return nil, fmt.Errorf("open a fresh stream: %w", err)
	}
	defer ws.Close()
	_ = ws.SetReadDeadline(time.Now().Add(30 * time.Second))
	v := newView(ev.topics)
	for {
		_, data, err := ws.ReadMessage()
		if err != nil {
			return nil, fmt.Errorf("read a fresh snapshot: %w", err)
		}
		var m wireMessage
		if decodeMessage(data, &m) == nil && v.apply(&m) == applied && m.Type == "snapshot" {
			return v, nil
		}
	}
}

// parallel runs fn(0…n-1), at most width at once; it returns the first
// error.
func parallel(n, width int, fn func(i int) error) error {
	sem := make(chan struct{}, width)
	var wg sync.WaitGroup
	var once sync.Once
	var first error
	for i := range n {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			if err := fn(i); err != nil {
				once.Do(func() { first = err })
			}
		}()
	}
	wg.Wait()
	return first
}
