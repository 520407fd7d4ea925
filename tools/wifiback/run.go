package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
	"github.com/gorilla/websocket"

	"openspace/realtime"
)

// Config is one run.
type Config struct {
	URL    string
	Phones int
	Outage time.Duration
	Missed int
}

// Result is what a run measured, times from the moment the Wi-Fi came back.
type Result struct {
	AllCurrent   time.Duration   // the last phone to reach the final version
	Acks         []time.Duration // each phone's replayed vote acknowledged
	Resumed      int             // phones whose stream resumed with the missed patches
	Snapshots    int             // phones that got a whole snapshot instead
	Retries      int64           // replays sent again (network error, 429, 5xx)
	Replayed     int64           // second sends of a replayed vote answered Idempotent-Replayed
	HealthMax    time.Duration   // slowest /healthz answer during the storm
	HealthFailed int64           // /healthz answers that were not 200
	HealthCount  int64
	StoredVotes  int // sum of the topics' votes after the run
	WantVotes    int // two per phone: one before the outage, one replayed
}

func (r Result) consistent() bool { return r.StoredVotes == r.WantVotes }

func (r Result) print(cfg Config) {
	acks := slices.Clone(r.Acks)
	slices.Sort(acks)
	q := func(p float64) time.Duration { return acks[min(len(acks)-1, int(p*float64(len(acks))))] }
	fmt.Printf("%d phones back online at once after a %s outage (%d topics proposed meanwhile)\n", cfg.Phones, cfg.Outage, cfg.Missed)
	fmt.Printf("all phones current after %s (%d resumed with the missed patches, %d took a snapshot)\n", ms(r.AllCurrent), r.Resumed, r.Snapshots)
	fmt.Printf("replayed votes acknowledged: p50 %s, p99 %s, last %s; %d sent again\n", ms(q(0.5)), ms(q(0.99)), ms(acks[len(acks)-1]), r.Retries)
	fmt.Printf("each vote sent once more with its key, as after a lost answer: %d of %d answered as replays\n", r.Replayed, cfg.Phones)
	fmt.Printf("/healthz during the storm: %d answers, slowest %s, %d not 200\n", r.HealthCount, ms(r.HealthMax), r.HealthFailed)
	verdict := "ok"
	if !r.consistent() {
		verdict = "MISMATCH"
	}
	fmt.Printf("stored votes %d, acknowledged %d: %s\n", r.StoredVotes, r.WantVotes, verdict)
}

func ms(d time.Duration) string { return fmt.Sprintf("%.0f ms", float64(d)/float64(time.Millisecond)) }

// phone is one attendee's page: its device token and its stream.
type phone struct {
	token string
	conn  *websocket.Conn

	mu       sync.Mutex
	epoch    string
	version  int64
	reached  map[int64]time.Time // version → when this phone had it
	firstMsg string              // type of the first message after the last dial
}

type app struct {
	base, eventID, orgKey string
	client                *http.Client
}

// Run sets up the event and the phones, cuts them all, and brings them back.
func Run(ctx context.Context, cfg Config) (Result, error) {
	a := &app{base: cfg.URL, client: &http.Client{Timeout: 20 * time.Second, Transport: &http.Transport{
		MaxIdleConns: cfg.Phones + 10, MaxIdleConnsPerHost: cfg.Phones + 10, IdleConnTimeout: time.Minute,
	}}}
	topics, err := a.setup(ctx)
	if err != nil {
		return Result{}, err
	}
	phones := make([]*phone, cfg.Phones)
	if err := parallel(cfg.Phones, 32, func(i int) error {
		p, err := a.join(ctx, i)
		if err != nil {
			return err
		}
		phones[i] = p
		if err := a.dial(ctx, p); err != nil {
			return err
		}
		_, _, err = a.vote(ctx, p, topics[i%len(topics)], uuid.NewString())
		return err
	}); err != nil {
		return Result{}, err
	}

	// The Wi-Fi goes: every connection dies at once, without a close frame.
	for _, p := range phones {
		p.conn.UnderlyingConn().Close()
	}
	for i := range cfg.Missed {
		time.Sleep(cfg.Outage / time.Duration(cfg.Missed+1))
		body := fmt.Sprintf(`{"title":"Proposed while the Wi-Fi was down %d"}`, i+1)
		if err := a.do(ctx, "POST", "/topics", body, http.Header{"X-Organizer-Key": {a.orgKey}}, nil, nil); err != nil {
			return Result{}, err
		}
	}
	time.Sleep(cfg.Outage / time.Duration(cfg.Missed+1))

	// It comes back: every phone at the same instant.
	var res Result
	res.WantVotes = 2 * cfg.Phones
	health := a.probe(ctx, &res)
	back := time.Now()
	res.Acks = make([]time.Duration, cfg.Phones)
	var retries, replayed atomic.Int64
	err = parallel(cfg.Phones, cfg.Phones, func(i int) error {
		p := phones[i]
		if err := a.dial(ctx, p); err != nil {
			return err
		}
		key := uuid.NewString()
		for attempt := 0; ; attempt++ {
			if attempt > 0 {
				retries.Add(1)
			}
			again, _, err := a.vote(ctx, p, topics[(i+1)%len(topics)], key)
			if err != nil {
				return err
			}
			if again == 0 {
				break
			}
			time.Sleep(again)
		}
		res.Acks[i] = time.Since(back)
		// The phone did not see that answer (the Wi-Fi dropped again): it
		// sends the same vote with the same key.
		if _, again, err := a.vote(ctx, p, topics[(i+1)%len(topics)], key); err != nil {
			return err
		} else if again {
			replayed.Add(1)
		}
		return a.do(ctx, "GET", "/me", "", http.Header{"Authorization": {"Bearer " + p.token}}, nil, nil)
	})
	if err != nil {
		return Result{}, err
	}
	res.Retries, res.Replayed = retries.Load(), replayed.Load()

	final, err := a.currentVersion(ctx)
	if err != nil {
		return Result{}, err
	}
	deadline := time.Now().Add(30 * time.Second)
	for _, p := range phones {
		for {
			p.mu.Lock()
			at, ok := p.reached[final]
			first := p.firstMsg
			p.mu.Unlock()
			if ok {
				res.AllCurrent = max(res.AllCurrent, at.Sub(back))
				if first == realtime.TypeSnapshot {
					res.Snapshots++
				} else {
					res.Resumed++
				}
				break
			}
			if time.Now().After(deadline) {
				return Result{}, fmt.Errorf("a phone is still not at version %d 30 s after the Wi-Fi came back", final)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	health()
	res.StoredVotes, err = a.storedVotes(ctx)
	return res, err
}

// setup creates the event with ten topics and voting open.
func (a *app) setup(ctx context.Context) ([]string, error) {
	var created struct {
		Event struct {
			ID string `json:"id"`
		} `json:"event"`
		OrganizerKey string `json:"organizer_key"`
	}
	setup := `{"title":"Wi-Fi back","sessions":[{"title":"1","duration":30}],"rooms":[{"name":"Hall","capacity":5000}]}`
	if err := a.doURL(ctx, "POST", a.base+"/api/events", setup, nil, &created, nil); err != nil {
		return nil, fmt.Errorf("create the event: %w", err)
	}
	a.eventID, a.orgKey = created.Event.ID, created.OrganizerKey
	org := http.Header{"X-Organizer-Key": {a.orgKey}}
	var topics []string
	for i := range 10 {
		var tp struct {
			ID string `json:"id"`
		}
		if err := a.do(ctx, "POST", "/topics", fmt.Sprintf(`{"title":"Topic %d"}`, i+1), org, &tp, nil); err != nil {
			return nil, err
		}
		topics = append(topics, tp.ID)
	}
	return topics, a.do(ctx, "PATCH", "/phases", `{"phase":"voting"}`, org, nil, nil)
}

func (a *app) join(ctx context.Context, i int) (*phone, error) {
	var joined struct {
		Token string `json:"token"`
	}
	for {
		var wait time.Duration
		err := a.do(ctx, "POST", "/join", fmt.Sprintf(`{"name":"Phone %d"}`, i+1), nil, &joined, &wait)
		if err != nil {
			return nil, fmt.Errorf("join: %w", err)
		}
		if wait == 0 {
			return &phone{token: joined.Token, reached: map[int64]time.Time{}}, nil
		}
		time.Sleep(wait)
	}
}

// vote puts the phone's dot on topic under key; again > 0 means try again
// after that long (no answer, 429, 5xx), as the page's queue does;
// replayed, that the server answered from its record of the key.
func (a *app) vote(ctx context.Context, p *phone, topic, key string) (again time.Duration, replayed bool, err error) {
	h := http.Header{"Authorization": {"Bearer " + p.token}, "Idempotency-Key": {key}}
	var wait time.Duration
	var got http.Header
	err = a.doURLHeader(ctx, "PUT", a.base+"/api/events/"+a.eventID+"/topics/"+topic+"/vote", "", h, nil, &wait, &got)
	var netErr net.Error
	if errors.As(err, &netErr) {
		return time.Second, false, nil
	}
	return wait, got.Get("Idempotent-Replayed") == "true", err
}

// dial opens (or reopens, resuming) the phone's stream and reads it until
// it closes.
func (a *app) dial(ctx context.Context, p *phone) error {
	u := "ws" + strings.TrimPrefix(a.base, "http") + "/api/events/" + a.eventID + "/ws"
	p.mu.Lock()
	if p.epoch != "" {
		u += "?since=" + strconv.FormatInt(p.version, 10) + "&epoch=" + p.epoch
	}
	p.firstMsg = ""
	p.mu.Unlock()
	d := websocket.Dialer{HandshakeTimeout: 10 * time.Second}
	for {
		conn, resp, err := d.DialContext(ctx, u, http.Header{"Origin": {a.base}})
		if err == nil {
			p.conn = conn
			go p.read(conn)
			return nil
		}
		if resp == nil || resp.StatusCode != http.StatusServiceUnavailable {
			return fmt.Errorf("open the stream: %w", err)
		}
		time.Sleep(retryAfter(resp.Header))
	}
}

func (p *phone) read(conn *websocket.Conn) {
	for {
		_, data, err := conn.ReadMessage()
		if err != nil {
			return
		}
		var m realtime.Message
		if json.Unmarshal(data, &m) != nil || (m.Type != realtime.TypeSnapshot && m.Type != realtime.TypePatch) {
			continue
		}
		p.mu.Lock()
		if p.firstMsg == "" {
			p.firstMsg = m.Type
		}
		switch {
		case m.Type == realtime.TypeSnapshot:
			p.epoch, p.version = m.Epoch, m.Version
		case m.Epoch == p.epoch && m.Version == p.version+1:
			p.version = m.Version
		case m.Epoch == p.epoch && m.Version <= p.version: // already had it
		default: // a gap: ask for the whole state, as the page does
			_ = conn.WriteMessage(websocket.TextMessage, []byte(`{"type":"resync"}`))
		}
		if _, ok := p.reached[p.version]; !ok {
			p.reached[p.version] = time.Now()
		}
		p.mu.Unlock()
	}
}

// currentVersion is the version a fresh screen gets now.
func (a *app) currentVersion(ctx context.Context) (int64, error) {
	p := &phone{reached: map[int64]time.Time{}}
	if err := a.dial(ctx, p); err != nil {
		return 0, err
	}
	defer p.conn.Close()
	for range 500 {
		p.mu.Lock()
		v, got := p.version, p.firstMsg != ""
		p.mu.Unlock()
		if got {
			return v, nil
		}
		time.Sleep(10 * time.Millisecond)
	}
	return 0, errors.New("no snapshot on a fresh stream")
}

// probe asks /healthz every 20 ms until the returned function is called.
func (a *app) probe(ctx context.Context, res *Result) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-done:
				return
			case <-time.After(20 * time.Millisecond):
			}
			start := time.Now()
			err := a.doURL(ctx, "GET", a.base+"/healthz", "", nil, nil, nil)
			res.HealthMax = max(res.HealthMax, time.Since(start))
			res.HealthCount++
			if err != nil {
				res.HealthFailed++
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}

func (a *app) storedVotes(ctx context.Context) (int, error) {
	var st struct {
		Topics []struct {
			Votes int `json:"votes"`
		} `json:"topics"`
	}
	if err := a.do(ctx, "GET", "", "", nil, &st, nil); err != nil {
		return 0, err
	}
	n := 0
	for _, tp := range st.Topics {
		n += tp.Votes
	}
	return n, nil
}

func (a *app) do(ctx context.Context, method, path, body string, h http.Header, out any, wait *time.Duration) error {
	return a.doURL(ctx, method, a.base+"/api/events/"+a.eventID+path, body, h, out, wait)
}

// doURL sends one request. With wait set, a 429 or a 5xx is not an error:
// *wait says how long to wait before trying again (0 when it succeeded).
func (a *app) doURL(ctx context.Context, method, u, body string, h http.Header, out any, wait *time.Duration) error {
	return a.doURLHeader(ctx, method, u, body, h, out, wait, nil)
}

// doURLHeader is doURL that also hands back the answer's header.
func (a *app) doURLHeader(ctx context.Context, method, u, body string, h http.Header, out any, wait *time.Duration, got *http.Header) error {
	req, err := http.NewRequestWithContext(ctx, method, u, strings.NewReader(body))
	if err != nil {
		return err
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Origin", a.base)
	for k, v := range h {
		req.Header[k] = v
	}
	resp, err := a.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if got != nil {
		*got = resp.Header
	}
	if wait != nil {
		*wait = 0
		if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500 {
			*wait = retryAfter(resp.Header)
			return nil
		}
	}
	if resp.StatusCode >= 300 {
		return fmt.Errorf("%s %s: %d %s", method, u, resp.StatusCode, data)
	}
	if out != nil {
		return json.Unmarshal(data, out)
	}
	return nil
}

func retryAfter(h http.Header) time.Duration {
	if s, err := strconv.Atoi(h.Get("Retry-After")); err == nil && s > 0 {
		return time.Duration(s) * time.Second
	}
	return time.Second
}

// parallel runs fn(0..n-1) with at most width at once; the first error wins.
func parallel(n, width int, fn func(i int) error) error {
	sem := make(chan struct{}, width)
	var wg sync.WaitGroup
	var once sync.Once
	var first error
	for i := range n {
		wg.Add(1)
		sem <- struct{}{}
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
