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
// 100 writes later nobody retries the first.
const idemPerCaller = 100

// idemRecord is the value of an idem key. The field order matters: seq
// comes before the answer, so that trimIdem reads it without decoding the
// answer (see idemSeq).
//
// Records written at schema 5 hashed the proposal's body alone, not the
// method, path and body: replayed after the upgrade, such a key is a
// conflict. Keys live for the seconds of a retry, so none is in flight
// across an upgrade that matters.
type idemRecord struct {
	Hash     []byte          `json:"hash"`     // the request's fingerprint (openspace.Idempotency)
	Seq      uint64          `json:"seq"`      // idem bucket sequence: orders the keys
	Response json.RawMessage `json:"response"` // the write's value, as first answered
}

// idempotent runs fn under the claim's key, in the transaction t: the
// stored answer if the key answered this request before (replayed true,
// nothing written), a conflict if it answered another, else fn's value,
// recorded with the key once fn succeeded.
func idempotent[T any](t *txn, claim *openspace.Idempotency, fn func(t *txn) (T, error)) (out T, replayed bool, err error) {
	k := key(claim.EventID, claim.Caller, claim.Key)
	var rec idemRecord
	found, err := getJSON(t.idem, k, &rec)
	if err != nil {
		return out, false, err
	}
	if found {
		if !bytes.Equal(rec.Hash, claim.Fingerprint) {
			return out, false, openspace.ErrIdempotencyConflict()
		}
		if err := decode(k, rec.Response, &out); err != nil {
			return out, false, err
		}
		return out, true, nil
	}
	if out, err = fn(t); err != nil {
		return out, false, err
	}
	response, err := json.Marshal(out)
	if err != nil {
		return out, false, fmt.Errorf("store: encode the answer of %q: %w", k, err)
	}
	seq, err := t.idem.NextSequence()
	if err != nil {
		return out, false, fmt.Errorf("store: idem sequence: %w", err)
	}
	if err := putJSON(t.idem, k, idemRecord{Hash: bytes.Clone(claim.Fingerprint), Seq: seq, Response: response}); err != nil {
		return out, false, err
	}
	return out, false, t.trimIdem(claim.EventID, claim.Caller)
}

// unkeyed is ctx without its Idempotency-Key claim, for the writes that
// must not remember one:
//   - those whose answer carries a secret the server just made (a new
//     organizer key, a copy's key, a personal link): the store keeps only
//     hashes, so a replay could not answer it; a retry makes another;
//   - those that erase what the key would be remembered with (deleting the
//     event, "forget me"): a record would outlive them, a trace of what
//     they erased. Their retry finds the event or the device gone.
func unkeyed(ctx context.Context) context.Context {
	return openspace.NewContextWithIdempotency(ctx, nil)
}

// trimIdem keeps the caller's idemPerCaller newest keys.
func (t *txn) trimIdem(eventID, caller string) error {
	type entry struct {
		k   []byte
		seq uint64
	}
	var entries []entry
	if err := scan(t.idem, prefix(eventID, caller), func(k, v []byte) error {
		seq, err := idemSeq(k, v)
		if err != nil {
			return err
		}
		entries = append(entries, entry{bytes.Clone(k), seq})
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

// idemSeq reads a record's seq. Every write of a caller who wrote 100
// times walks their 100 records, and an answer may weigh kilobytes (an
// event, a plan, notes): the decoder stops at seq, which comes before it.
func idemSeq(k, v []byte) (uint64, error) {
	dec := json.NewDecoder(bytes.NewReader(v))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return 0, fmt.Errorf("store: decode %q: not an object", k)
	}
	for dec.More() {
		name, err := dec.Token()
		if err != nil {
			return 0, fmt.Errorf("store: decode %q: %w", k, err)
		}
		if name == "seq" {
			var seq uint64
			if err := dec.Decode(&seq); err != nil {
				return 0, fmt.Errorf("store: decode %q: %w", k, err)
			}
			return seq, nil
		}
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return 0, fmt.Errorf("store: decode %q: %w", k, err)
		}
	}
	return 0, fmt.Errorf("store: decode %q: no seq", k)
}
