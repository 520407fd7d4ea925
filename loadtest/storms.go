package loadtest

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// joinStorm opens cfg.Clients screens on an event, then lets as many
// people arrive over cfg.For, each joining (POST join), reading /me and
// opening the stream, while the screens receive the attendance patches.
func (r *runner) joinStorm(ctx context.Context) error {
	n := r.cfg.Clients
	if err := r.setupEvents(ctx, 1, n, r.cfg.Rate); err != nil {
		return err
	}
	ev := r.events[0]
	if err := r.connectAll(ctx, ev.clients, false); err != nil {
		return err
	}
	people := make([]*screen, n)
	for i := range people {
		people[i] = newScreen(n+i, ev)
	}
	ev.clients = append(ev.clients, people...)
	jr := &JoinReport{Screens: n, People: n}
	r.rep.Join = jr
	r.rep.Clients = 2 * n

	var refused atomic.Int64
	joinLat := make([]time.Duration, n)
	total := make([]time.Duration, n)
	ok := make([]bool, n)
	w := r.openWindow(ctx)
	begin := time.Now()
	var wg sync.WaitGroup
	for i, s := range people {
		wg.Add(1)
		go func() {
			defer wg.Done()
			time.Sleep(time.Until(begin.Add(time.Duration(float64(r.cfg.For) * float64(i) / float64(n)))))
			arrived := time.Now()
			lat, nref, err := r.joinFromWriter(ctx, s)
			refused.Add(int64(nref))
			if err != nil {
				return
			}
			joinLat[i] = lat
			if err := r.me(ctx, s, 10*time.Second, &refused); err != nil {
				return
			}
			if err := r.dialRetry(ctx, s, 10*time.Second, &refused); err != nil {
				return
			}
			select {
			case <-s.ready:
			case <-time.After(10 * time.Second):
				return
			}
			total[i], ok[i] = time.Since(arrived), true
		}()
	}
	wg.Wait()
	r.quiet(ctx, time.Second, 30*time.Second)
	w.close(ctx)

	var acks, totals []time.Duration
	kept := ev.clients[:n]
	for i, s := range people {
		if joinLat[i] > 0 {
			acks = append(acks, joinLat[i])
			jr.Joined++
		}
		if ok[i] {
			totals = append(totals, total[i])
			kept = append(kept, s)
		} else {
			jr.GaveUp++
		}
	}
	jr.Refused = int(refused.Load())
	jr.JoinAck, jr.Total = latencyOfSlice(acks), latencyOfSlice(totals)
	// Those who gave up have no stream to compare; they are counted above.
	ev.clients = kept
	if err := r.check(ctx, func(*evState) int { return jr.Joined }); err != nil {
		return err
	}
	if jr.GaveUp > 0 {
		r.rep.Check.OK = false
		r.rep.Check.Details = append(r.rep.Check.Details, fmt.Sprintf("%d people gave up joining", jr.GaveUp))
	}
	return nil
}

// joinFromWriter joins the person through the writer process, so that
// the acknowledgement is not the driver's delay behind thousands of
// screens; a 429, a 5xx or a network error is sent again after a while.
// It returns the time from the first attempt to the answer.
func (r *runner) joinFromWriter(ctx context.Context, s *screen) (time.Duration, int, error) {
	res := r.writer.do(ctx, writeRequest{Method: http.MethodPost, URL: r.api.base + "/api/events/" + s.ev.id + "/join",
		Body: fmt.Sprintf(`{"name":"Load %d"}`, s.i+1), Header: map[string]string{"Content-Type": "application/json"},
		Source: s.i, RetryLimited: true, Answer: true})
	if res.Ack == 0 {
		return 0, int(res.Retried) + 1, fmt.Errorf("join: %s", res.Failed)
	}
	var joined struct {
		Token string `json:"token"`
	}
	if err := jsonUnmarshal([]byte(res.Body), &joined); err != nil {
		return 0, int(res.Retried), err
	}
	s.token = joined.Token
	return time.Duration(res.Ack - res.Sent), int(res.Retried), nil
}

// me reads the person's /me as the page does after joining, retrying
// when asked to wait.
func (r *runner) me(ctx context.Context, s *screen, patience time.Duration, refused *atomic.Int64) error {
	deadline := time.Now().Add(patience)
	h := http.Header{"Authorization": {"Bearer " + s.token}}
	for {
		ans, err := r.api.do(ctx, r.sp.HTTP(s.i), "GET", "/api/events/"+s.ev.id+"/me", nil, h)
		if err == nil && ans.status == http.StatusOK {
			return nil
		}
		refused.Add(1)
		wait := time.Second
		if err == nil {
			if !retryable(ans.status) {
				return fmt.Errorf("GET /me: %d %s", ans.status, ans.body)
			}
			wait = ans.retry
		}
		if time.Now().Add(wait).After(deadline) {
			return errors.New("GET /me: gave up")
		}
		time.Sleep(wait)
	}
}

// reconnectStorm connects cfg.Clients people, then cuts every connection
// at once (the access point reboots) and lets each come back with the
// page's back-off, resuming with since and epoch, while one vote goes
// through and a prober asks /healthz every 100 ms.
func (r *runner) reconnectStorm(ctx context.Context) error {
	n := r.cfg.Clients
	if err := r.setupEvents(ctx, 1, n, r.cfg.Rate); err != nil {
		return err
	}
	ev := r.events[0]
	if err := r.connectAll(ctx, ev.clients, true); err != nil {
		return err
	}
	cr := &ReconnectReport{}
	r.rep.Reconnect = cr
	// An observer the storm does not touch learns the version the vote
	// makes: every client is current once it reaches it.
	observer := newScreen(n, ev)
	if err := r.dialRetry(ctx, observer, 30*time.Second, nil); err != nil {
		return err
	}
	<-observer.ready
	defer observer.closeConn()
	observer.mu.Lock()
	before := observer.view.version
	observer.mu.Unlock()
	r.layout(1)

	stopProbe := r.probe(ctx, cr)
	w := r.openWindow(ctx)
	cut := time.Now()
	for _, s := range ev.clients {
		s.mu.Lock()
		ws := s.ws
		s.mu.Unlock()
		s.cut.Store(true)
		ws.UnderlyingConn().Close()
	}
	for _, s := range ev.clients {
		s.mu.Lock()
		done := s.done
		s.mu.Unlock()
		<-done
	}
	voted := make(chan struct{})
	go func() { r.send(ctx, 0); close(voted) }()
	var refused atomic.Int64
	for _, s := range ev.clients {
		go r.comeBack(ctx, s, &refused)
	}
	<-voted
	if r.writes[0].ackAt.Load() == 0 {
		stopProbe()
		return fmt.Errorf("the vote during the storm was not acknowledged: %s", r.writes[0].failed)
	}
	// The version after the vote, as a screen that stayed sees it.
	var target int64
	var epoch string
	for deadline := time.Now().Add(30 * time.Second); ; {
		observer.mu.Lock()
		target, epoch = observer.view.version, observer.view.epoch
		observer.mu.Unlock()
		if target > before {
			break
		}
		if time.Now().After(deadline) {
			stopProbe()
			return errors.New("the vote's patch never reached a screen that stayed connected")
		}
		time.Sleep(10 * time.Millisecond)
	}
	limit := max(60*time.Second, 2*r.cfg.For)
	deadline := time.Now().Add(limit)
	for {
		behind := 0
		for _, s := range ev.clients {
			s.mu.Lock()
			if s.view.epoch != epoch || s.view.version < target {
				behind++
			}
			s.mu.Unlock()
		}
		cr.NotCurrent = behind
		if behind == 0 || time.Now().After(deadline) || ctx.Err() != nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	var last int64
	for _, s := range ev.clients {
		last = max(last, s.lastChange.Load())
		s.mu.Lock()
		if s.resumed {
			cr.Resumed++
		} else {
			cr.Snapshots++
		}
		s.mu.Unlock()
	}
	cr.AllCurrentMS = float64(r.start.Add(time.Duration(last)).Sub(cut)) / float64(time.Millisecond)
	r.quiet(ctx, 500*time.Millisecond, 10*time.Second)
	stopProbe()
	w.close(ctx)
	cr.Refused = refused.Load()
	wr := &r.writes[0]
	r.rep.Writes, r.rep.Acked = 1, 1
	r.rep.Ack = latencyOfSlice([]time.Duration{time.Duration(wr.ackAt.Load() - wr.sentAt.Load())})
	if err := r.check(ctx, func(ev *evState) int { return len(ev.clients) }); err != nil {
		return err
	}
	if cr.NotCurrent > 0 {
		r.rep.Check.OK = false
		r.rep.Check.Details = append(r.rep.Check.Details, fmt.Sprintf("%d clients still not current %s after the cut", cr.NotCurrent, limit))
	}
	return nil
}

// comeBack reconnects a cut screen as live.js does: a first wait of
// 0.5–2 s, then full jitter up to 1 s·2^attempt (at most 30 s) between
// failed tries, resuming from the last version it applied.
func (r *runner) comeBack(ctx context.Context, s *screen, refused *atomic.Int64) {
	time.Sleep(500*time.Millisecond + rand.N(1500*time.Millisecond))
	for attempt := 1; ctx.Err() == nil; attempt++ {
		if _, err := r.dial(ctx, s, true); err == nil {
			return
		}
		refused.Add(1)
		time.Sleep(rand.N(min(30*time.Second, time.Second<<min(attempt, 5))))
	}
}

// probe asks /healthz every 100 ms from an address of its own until the
// returned function is called.
func (r *runner) probe(ctx context.Context, cr *ReconnectReport) (stop func()) {
	var h Histogram
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		client := &http.Client{Timeout: 5 * time.Second, Transport: r.sp.HTTP(r.sp.addresses() - 1).Transport}
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
			}
			start := time.Now()
			req, _ := http.NewRequestWithContext(ctx, "GET", r.api.base+"/healthz", nil)
			resp, err := client.Do(req)
			h.Record(time.Since(start))
			cr.HealthCount++
			if err != nil {
				cr.HealthFailed++
				continue
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				cr.HealthFailed++
			}
		}
	}()
	return func() {
		close(done)
		wg.Wait()
		cr.HealthMax = latencyOf(&h)
	}
}
