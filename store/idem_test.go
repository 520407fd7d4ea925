package store

import (
	"fmt"
	"reflect"
	"testing"

	"openspace/openspace"
)

// TestCreateTopicOnce: a proposal sent twice with the same key creates one
// topic and answers the same; the same key with another body is refused;
// keys are per caller and the last idemPerCaller are kept.
func TestCreateTopicOnce(t *testing.T) {
	s := mustOpen(t)
	e := mustEvent(t, s)
	a := mustJoin(t, s, e.ID, "")
	in := openspace.TopicInput{Title: "Puppet"}
	first, replayed, err := s.CreateTopicOnce(ctx, e.ID, a.ID, in, false, "k1", []byte("hash-1"))
	if err != nil || replayed {
		t.Fatalf("first: %+v, %v, %v", first, replayed, err)
	}
	again, replayed, err := s.CreateTopicOnce(ctx, e.ID, a.ID, in, false, "k1", []byte("hash-1"))
	if err != nil || !replayed || !reflect.DeepEqual(again, first) {
		t.Errorf("retry: %+v, replayed %v, %v; want the first answer %+v", again, replayed, err, first)
	}
	_, _, err = s.CreateTopicOnce(ctx, e.ID, a.ID, openspace.TopicInput{Title: "Jira"}, false, "k1", []byte("hash-2"))
	wantCode(t, "same key, another body", err, openspace.ECONFLICT)
	// The organizer's k1 is another key.
	if org, replayed, err := s.CreateTopicOnce(ctx, e.ID, "", in, true, "k1", []byte("hash-1")); err != nil || replayed || org.ID == first.ID {
		t.Errorf("organizer's k1: %+v, %v, %v; want a new topic", org, replayed, err)
	}
	if topics, _ := s.Topics(ctx, e.ID); len(topics) != 2 {
		t.Errorf("%d topics, want 2", len(topics))
	}
	// A refused proposal remembers nothing: the key stays free.
	closed := mustJoin(t, s, e.ID, "")
	if _, _, err := s.CreateTopicOnce(ctx, e.ID, closed.ID, openspace.TopicInput{Title: " "}, false, "k", []byte("h")); err == nil {
		t.Fatal("an empty title was accepted")
	}
	if _, replayed, err := s.CreateTopicOnce(ctx, e.ID, closed.ID, in, false, "k", []byte("h2")); err != nil || replayed {
		t.Errorf("the key of a refused proposal: replayed %v, %v", replayed, err)
	}

	// 100 more keys push the organizer's k1 out (attendees are capped at
	// fewer topics than that): reusing it creates a topic.
	orgFirst, _, err := s.CreateTopicOnce(ctx, e.ID, "", in, true, "k1", []byte("hash-1"))
	if err != nil {
		t.Fatal(err)
	}
	for i := range idemPerCaller {
		if _, _, err := s.CreateTopicOnce(ctx, e.ID, "", openspace.TopicInput{Title: fmt.Sprint("T", i)}, true, fmt.Sprint("n", i), []byte{byte(i)}); err != nil {
			t.Fatal(err)
		}
	}
	kept := 0
	if err := s.view(ctx, func(t *txn) error {
		return scan(t.idem, prefix(e.ID, idemOrganizer), func(k, v []byte) error { kept++; return nil })
	}); err != nil {
		t.Fatal(err)
	}
	if kept != idemPerCaller {
		t.Errorf("%d keys kept for the organizer, want %d", kept, idemPerCaller)
	}
	if tp, replayed, err := s.CreateTopicOnce(ctx, e.ID, "", in, true, "k1", []byte("hash-1")); err != nil || replayed || tp.ID == orgFirst.ID {
		t.Errorf("k1 after 100 newer keys: replayed %v, %v; want a new topic", replayed, err)
	}
}
