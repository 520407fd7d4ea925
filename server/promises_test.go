package server_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// The request promises of the hardening issue, over HTTP on a real store.
// Others are kept by tests elsewhere: a vote after voting closed by
// TestPhasesClosed (badinput_test.go), a forged X-Forwarded-For by
// TestMadeUpTokensShareTheAddressLimit and TestForwardedForOnlyFromTrustedProxies,
// slow headers by TestSlowHeadersAreCutOff (the root package).

// voteEvening is an event with the given dot budget, voting open, n topics
// and one attendee.
type voteEvening struct {
	a      *app
	org    *client
	id     string
	ada    *client
	adaID  string
	topics []string
}

func newVoteEvening(t *testing.T, budget, n int) voteEvening {
	t.Helper()
	a := newApp(t)
	org, ev := a.createEvent(t)
	setup := seedSetup()
	setup["dot_budget"] = budget
	setup["sessions"] = ev.Event.Sessions
	setup["rooms"] = ev.Event.Rooms
	org.do("PUT", "/api/events/"+ev.Event.ID+"/setup", setup).decode(t, http.StatusOK, nil)
	ada, at := a.join(t, ev.Event.ID, "Ada", "Dev")
	e := voteEvening{a: a, org: org, id: ev.Event.ID, ada: ada, adaID: at.ID}
	for i := range n {
		e.topics = append(e.topics, org.propose(ev.Event.ID, fmt.Sprintf("Topic %d", i)).ID)
	}
	return e
}

// concurrently sends the same kind of request n times at once and returns
// the statuses.
func concurrently(n int, send func(i int) response) []int {
	statuses := make([]int, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-start
			statuses[i] = send(i).status
		})
	}
	close(start)
	wg.Wait()
	return statuses
}

func countStatuses(statuses []int) map[int]int {
	out := map[int]int{}
	for _, s := range statuses {
		out[s]++
	}
	return out
}

// storedVotes reads the attendee's stored dots and the topics' counts.
func storedVotes(t *testing.T, a *app, eventID, attendeeID string) (ballot []string, counts map[string]int) {
	t.Helper()
	votes, err := a.store.Votes(context.Background(), eventID)
	if err != nil {
		t.Fatal(err)
	}
	topics, err := a.store.Topics(context.Background(), eventID)
	if err != nil {
		t.Fatal(err)
	}
	counts = map[string]int{}
	for _, tp := range topics {
		counts[tp.ID] = tp.Votes
	}
	return votes[attendeeID], counts
}

// TestHundredIdenticalVotesCountOnce: one phone sends the same vote 100
// times at once (a retry storm on bad Wi-Fi): the topic counts one dot.
// Each answer is a success (the same ballot) or the rate limit.
func TestHundredIdenticalVotesCountOnce(t *testing.T) {
	e := newVoteEvening(t, 3, 1)
	a, id, ada, adaID, topics := e.a, e.id, e.ada, e.adaID, e.topics
	statuses := concurrently(100, func(int) response {
		return ada.do("PUT", "/api/events/"+id+"/topics/"+topics[0]+"/vote", nil)
	})
	got := countStatuses(statuses)
	if got[http.StatusOK] == 0 || got[http.StatusOK]+got[http.StatusTooManyRequests] != 100 {
		t.Errorf("statuses %v, want only 200 (the same ballot) and 429", got)
	}
	ballot, counts := storedVotes(t, a, id, adaID)
	if len(ballot) != 1 || ballot[0] != topics[0] {
		t.Errorf("stored ballot %v, want the one topic once", ballot)
	}
	if counts[topics[0]] != 1 {
		t.Errorf("the topic counts %d votes, want 1", counts[topics[0]])
	}
}

// TestTenConcurrentVotesWithThreeDotsLeft: with 3 dots left, 10 votes for
// 10 topics at once give exactly 3 dots; the other 7 say no dots left.
func TestTenConcurrentVotesWithThreeDotsLeft(t *testing.T) {
	e := newVoteEvening(t, 5, 12)
	a, id, ada, adaID, topics := e.a, e.id, e.ada, e.adaID, e.topics
	for _, tp := range topics[:2] {
		ada.do("PUT", "/api/events/"+id+"/topics/"+tp+"/vote", nil).decode(t, http.StatusOK, nil)
	}
	rest := topics[2:]
	statuses := concurrently(10, func(i int) response {
		return ada.do("PUT", "/api/events/"+id+"/topics/"+rest[i]+"/vote", nil)
	})
	if got := countStatuses(statuses); got[http.StatusOK] != 3 || got[http.StatusConflict] != 7 {
		t.Errorf("statuses %v, want 3 × 200 and 7 × 409 (no dots left)", got)
	}
	ballot, counts := storedVotes(t, a, id, adaID)
	if len(ballot) != 5 {
		t.Errorf("stored ballot has %d dots, want the budget of 5: %v", len(ballot), ballot)
	}
	total := 0
	for _, tp := range topics {
		if counts[tp] > 1 {
			t.Errorf("topic %s counts %d votes from one attendee", tp, counts[tp])
		}
		total += counts[tp]
	}
	if total != 5 {
		t.Errorf("the topics count %d votes, want 5", total)
	}
}

// TestVoteAfterVotingClosedChangesNothing: once the organizer closes
// voting, a vote and an unvote are refused and nothing stored changes.
func TestVoteAfterVotingClosedChangesNothing(t *testing.T) {
	e := newVoteEvening(t, 3, 2)
	a, org, id, ada, topics := e.a, e.org, e.id, e.ada, e.topics
	ada.do("PUT", "/api/events/"+id+"/topics/"+topics[0]+"/vote", nil).decode(t, http.StatusOK, nil)
	org.do("PATCH", "/api/events/"+id+"/phases", map[string]bool{"voting_open": false}).decode(t, http.StatusOK, nil)
	before := a.organizerState(t, id)
	for _, r := range []response{
		ada.do("PUT", "/api/events/"+id+"/topics/"+topics[1]+"/vote", nil),
		ada.do("DELETE", "/api/events/"+id+"/topics/"+topics[0]+"/vote", nil),
	} {
		if r.status != http.StatusConflict || r.errorCode(t) != "phase_closed" {
			t.Errorf("vote after close: %d %s, want 409 phase_closed", r.status, r.body)
		}
	}
	if after := a.organizerState(t, id); after != before {
		t.Errorf("a vote after close changed the state:\nbefore %s\nafter  %s", before, after)
	}
}

// TestBodyOverTheLimitIs413: a body over 64 KiB is refused with 413,
// whether it declares its length or comes chunked, and creates nothing.
func TestBodyOverTheLimitIs413(t *testing.T) {
	e := newVoteEvening(t, 3, 0)
	a, id, ada := e.a, e.id, e.ada
	huge := `{"title":"` + strings.Repeat("x", 70<<10) + `"}`
	before := a.organizerState(t, id)
	for _, chunked := range []bool{false, true} {
		var body io.Reader = strings.NewReader(huge)
		if chunked {
			body = io.MultiReader(body) // no length known: sent chunked
		}
		req, _ := http.NewRequest("POST", a.URL+"/api/events/"+id+"/topics", body)
		req.Header.Set("Content-Type", "application/json")
		resp, err := ada.http.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		r := response{status: resp.StatusCode, body: data}
		if r.status != http.StatusRequestEntityTooLarge || r.errorCode(t) != "too_large" {
			t.Errorf("chunked=%v: status %d %s, want 413 too_large", chunked, r.status, bytes.TrimSpace(data[:min(len(data), 200)]))
		}
	}
	if after := a.organizerState(t, id); after != before {
		t.Errorf("an oversized body changed the state")
	}
}

// TestJSONWithATailIsRefused: one JSON object followed by anything else is
// refused (400) rather than half read, and creates nothing.
func TestJSONWithATailIsRefused(t *testing.T) {
	e := newVoteEvening(t, 3, 0)
	a, id, ada := e.a, e.id, e.ada
	before := a.organizerState(t, id)
	for _, body := range []string{
		`{"title":"x"} {"title":"y"}`,
		`{"title":"x"}garbage`,
		`{"title":"x"}]`,
		`{"title":"x"} 42`,
	} {
		r := ada.do("POST", "/api/events/"+id+"/topics", body)
		if r.status != http.StatusBadRequest || r.errorCode(t) != "invalid" {
			t.Errorf("%s: status %d %s, want 400 invalid", body, r.status, r.body)
		}
	}
	if after := a.organizerState(t, id); after != before {
		t.Errorf("a body with a tail changed the state:\nbefore %s\nafter  %s", before, after)
	}
}

// TestProposeWithTheSameIdempotencyKeyTwice: a proposal retried with the
// same Idempotency-Key creates one topic and gets the same answer; the same
// key with another body is refused (409), and a key that is not one is 400.
func TestProposeWithTheSameIdempotencyKeyTwice(t *testing.T) {
	e := newVoteEvening(t, 3, 0)
	path := "/api/events/" + e.id + "/topics"
	e.ada.headers["Idempotency-Key"] = "3f1c9a52-retry-me"
	first := e.ada.do("POST", path, `{"title":"Puppet"}`)
	second := e.ada.do("POST", path, `{"title":"Puppet"}`)
	if first.status != http.StatusCreated || second.status != http.StatusCreated || !bytes.Equal(first.body, second.body) {
		t.Errorf("the same proposal twice: %d %s then %d %s, want 201 and the same answer", first.status, first.body, second.status, second.body)
	}
	other := e.ada.do("POST", path, `{"title":"Jira"}`)
	if other.status != http.StatusConflict || other.errorCode(t) != "conflict" {
		t.Errorf("the same key with another body: %d %s, want 409 conflict", other.status, other.body)
	}
	e.ada.headers["Idempotency-Key"] = strings.Repeat("k", 101)
	if r := e.ada.do("POST", path, `{"title":"Fabric"}`); r.status != http.StatusBadRequest {
		t.Errorf("a 101-character key: %d %s, want 400", r.status, r.body)
	}
	// The organizer's keys are their own: the same key proposes anew.
	e.org.headers["Idempotency-Key"] = "3f1c9a52-retry-me"
	e.org.do("POST", path, `{"title":"Puppet"}`).decode(t, http.StatusCreated, nil)
	topics, err := e.a.store.Topics(context.Background(), e.id)
	if err != nil {
		t.Fatal(err)
	}
	if len(topics) != 2 {
		t.Errorf("%d topics stored, want 2 (Ada's once, the organizer's)", len(topics))
	}
}
