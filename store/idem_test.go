package store

import (
	"context"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"openspace/openspace"
)

// claimCtx is a request's context with an Idempotency-Key claim, as the
// server makes it; every request gets its own claim.
func claimCtx(eventID, caller, k, fingerprint string) (context.Context, *openspace.Idempotency) {
	claim := &openspace.Idempotency{EventID: eventID, Caller: caller, Key: k, Fingerprint: []byte(fingerprint)}
	return openspace.NewContextWithIdempotency(ctx, claim), claim
}

// TestIdempotencyKeyGuardsAnyWrite: a write sent twice under the same key
// writes once and answers the same; the same key for another request is a
// conflict that changes nothing; keys are per caller; a refused write
// remembers nothing; a key guards only the first write of its request;
// the last idemPerCaller keys are kept.
func TestIdempotencyKeyGuardsAnyWrite(t *testing.T) {
	s := mustOpen(t)
	e := mustEvent(t, s)
	a := mustJoin(t, s, e.ID, "")
	in := openspace.TopicInput{Title: "Puppet"}

	c1, claim := claimCtx(e.ID, a.ID, "k1", "propose Puppet")
	first, err := s.CreateTopic(c1, e.ID, a.ID, in, false)
	if err != nil || claim.Replayed || !claim.Used {
		t.Fatalf("first: %+v, %v, claim %+v", first, err, claim)
	}
	c2, claim := claimCtx(e.ID, a.ID, "k1", "propose Puppet")
	again, err := s.CreateTopic(c2, e.ID, a.ID, in, false)
	if err != nil || !claim.Replayed || !reflect.DeepEqual(again, first) {
		t.Errorf("retry: %+v, replayed %v, %v; want the first answer %+v", again, claim.Replayed, err, first)
	}

	before := dump(t, s)
	c3, claim := claimCtx(e.ID, a.ID, "k1", "propose Jira")
	_, err = s.CreateTopic(c3, e.ID, a.ID, openspace.TopicInput{Title: "Jira"}, false)
	wantCode(t, "same key, another request", err, openspace.ECONFLICT)
	if claim.Replayed {
		t.Error("a conflict says replayed")
	}
	if !reflect.DeepEqual(dump(t, s), before) {
		t.Error("a conflicting key changed the file")
	}

	// The organizer's k1 is another key.
	c4, claim := claimCtx(e.ID, openspace.IdempotencyOrganizer, "k1", "propose Puppet")
	if org, err := s.CreateTopic(c4, e.ID, "", in, true); err != nil || claim.Replayed || org.ID == first.ID {
		t.Errorf("organizer's k1: %+v, %v, replayed %v; want a new topic", org, err, claim.Replayed)
	}
	if topics, _ := s.Topics(ctx, e.ID); len(topics) != 2 {
		t.Errorf("%d topics, want 2", len(topics))
	}

	// A refused write remembers nothing: the key is judged afresh.
	c5, _ := claimCtx(e.ID, a.ID, "k2", "empty title")
	if _, err := s.CreateTopic(c5, e.ID, a.ID, openspace.TopicInput{Title: " "}, false); err == nil {
		t.Fatal("an empty title was accepted")
	}
	c6, claim := claimCtx(e.ID, a.ID, "k2", "propose Fabric")
	if _, err := s.CreateTopic(c6, e.ID, a.ID, openspace.TopicInput{Title: "Fabric"}, false); err != nil || claim.Replayed {
		t.Errorf("the key of a refused write: replayed %v, %v", claim.Replayed, err)
	}

	// A write that returns nothing (DeleteTopics) replays too: the second
	// call succeeds without the topic it deleted.
	c7, _ := claimCtx(e.ID, openspace.IdempotencyOrganizer, "del", "delete Puppet")
	if err := s.DeleteTopic(c7, e.ID, first.ID); err != nil {
		t.Fatal(err)
	}
	c8, claim := claimCtx(e.ID, openspace.IdempotencyOrganizer, "del", "delete Puppet")
	if err := s.DeleteTopic(c8, e.ID, first.ID); err != nil || !claim.Replayed {
		t.Errorf("replayed deletion: %v, replayed %v; want nil, true", err, claim.Replayed)
	}
	if err := s.DeleteTopic(ctx, e.ID, first.ID); openspace.ErrorCode(err) != openspace.ENOTFOUND {
		t.Errorf("the same deletion without a key: %v, want not found", err)
	}

	// Only the first write of a request uses its key.
	c9, claim := claimCtx(e.ID, openspace.IdempotencyOrganizer, "twice", "two writes")
	one, err := s.CreateTopic(c9, e.ID, "", openspace.TopicInput{Title: "One"}, true)
	if err != nil {
		t.Fatal(err)
	}
	two, err := s.CreateTopic(c9, e.ID, "", openspace.TopicInput{Title: "Two"}, true)
	if err != nil || claim.Replayed || two.ID == one.ID {
		t.Errorf("the request's second write: %+v, %v, replayed %v; want a topic of its own", two, err, claim.Replayed)
	}
}

// TestIdempotencyKeysAreBounded: 100 newer keys push a caller's first one
// out; reusing it then writes again.
func TestIdempotencyKeysAreBounded(t *testing.T) {
	s := mustOpen(t)
	e := mustEvent(t, s)
	org := openspace.IdempotencyOrganizer
	c, _ := claimCtx(e.ID, org, "k1", "propose Puppet")
	first, err := s.CreateTopic(c, e.ID, "", openspace.TopicInput{Title: "Puppet"}, true)
	if err != nil {
		t.Fatal(err)
	}
	for i := range idemPerCaller {
		c, _ := claimCtx(e.ID, org, fmt.Sprint("n", i), fmt.Sprint("propose T", i))
		if _, err := s.CreateTopic(c, e.ID, "", openspace.TopicInput{Title: fmt.Sprint("T", i)}, true); err != nil {
			t.Fatal(err)
		}
	}
	kept := 0
	if err := s.view(ctx, func(t *txn) error {
		return scan(t.idem, prefix(e.ID, org), func(k, v []byte) error { kept++; return nil })
	}); err != nil {
		t.Fatal(err)
	}
	if kept != idemPerCaller {
		t.Errorf("%d keys kept for the organizer, want %d", kept, idemPerCaller)
	}
	c, claim := claimCtx(e.ID, org, "k1", "propose Puppet")
	if tp, err := s.CreateTopic(c, e.ID, "", openspace.TopicInput{Title: "Puppet"}, true); err != nil || claim.Replayed || tp.ID == first.ID {
		t.Errorf("k1 after 100 newer keys: replayed %v, %v; want a new topic", claim.Replayed, err)
	}
}

// TestBatchedVoteAndItsReplayCountOnce: a vote and its replay that share
// one db.Batch commit, beside a vote that fails (so bbolt rolls the batch
// back and runs the others again), put one dot: one of them answers as
// replayed, both with the same ballot.
func TestBatchedVoteAndItsReplayCountOnce(t *testing.T) {
	s := mustOpen(t)
	e := mustEvent(t, s)
	a := mustJoin(t, s, e.ID, "")
	tp := mustTopic(t, s, e.ID, "", "Puppet")
	// The batch runs once it holds the three calls.
	s.db.MaxBatchSize, s.db.MaxBatchDelay = 3, time.Minute

	var wg sync.WaitGroup
	ballots := make([]openspace.Ballot, 2)
	claims := make([]*openspace.Idempotency, 2)
	errs := make([]error, 3)
	for i := range 2 {
		c, claim := claimCtx(e.ID, a.ID, "vote-1", "PUT vote Puppet")
		claims[i] = claim
		wg.Go(func() { ballots[i], errs[i] = s.Vote(c, e.ID, a.ID, tp.ID) })
	}
	wg.Go(func() { _, errs[2] = s.Vote(ctx, e.ID, a.ID, "no-such-topic") })
	wg.Wait()

	if errs[0] != nil || errs[1] != nil {
		t.Fatalf("the vote and its replay: %v, %v", errs[0], errs[1])
	}
	wantCode(t, "the vote for an unknown topic", errs[2], openspace.ENOTFOUND)
	if claims[0].Replayed == claims[1].Replayed {
		t.Errorf("replayed %v and %v, want exactly one replay", claims[0].Replayed, claims[1].Replayed)
	}
	if !reflect.DeepEqual(ballots[0], ballots[1]) {
		t.Errorf("ballots %+v and %+v, want the same answer", ballots[0], ballots[1])
	}
	got, err := s.Topic(ctx, e.ID, tp.ID)
	if err != nil || got.Votes != 1 {
		t.Errorf("the topic has %d votes (%v), want 1", got.Votes, err)
	}
	if b, _ := s.Ballot(ctx, e.ID, a.ID); b.Remaining != e.DotBudget-1 {
		t.Errorf("remaining %d, want %d", b.Remaining, e.DotBudget-1)
	}
	checkCounts(t, s, e.ID)
}

// TestIdemSeqReadsOnlyTheSeq: trimIdem's reader finds seq before the
// answer, and in a record whose fields come in another order.
func TestIdemSeqReadsOnlyTheSeq(t *testing.T) {
	for _, tt := range []struct {
		value string
		want  uint64
	}{
		{`{"hash":"aGFzaA==","seq":42,"response":{"big":[1,2,3]}}`, 42},
		{`{"response":{"seq":1},"hash":null,"seq":7}`, 7},
	} {
		got, err := idemSeq([]byte("k"), []byte(tt.value))
		if err != nil || got != tt.want {
			t.Errorf("idemSeq(%s) = %d, %v; want %d", tt.value, got, err, tt.want)
		}
	}
	for _, bad := range []string{`[]`, `{"hash":"x"}`, `{"seq":"x"}`, `{`} {
		if _, err := idemSeq([]byte("k"), []byte(bad)); err == nil {
			t.Errorf("idemSeq(%s): no error", bad)
		}
	}
}
