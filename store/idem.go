package store

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"openspace/openspace"
)

// idemPerCaller bounds the idempotency keys kept per caller of an event:
// the oldest goes when a new one comes. A phone retries within seconds;
// 100 proposals later nobody retries the first.
const idemPerCaller = 100

// idemOrganizer is the caller part of the organizer's keys (attendee IDs
// are uuids, never this).
const idemOrganizer = "organizer"

// idemRecord is the value of an idem key.
type idemRecord struct {
	Hash     []byte          `json:"hash"`     // SHA-256 of the request body
	Seq      uint64          `json:"seq"`      // idem bucket sequence: orders the keys
	Response json.RawMessage `json:"response"` // the topic as first created
}

// CreateTopicOnce is CreateTopic under an Idempotency-Key. The first call
// with a key creates the topic and remembers the body's hash and the
// answer; a call with the same key and the same body hash creates nothing
// and returns that answer with replayed true; the same key with another
// body is a conflict. Keys belong to the caller: the attendee, or the
// organizer when proposerID is empty.
func (s *Store) CreateTopicOnce(ctx context.Context, eventID, proposerID string, in openspace.TopicInput, byOrganizer bool, idemKey string, bodyHash []byte) (tp openspace.Topic, replayed bool, err error) {
	in.Needs = append([]string(nil), in.Needs...)
	in.Normalize()
	type result struct {
		tp       openspace.Topic
		replayed bool
	}
	r, err := write(ctx, s, func(t *txn) (result, error) {
		if _, err := t.event(eventID); err != nil {
			return result{}, err
		}
		caller := proposerID
		if caller == "" {
			caller = idemOrganizer
		}
		k := key(eventID, caller, idemKey)
		var rec idemRecord
		found, err := getJSON(t.idem, k, &rec)
		if err != nil {
			return result{}, err
		}
		if found {
			if !bytes.Equal(rec.Hash, bodyHash) {
				return result{}, openspace.Errorf(openspace.ECONFLICT, "This Idempotency-Key was already used for another proposal.")
			}
			var first openspace.Topic
			if err := decode(k, rec.Response, &first); err != nil {
				return result{}, err
			}
			return result{tp: first, replayed: true}, nil
		}
		tp, err := s.createTopic(t, eventID, proposerID, in, byOrganizer)
		if err != nil {
			return result{}, err
		}
		response, err := json.Marshal(tp)
		if err != nil {
			return result{}, fmt.Errorf("store: encode topic: %w", err)
		}
		seq, err := t.idem.NextSequence()
		if err != nil {
			return result{}, fmt.Errorf("store: idem sequence: %w", err)
		}
		if err := putJSON(t.idem, k, idemRecord{Hash: bodyHash, Seq: seq, Response: response}); err != nil {
			return result{}, err
		}
		return result{tp: tp}, t.trimIdem(eventID, caller)
	})
	return r.tp, r.replayed, err
}

// trimIdem keeps the caller's idemPerCaller newest keys.
func (t *txn) trimIdem(eventID, caller string) error {
	type entry struct {
		k   []byte
		seq uint64
	}
	var entries []entry
	if err := scan(t.idem, prefix(eventID, caller), func(k, v []byte) error {
		var rec idemRecord
		if err := decode(k, v, &rec); err != nil {
			return err
		}
		entries = append(entries, entry{bytes.Clone(k), rec.Seq})
		return nil
	}); err != nil {
		return err
	}
	if len(entries) <= idemPerCaller {
		return nil
	}
	slices.SortFunc(entries, func(a, b entry) int { return cmp.Compare(a.seq, b.seq) })
	for _, e := range entries[:len(entries)-idemPerCaller] {
		if err := del(t.idem, e.k); err != nil {
			return err
		}
	}
	return nil
}
