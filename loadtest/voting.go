package loadtest

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"time"
)

// voting is the steady and events scenarios: every screen joined and
// connected, then votes and unvotes at the total rate for cfg.For.
func (r *runner) voting(ctx context.Context) error {
	events, per := 1, r.cfg.Clients
	if r.cfg.Scenario == ManyEvents {
		events, per = r.cfg.Events, r.cfg.PerEvent
	}
	if err := r.setupEvents(ctx, events, per, r.cfg.Rate); err != nil {
		return err
	}
	if err := r.connectAll(ctx, r.allScreens(), true); err != nil {
		return err
	}
	r.layout(int(r.cfg.Rate*r.cfg.For.Seconds() + 0.5))
	w := r.openWindow(ctx)
	r.dispatch(ctx, 0, len(r.writes), r.cfg.Rate)
	r.quiet(ctx, time.Second, 30*time.Second)
	w.close(ctx)
	r.summarizeWrites()
	return r.check(ctx, func(ev *evState) int { return len(ev.clients) })
}

// layout plans n writes: write k goes to event k mod E; on its event, the
// j-th write is on topic j mod T, a vote on the topic's even visits and
// the unvote of that same dot on the odd ones, so every write changes a
// count and each topic's count after every write is known in advance.
// Voters take the votes in turn, skipping those whose dots are all out.
func (r *runner) layout(n int) {
	type tally struct {
		count  []int32
		holder []int
		held   []int
		next   int
		done   []chan struct{}
		j      int
	}
	t := make([]tally, len(r.events))
	for e, ev := range r.events {
		t[e] = tally{count: make([]int32, ev.plan.topics), holder: make([]int, ev.plan.topics),
			held: make([]int, ev.plan.voters), done: make([]chan struct{}, ev.plan.topics)}
	}
	r.writes = make([]write, n)
	for _, ev := range r.events {
		for _, s := range ev.clients {
			s.arrive = make([]uint32, n)
		}
	}
	for k := range r.writes {
		e := k % len(r.events)
		ev, tl := r.events[e], &t[e]
		ti := tl.j % ev.plan.topics
		vote := (tl.j/ev.plan.topics)%2 == 0
		tl.j++
		var v int
		if vote {
			v = tl.next
			for range ev.plan.voters {
				if tl.held[v] < dotBudget {
					break
				}
				v = (v + 1) % ev.plan.voters
			}
			tl.next = (v + 1) % ev.plan.voters
			tl.holder[ti] = v
			tl.held[v]++
			tl.count[ti]++
		} else {
			v = tl.holder[ti]
			tl.held[v]--
			tl.count[ti]--
		}
		w := &r.writes[k]
		w.ev, w.topic, w.vote, w.voter, w.expect = ev, ti, vote, ev.clients[v], tl.count[ti]
		w.prev, w.done = tl.done[ti], make(chan struct{})
		tl.done[ti] = w.done
	}
}

// dispatch sends writes [from, to) at rate per second, each in its own
// goroutine, and waits for every answer.
func (r *runner) dispatch(ctx context.Context, from, to int, rate float64) {
	var wg sync.WaitGroup
	begin := time.Now()
	for k := from; k < to; k++ {
		if d := time.Until(begin.Add(time.Duration(float64(k-from) * float64(time.Second) / rate))); d > 0 {
			time.Sleep(d)
		}
		if ctx.Err() != nil {
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			r.send(ctx, k)
		}()
	}
	wg.Wait()
}

// send puts or takes back write k's dot once the previous write on its
// topic is answered, so a topic never has two writes in flight. It
// retries with the same Idempotency-Key after a 429, a 5xx or a network
// error, as the page's queue does.
func (r *runner) send(ctx context.Context, k int) {
	w := &r.writes[k]
	if w.prev != nil {
		<-w.prev
	}
	defer close(w.done)
	ev := w.ev
	method := http.MethodPut
	if !w.vote {
		method = http.MethodDelete
	}
	path := "/api/events/" + ev.id + "/topics/" + ev.topics.ids[w.topic] + "/vote"
	ev.lastWrite[w.topic].Store(int64(k) + 1)
	res := r.writer.do(ctx, writeRequest{Method: method, URL: r.api.base + path, Source: w.voter.i, Retry: true,
		Header: map[string]string{"Authorization": "Bearer " + w.voter.token, "Idempotency-Key": fmt.Sprintf("lt-%s-%d", r.runID, k)}})
	w.sentAt.Store(r.sinceUnix(res.Sent))
	r.retried.Add(res.Retried)
	r.limited.Add(res.Limited)
	if res.Ack == 0 {
		w.failed = res.Failed
		return
	}
	w.ackAt.Store(r.sinceUnix(res.Ack))
	if w.vote {
		ev.acked[w.topic].Add(1)
	} else {
		ev.acked[w.topic].Add(-1)
	}
}

// summarizeWrites fills the report's write and fan-out figures.
func (r *runner) summarizeWrites() {
	rep := r.rep
	var acks []time.Duration
	var first, last int64
	for k := range r.writes {
		w := &r.writes[k]
		sent, ack := w.sentAt.Load(), w.ackAt.Load()
		if sent == 0 {
			continue
		}
		rep.Writes++
		if ack == 0 {
			rep.Failed++
			if rep.Failed <= 3 {
				rep.Check.Details = append(rep.Check.Details, fmt.Sprintf("write %d given up on: %s", k, w.failed))
			}
			continue
		}
		rep.Acked++
		acks = append(acks, time.Duration(ack-sent))
		if first == 0 || sent < first {
			first = sent
		}
		last = max(last, ack)
		rep.NotSeen += int64(len(w.ev.clients)) - w.seen.Load()
		rep.Pairs += w.seen.Load()
	}
	if last > first {
		rep.AchievedRate = float64(rep.Acked) / time.Duration(last-first).Seconds()
	}
	rep.Ack = latencyOfSlice(acks)
	var all Histogram
	for _, ev := range r.events {
		for _, s := range ev.clients {
			s.mu.Lock()
			for k, at := range s.arrive {
				ack := r.writes[k].ackAt.Load()
				if at == 0 || ack == 0 {
					continue
				}
				lat := time.Duration(int64(at-1)*int64(time.Microsecond) - ack)
				if lat < 0 {
					rep.Early++
					lat = 0
				}
				all.Record(lat)
			}
			s.mu.Unlock()
		}
	}
	rep.FanOut = latencyOf(&all)
	rep.Retried, rep.Limited = r.retried.Load(), r.limited.Load()
	if n := r.patchCount.Load(); n > 0 {
		rep.AvgPatchBytes = int(r.patchBytes.Load() / n)
		rep.PatchesPerClient = float64(n) / float64(max(rep.Events, 1)) // counted on each event's first screen
	}
}
