package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

// Config is one run: who joins, how fast, and what the attacker sends.
type Config struct {
	URL             string
	People          int
	Spread          time.Duration
	AttackPerSecond int
	AttackKind      string
	Patience        time.Duration
}

func defaultConfig() Config {
	return Config{People: 300, Spread: 60 * time.Second, AttackPerSecond: 300, AttackKind: "mix", Patience: 10 * time.Second}
}

// Result is what a run measured.
type Result struct {
	In         int           // people who got through all four steps
	Honest429  int64         // 429s met by honest people
	Slowest    time.Duration // from a person's arrival to their first WebSocket message
	AttackSent int64
	Attack     map[int]int64  // the attacker's answers by status (0: transport error)
	GaveUp     map[string]int // why people gave up: the step and its last error
}

func (r Result) attackSummary() string {
	codes := make([]int, 0, len(r.Attack))
	for c := range r.Attack {
		codes = append(codes, c)
	}
	sort.Ints(codes)
	parts := []string{}
	for _, c := range codes {
		parts = append(parts, fmt.Sprintf("%d×%d", r.Attack[c], c))
	}
	return "answers " + strings.Join(parts, ", ")
}

// Run creates an event, then lets cfg.People join over cfg.Spread while the
// attacker sends cfg.AttackPerSecond junk writes, all from this machine's
// one address.
func Run(ctx context.Context, cfg Config) (Result, error) {
	transport := &http.Transport{MaxIdleConns: 1000, MaxIdleConnsPerHost: 1000, IdleConnTimeout: 30 * time.Second}
	defer transport.CloseIdleConnections()
	client := &http.Client{Transport: transport, Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

	var created struct {
		Event struct {
			ID       string `json:"id"`
			JoinCode string `json:"join_code"`
		} `json:"event"`
	}
	setup := `{"title":"NAT","sessions":[{"title":"1","duration":30}],"rooms":[{"name":"A","capacity":400}]}`
	status, body, _, err := do(ctx, client, "POST", cfg.URL+"/api/events", setup, "")
	if err != nil || status != http.StatusCreated {
		return Result{}, fmt.Errorf("create the event: %d %s %v", status, body, err)
	}
	if err := json.Unmarshal(body, &created); err != nil {
		return Result{}, err
	}
	ev := created.Event

	res := Result{Attack: map[int]int64{}, GaveUp: map[string]int{}}
	var mu sync.Mutex
	var in atomic.Int64
	var honest429 atomic.Int64

	attackCtx, stopAttack := context.WithCancel(ctx)
	attackDone := make(chan struct{})
	go func() {
		defer close(attackDone)
		if cfg.AttackPerSecond > 0 {
			attack(attackCtx, client, cfg, ev.ID, &res, &mu)
		}
	}()

	var wg sync.WaitGroup
	for i := range cfg.People {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if cfg.People > 1 {
				time.Sleep(cfg.Spread * time.Duration(i) / time.Duration(cfg.People))
			}
			p := person{client: client, cfg: cfg, eventID: ev.ID, code: ev.JoinCode, name: "Person " + strconv.Itoa(i+1), limited: &honest429}
			arrived := time.Now()
			why := p.join(ctx)
			mu.Lock()
			defer mu.Unlock()
			if why == "" {
				in.Add(1)
				res.Slowest = max(res.Slowest, time.Since(arrived))
			} else {
				res.GaveUp[why]++
			}
		}()
	}
	wg.Wait()
	stopAttack()
	<-attackDone
	res.In = int(in.Load())
	res.Honest429 = honest429.Load()
	return res, nil
}

// attack sends junk writes with made-up device tokens at a steady pace,
// never more than 256 at once (a script does not wait for answers).
func attack(ctx context.Context, client *http.Client, cfg Config, eventID string, res *Result, mu *sync.Mutex) {
	tick := time.NewTicker(time.Second / time.Duration(cfg.AttackPerSecond))
	defer tick.Stop()
	inflight := make(chan struct{}, 256)
	var wg sync.WaitGroup
	defer wg.Wait()
	for n := 0; ; n++ {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		select {
		case inflight <- struct{}{}:
		default:
			continue // the server is slow: a script would not queue either
		}
		kind := cfg.AttackKind
		if kind == "mix" {
			kind = []string{"vote", "topic", "join"}[n%3]
		}
		method, path, body := "PUT", "/api/events/"+eventID+"/topics/"+madeUp()+"/vote", ""
		switch kind {
		case "topic":
			method, path, body = "POST", "/api/events/"+eventID+"/topics", `{"title":"spam"}`
		case "join":
			method, path, body = "POST", "/api/events/"+eventID+"/join", `{"name":"bot"}`
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-inflight }()
			status, _, _, err := do(context.Background(), client, method, cfg.URL+path, body, madeUp())
			if err != nil {
				status = 0
			}
			mu.Lock()
			res.AttackSent++
			res.Attack[status]++
			mu.Unlock()
		}()
	}
}

// madeUp is a token of the real ones' shape: 128 random bits, base64url.
func madeUp() string {
	b := make([]byte, 16)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

type person struct {
	client  *http.Client
	cfg     Config
	eventID string
	code    string
	name    string
	token   string
	limited *atomic.Int64
}

// join runs the four steps; it returns "" when the person got in, else
// the step they gave up at and its last error.
func (p *person) join(ctx context.Context) string {
	steps := []func(ctx context.Context) (retryAfter time.Duration, err error){
		p.openLink, p.postJoin, p.getMe, p.openSocket,
	}
	names := []string{"link", "join", "me", "socket"}
	for i, step := range steps {
		var failingSince time.Time
		for {
			wait, err := step(ctx)
			if err == nil {
				break
			}
			if failingSince.IsZero() {
				failingSince = time.Now()
			}
			if wait <= 0 {
				wait = time.Second
			}
			if time.Since(failingSince)+wait > p.cfg.Patience {
				msg := err.Error()
				if len(msg) > 60 {
					msg = msg[:60]
				}
				return names[i] + ": " + msg
			}
			time.Sleep(wait)
		}
	}
	return ""
}

// check turns a status into a step's outcome.
func (p *person) check(status int, want int, header http.Header, body []byte) (time.Duration, error) {
	if status == want {
		return 0, nil
	}
	var wait time.Duration
	if status == http.StatusTooManyRequests {
		p.limited.Add(1)
		if s, err := strconv.Atoi(header.Get("Retry-After")); err == nil {
			wait = time.Duration(s) * time.Second
		}
	}
	return wait, fmt.Errorf("status %d: %s", status, bytes.TrimSpace(body))
}

func (p *person) openLink(ctx context.Context) (time.Duration, error) {
	status, body, header, err := do(ctx, p.client, "GET", p.cfg.URL+"/j/"+p.code, "", "")
	if err != nil {
		return 0, err
	}
	if wait, err := p.check(status, http.StatusSeeOther, header, body); err != nil {
		return wait, err
	}
	status, body, header, err = do(ctx, p.client, "GET", p.cfg.URL+"/e/"+p.eventID, "", "")
	if err != nil {
		return 0, err
	}
	return p.check(status, http.StatusOK, header, body)
}

func (p *person) postJoin(ctx context.Context) (time.Duration, error) {
	status, body, header, err := do(ctx, p.client, "POST", p.cfg.URL+"/api/events/"+p.eventID+"/join", `{"name":"`+p.name+`"}`, "")
	if err != nil {
		return 0, err
	}
	if wait, err := p.check(status, http.StatusCreated, header, body); err != nil {
		return wait, err
	}
	var out struct {
		Token string `json:"token"`
	}
	if err := json.Unmarshal(body, &out); err != nil || out.Token == "" {
		return 0, fmt.Errorf("join: no token in %s", body)
	}
	p.token = out.Token
	return 0, nil
}

func (p *person) getMe(ctx context.Context) (time.Duration, error) {
	status, body, header, err := do(ctx, p.client, "GET", p.cfg.URL+"/api/events/"+p.eventID+"/me", "", p.token)
	if err != nil {
		return 0, err
	}
	return p.check(status, http.StatusOK, header, body)
}

func (p *person) openSocket(ctx context.Context) (time.Duration, error) {
	url := "ws" + strings.TrimPrefix(p.cfg.URL, "http") + "/api/events/" + p.eventID + "/ws"
	h := http.Header{"Cookie": {"os_att_" + p.eventID + "=" + p.token}}
	d := websocket.Dialer{HandshakeTimeout: 5 * time.Second}
	conn, resp, err := d.DialContext(ctx, url, h)
	if err != nil {
		if resp != nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			return p.check(resp.StatusCode, http.StatusSwitchingProtocols, resp.Header, body)
		}
		return 0, err
	}
	defer conn.Close()
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, _, err := conn.ReadMessage(); err != nil {
		return 0, fmt.Errorf("first message: %w", err)
	}
	return 0, nil
}

// do sends one request; token, when set, goes as Authorization: Bearer.
func do(ctx context.Context, client *http.Client, method, url, body, token string) (int, []byte, http.Header, error) {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, rd)
	if err != nil {
		return 0, nil, nil, err
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil && !errors.Is(err, io.EOF) {
		return 0, nil, nil, err
	}
	return resp.StatusCode, b, resp.Header, nil
}
