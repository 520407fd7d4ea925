package openspace

import "context"

// MaxIdempotencyKey bounds an Idempotency-Key; a uuid is 36 characters.
const MaxIdempotencyKey = 100

// IdempotencyOrganizer is the caller of the organizer's keys (attendee IDs
// are uuids, never this).
const IdempotencyOrganizer = "organizer"

// Idempotency is a write request's claim on an Idempotency-Key: a phone on
// bad Wi-Fi that never got its answer sends the request again with the same
// key, and the store answers as the first time without writing anything.
// The server puts the claim in the request's context; the store checks and
// records the key in the same transaction as the request's first write.
type Idempotency struct {
	EventID string
	Caller  string // the attendee's ID, or IdempotencyOrganizer
	Key     string
	// Fingerprint is the SHA-256 of the request's method, path and body:
	// the same key with another fingerprint is a conflict.
	Fingerprint []byte

	// Replayed is set by the store: the key had answered this request
	// before, its first answer is what the write returned, and nothing was
	// written. Each run of a transaction sets it afresh.
	Replayed bool
	// Used is set by the store once the request's first write is done:
	// the key guards that write only.
	Used bool
}

// Validate checks the key: 1 to MaxIdempotencyKey visible ASCII characters.
func (i Idempotency) Validate() error {
	if len(i.Key) == 0 || len(i.Key) > MaxIdempotencyKey {
		return errBadIdempotencyKey()
	}
	for j := 0; j < len(i.Key); j++ {
		if i.Key[j] < 0x21 || i.Key[j] > 0x7e {
			return errBadIdempotencyKey()
		}
	}
	return nil
}

func errBadIdempotencyKey() error {
	return Errorf(EINVALID, "The Idempotency-Key must be 1 to %d visible ASCII characters.", MaxIdempotencyKey)
}

// ErrIdempotencyConflict is the error of a key used again for another
// request.
func ErrIdempotencyConflict() error {
	return Errorf(ECONFLICT, "This Idempotency-Key was already used for another request.")
}

type idempotencyKey struct{}

// NewContextWithIdempotency returns a copy of ctx that carries the claim.
func NewContextWithIdempotency(ctx context.Context, claim *Idempotency) context.Context {
	return context.WithValue(ctx, idempotencyKey{}, claim)
}

// IdempotencyFromContext returns the claim ctx carries, nil if none.
func IdempotencyFromContext(ctx context.Context) *Idempotency {
	claim, _ := ctx.Value(idempotencyKey{}).(*Idempotency)
	return claim
}
