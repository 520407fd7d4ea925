package loadtest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

// The bare broadcaster is the floor the app is compared with: gorilla's
// chat example reduced to one room, one hub goroutine owning the set of
// clients, one writer goroutine per connection behind a buffered channel.
// POST /publish?id=K&size=S answers first and then broadcasts one message
// carrying K as its version: the patch in the request's body (one the app
// sent in the same run, so the clients decode what they decoded there),
// or without a body S bytes of padding. The driver measures ack → arrival
// as it does for the app. It runs in a process of its own (openspace
// loadtest-bare): inside the driver's process it would share the runtime
// with every client goroutine and be no floor.

type bareHub struct {
	register   chan *bareConn
	unregister chan *bareConn
	broadcast  chan []byte
	count      atomic.Int64
}

type bareConn struct {
	ws   *websocket.Conn
	send chan []byte
}

func (h *bareHub) run(ctx context.Context) {
	clients := map[*bareConn]bool{}
	drop := func(c *bareConn) {
		if clients[c] {
			delete(clients, c)
			close(c.send)
			h.count.Add(-1)
		}
	}
	for {
		select {
		case <-ctx.Done():
			for c := range clients {
				drop(c)
			}
			return
		case c := <-h.register:
			clients[c] = true
			h.count.Add(1)
		case c := <-h.unregister:
			drop(c)
		case m := <-h.broadcast:
			for c := range clients {
				select {
				case c.send <- m:
				default: // too slow to keep up, as the chat example does
					drop(c)
				}
			}
		}
	}
}

func (c *bareConn) write() {
	defer c.ws.Close()
	for m := range c.send {
		_ = c.ws.SetWriteDeadline(time.Now().Add(10 * time.Second))
		if err := c.ws.WriteMessage(websocket.TextMessage, m); err != nil {
			return
		}
	}
	_ = c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseGoingAway, ""), time.Now().Add(time.Second))
}

func (h *bareHub) read(c *bareConn) {
	defer func() { h.unregister <- c }()
	c.ws.SetReadLimit(4096)
	for {
		if _, _, err := c.ws.NextReader(); err != nil {
			return
		}
	}
}

// bareMessage is a message of about size bytes carrying id as its version.
func bareMessage(id, size int) []byte {
	head := `{"type":"patch","version":` + strconv.Itoa(id) + `,"patch":{"pad":"`
	tail := `"}}`
	pad := max(0, size-len(head)-len(tail))
	return []byte(head + strings.Repeat("x", pad) + tail)
}

// barePatch is a patch message carrying id as its version and patch, a
// patch of the app's run, as its body.
func barePatch(id int, patch []byte) []byte {
	m := []byte(`{"type":"patch","epoch":"bare","version":` + strconv.Itoa(id) + `,"patch":`)
	m = append(m, patch...)
	return append(m, '}')
}

// ServeBare serves the bare broadcaster on addr until ctx is done. It logs
// "serving url=http://…" as the app does, for the driver to find it.
func ServeBare(ctx context.Context, addr string, logger *slog.Logger) error {
	h := &bareHub{register: make(chan *bareConn), unregister: make(chan *bareConn), broadcast: make(chan []byte, 256)}
	hubCtx, stopHub := context.WithCancel(context.Background())
	defer stopHub()
	go h.run(hubCtx)
	up := websocket.Upgrader{ReadBufferSize: 1024, WriteBufferSize: 4096, WriteBufferPool: &sync.Pool{},
		CheckOrigin: func(*http.Request) bool { return true }}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /ws", func(w http.ResponseWriter, r *http.Request) {
		ws, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		c := &bareConn{ws: ws, send: make(chan []byte, 256)}
		h.register <- c
		go c.write()
		go h.read(c)
	})
	mux.HandleFunc("POST /publish", func(w http.ResponseWriter, r *http.Request) {
		id, err1 := strconv.Atoi(r.URL.Query().Get("id"))
		size, err2 := strconv.Atoi(r.URL.Query().Get("size"))
		body, err3 := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		if err1 != nil || err2 != nil || err3 != nil || size < 0 || size > 1<<20 {
			http.Error(w, "id and size, please", http.StatusBadRequest)
			return
		}
		m := bareMessage(id, size)
		if len(body) > 0 {
			m = barePatch(id, body)
		}
		w.WriteHeader(http.StatusNoContent)
		if f, ok := w.(http.Flusher); ok {
			f.Flush()
		}
		h.broadcast <- m
	})
	mux.HandleFunc("GET /count", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, h.count.Load())
	})
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	logger.Info("serving", "url", "http://"+ln.Addr().String())
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	stopHub()
	shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = srv.Shutdown(shut)
	return nil
}

// bareClient is one connection to the bare broadcaster.
type bareClient struct {
	i       int
	ws      *websocket.Conn
	arrive  []uint32 // per message: when it came, µs since the run's start + 1; 0: not seen
	frames  atomic.Int64
	at      atomic.Int64 // when the last frame came, ns since the run's start
	closing atomic.Bool
	dropped atomic.Bool
	done    chan struct{}
}

// bare drives the bare broadcaster with as many clients, from the same
// source addresses, with as many messages as each client of the app's run
// received patches, at the same pace and the size of its average patch.
func (r *runner) bare(ctx context.Context) error {
	size := r.rep.AvgPatchBytes
	if size == 0 {
		size = 300
	}
	// The patch of the app's run closest to its average size, sent as is,
	// so that the bare clients decode what ours did.
	var sample string
	r.sampleMu.Lock()
	var frame struct {
		Patch json.RawMessage `json:"patch"`
	}
	if json.Unmarshal(r.sample, &frame) == nil && len(frame.Patch) > 0 {
		sample = string(frame.Patch)
		size = len(r.sample)
	}
	r.sampleMu.Unlock()
	p, err := startProcess(ctx, r.cfg.Exe, r.cfg.Env, "", "loadtest-bare", "-addr", "127.0.0.1:0")
	if err != nil {
		return err
	}
	defer p.stop()
	u, err := url.Parse(p.url)
	if err != nil {
		return err
	}
	sp := newSpread(u, 64)
	defer sp.closeIdle()
	n := r.rep.Clients
	br := &BareReport{Clients: n, MessageBytes: size, MemPerConnKiB: -1, ServerCPUPerFrUS: -1}
	r.rep.Bare = br
	// As many messages as each of the app's screens received patches, over
	// the same window: the app coalesces under load, so sending one
	// message per vote would measure a broadcaster doing more than ours.
	writes := max(r.rep.Writes, 1)
	if r.rep.Clients > 0 && r.rep.PatchesPerClient > 0 {
		writes = max(int(math.Round(r.rep.PatchesPerClient)), 1)
	}
	interval := time.Duration(float64(r.cfg.For) / float64(writes))
	acks := make([]atomic.Int64, writes)
	seen := make([]atomic.Int64, writes)

	rssBefore, _ := processRSS(p.pid())
	clients := make([]*bareClient, n)
	wsURL := "ws://" + u.Host + "/ws"
	err = parallel(n, 64, func(i int) error {
		ws, _, err := sp.WS(i).DialContext(ctx, wsURL, nil)
		if err != nil {
			return fmt.Errorf("open a bare stream: %w", err)
		}
		c := &bareClient{i: i, ws: ws, done: make(chan struct{}), arrive: make([]uint32, writes)}
		clients[i] = c
		go func() {
			defer close(c.done)
			var m wireMessage
			for {
				_, rd, err := ws.NextReader()
				if err != nil {
					if !c.closing.Load() {
						c.dropped.Store(true)
					}
					ws.Close()
					return
				}
				buf := bufPool.Get().(*bytes.Buffer)
				buf.Reset()
				_, err = buf.ReadFrom(rd)
				now := r.since()
				id := -1
				if err == nil && decodeMessage(buf.Bytes(), &m) == nil && m.Type == "patch" {
					id = int(m.Version) // decoded as our clients decode a patch, at the same cost
				}
				bufPool.Put(buf)
				// Publishes are sent concurrently, so messages may come out
				// of order: each counts once, whenever it comes.
				if id >= 0 && id < writes && c.arrive[id] == 0 {
					seen[id].Add(1)
					c.arrive[id] = uint32(now/int64(time.Microsecond)) + 1 // the latency is taken once every answer is in
				}
				c.at.Store(now)
				c.frames.Add(1) // publishes arrive to the summary, which waits for the frames to stop
			}
		}()
		return nil
	})
	var closeOnce sync.Once
	closeClients := func() {
		closeOnce.Do(func() {
			for _, c := range clients {
				if c != nil {
					c.closing.Store(true)
					c.ws.Close()
					<-c.done
				}
			}
		})
	}
	defer closeClients()
	if err != nil {
		return err
	}
	// Every connection is registered with the hub before the first message.
	for deadline := time.Now().Add(30 * time.Second); ; {
		req, _ := http.NewRequestWithContext(ctx, "GET", p.url+"/count", nil)
		if resp, err := sp.HTTP(0).Do(req); err == nil {
			var got int
			_, _ = fmt.Fscan(resp.Body, &got)
			resp.Body.Close()
			if got == n {
				break
			}
		}
		if time.Now().After(deadline) {
			return errors.New("the bare broadcaster did not register every client within 30 s")
		}
		time.Sleep(50 * time.Millisecond)
	}
	if rssAfter, err := processRSS(p.pid()); err == nil && rssBefore > 0 {
		br.MemPerConnKiB = float64(rssAfter-rssBefore) / float64(n) / 1024
	}
	framesOf := func() (sum, last int64) {
		for _, c := range clients {
			sum += c.frames.Load()
			last = max(last, c.at.Load())
		}
		return
	}
	cpu0, _ := processCPU(p.pid())
	self0 := selfCPU()
	at := time.Now()
	var ackTimes []time.Duration
	var mu sync.Mutex
	var wg sync.WaitGroup
	voters := max(r.rep.Voters, 1)
	for k := range writes {
		if d := time.Until(at.Add(time.Duration(k) * interval)); d > 0 {
			time.Sleep(d)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			res := r.writer.do(ctx, writeRequest{Method: http.MethodPost, URL: fmt.Sprintf("%s/publish?id=%d&size=%d", p.url, k, size), Body: sample, Source: clients[k%voters%n].i})
			if res.Status != http.StatusNoContent || res.Ack == 0 {
				return
			}
			ack := r.sinceUnix(res.Ack)
			acks[k].Store(ack)
			mu.Lock()
			ackTimes = append(ackTimes, time.Duration(res.Ack-res.Sent))
			mu.Unlock()
		}()
	}
	wg.Wait()
	// Quiet: no frame for a second.
	prev, _ := framesOf()
	for still := time.Now(); time.Since(still) < time.Second; {
		time.Sleep(50 * time.Millisecond)
		if m, _ := framesOf(); m != prev {
			prev, still = m, time.Now()
		}
	}
	frames, last := framesOf()
	wall := r.start.Add(time.Duration(last)).Sub(at)
	dSelf := selfCPU() - self0
	if cpu1, err := processCPU(p.pid()); err == nil && frames > 0 {
		br.ServerCPUPerFrUS = float64((cpu1 - cpu0).Microseconds()) / float64(frames)
	}
	br.Published = len(ackTimes)
	br.Ack = latencyOfSlice(ackTimes)
	closeClients() // their readers have stopped: arrive can be read
	var all Histogram
	for k := range writes {
		ack := acks[k].Load()
		if ack == 0 {
			continue
		}
		for _, c := range clients {
			if at := c.arrive[k]; at != 0 {
				lat := time.Duration(int64(at-1)*int64(time.Microsecond) - ack)
				if lat < 0 {
					br.Early++
					lat = 0
				}
				all.Record(lat)
			}
		}
	}
	br.FanOut = latencyOf(&all)
	for k := range writes {
		if acks[k].Load() != 0 {
			br.NotSeen += int64(n) - seen[k].Load()
		}
	}
	br.Frames = frames
	if wall > 0 {
		br.DeliveriesPS = float64(frames) / wall.Seconds()
		br.ToolCores = dSelf.Seconds() / wall.Seconds()
	}
	for _, c := range clients {
		if c.dropped.Load() {
			br.Dropped++
		}
	}
	if br.FanOut.P99 > 0 {
		r.rep.Ratio = float64(r.rep.FanOut.P99) / float64(br.FanOut.P99)
	}
	return nil
}
