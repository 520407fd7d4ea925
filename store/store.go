// Package store keeps openspace events in one bbolt file.
//
// The store applies the domain rules of package openspace inside its write
// transactions (read, check and write atomically); the domain functions stay
// pure. Every rejected call returns its error from the transaction, so bbolt
// rolls it back and nothing stored changes.
package store

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"

	"openspace/openspace"
)

// Bucket names. The layout of each one is documented on Store.
const (
	bucketMeta      = "meta"
	bucketEvents    = "events"
	bucketJoinCodes = "joincodes"
	bucketSecrets   = "secrets"
	bucketAttendees = "attendees"
	bucketTokens    = "tokens"
	bucketTopics    = "topics"
	bucketVotes     = "votes"
	bucketPlans     = "plans"
	bucketSeats     = "seats"
	bucketCheckins  = "checkins"
	bucketNotes     = "notes"
	bucketFeedback  = "feedback"
	bucketIdem      = "idem"
	bucketLinks     = "links"
)

// Keys of the meta bucket and plan kinds.
const (
	keySchemaVersion = "schema_version"
	planDraft        = "draft"
	planPublished    = "published"
)

// sep separates the parts of compound keys. IDs are uuid strings and never
// contain it, and every method checks that the event (and, where relevant,
// the attendee or topic) exists before it builds a key from caller input.
const sep = "/"

// openTimeout bounds the wait for the file lock held by another process.
const openTimeout = time.Second

// Store is the bbolt persistence of openspace. It is safe for concurrent use.
//
// Layout. Keys and values are bytes; values are JSON unless noted. IDs are
// uuid strings (36 characters), so "<eventID>/" is an unambiguous prefix and
// a cursor Seek on it walks one event's records in key order.
//
//	meta       "schema_version"                 → JSON number: how many migrations ran
//	events     eventID                          → openspace.Event
//	joincodes  join code (6 chars, upper case)  → eventID (raw bytes)
//	secrets    eventID                          → organizer key hash (raw bytes)
//	attendees  eventID/attendeeID               → openspace.Attendee
//	tokens     device token hash (raw bytes)    → eventID/attendeeID (raw bytes)
//	topics     eventID/topicID                  → openspace.Topic; Topic.Votes is kept
//	                                              in step with the votes bucket in the
//	                                              same transaction as every vote change
//	votes      eventID/attendeeID/topicID       → voteRecord {"at":time,"seq":n}; a
//	                                              ballot lists its topics by seq (the
//	                                              order voted); seq comes from the votes
//	                                              bucket's NextSequence
//	plans      eventID/draft                    → openspace.Plan (always present)
//	           eventID/published                → openspace.Plan (absent until published);
//	                                              cells carry the expected headcount
//	seats      eventID/attendeeID               → []openspace.Seat: where the attendee is
//	                                              expected per session, computed with the
//	                                              published plan's headcounts at publish and
//	                                              again when a merge, a deletion or a set-up
//	                                              edit changes it (schema 2)
//	checkins   eventID/sessionID/attendeeID     → roomID (raw bytes): the room the attendee
//	                                              said they are in for that session;
//	                                              headcounts count them (schema 3)
//	notes      eventID/topicID                  → openspace.Notes: the topic's notes and
//	                                              takeaways, with the version edits merge
//	                                              against (schema 4)
//	           eventID/topicID/NNNNNNNNNN       → notesRevision {text, takeaways}: the last
//	                                              50 versions, for merging an edit that
//	                                              started from one of them
//	feedback   eventID/attendeeID               → openspace.Feedback: ROTI and comments
//	                                              given in the wrap-up (schema 4)
//	idem       eventID/callerID/Idempotency-Key → idemRecord {hash, seq, response}: the
//	                                              fingerprint (SHA-256 of method, path and
//	                                              body) of the write the key guarded and
//	                                              that write's value, written in the
//	                                              write's own transaction, so a retry
//	                                              changes nothing and answers the same;
//	                                              callerID is the attendee or
//	                                              "organizer"; the last 100 per caller
//	                                              (schema 5, when it held proposals only,
//	                                              with the body's hash: see idemRecord)
//	links      eventID/attendeeID               → linkRecord {hash, created_at, devices}: the
//	                                              attendee's personal link (the token hash
//	                                              of the active one, if any) and the device
//	                                              token hashes of the browsers signed in
//	                                              through their links, so that revoking
//	                                              signs them out (schema 6)
//	           link token hash (32 raw bytes)   → eventID/attendeeID (raw bytes): the active
//	                                              link's owner. 32 bytes, shorter than any
//	                                              "eventID/" prefix, so a prefix scan never
//	                                              meets one
//
// Schema changes are migrations (see migrate.go); the meta bucket records
// how many have run.
type Store struct {
	db    *bolt.DB
	now   func() time.Time // UTC; replaceable in tests
	newID func() string

	onCommit atomic.Pointer[func(time.Duration)] // metrics.go
}

// ErrInUse is in the chain of Open's error when another process holds the
// file (bbolt locks it) for more than a second.
var ErrInUse = errors.New("in use by another process")

// Open opens (creating if needed) the bbolt file at path and runs the
// migrations it lacks. It fails with ErrInUse in its chain when another
// process holds the file.
func Open(path string) (*Store, error) {
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: openTimeout})
	if errors.Is(err, bolterrors.ErrTimeout) {
		return nil, fmt.Errorf("store: open %s: %w", path, ErrInUse)
	}
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	if err := migrate(db); err != nil {
		_ = db.Close()
		return nil, err
	}
	return &Store{
		db:    db,
		now:   func() time.Time { return time.Now().UTC() },
		newID: uuid.NewString,
	}, nil
}

// Close closes the file; it waits for open transactions to finish.
func (s *Store) Close() error {
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("store: close: %w", err)
	}
	return nil
}

// Ping reports whether the file answers a read, for health checks.
func (s *Store) Ping(ctx context.Context) error {
	return s.view(ctx, func(*txn) error { return nil })
}

// DB returns the underlying database. Only the package's tests use it, to
// inspect the file or turn it into an older schema; the operator's backup
// goes through Backup.
func (s *Store) DB() *bolt.DB { return s.db }

// txn is one transaction with the buckets fetched once.
type txn struct {
	tx        *bolt.Tx
	events    *bolt.Bucket
	joinCodes *bolt.Bucket
	secrets   *bolt.Bucket
	attendees *bolt.Bucket
	tokens    *bolt.Bucket
	topics    *bolt.Bucket
	votes     *bolt.Bucket
	plans     *bolt.Bucket
	seats     *bolt.Bucket
	checkins  *bolt.Bucket
	notes     *bolt.Bucket
	feedback  *bolt.Bucket
	idem      *bolt.Bucket
	links     *bolt.Bucket
}

// begin fetches the buckets; a missing one means a damaged file.
func begin(tx *bolt.Tx) (*txn, error) {
	t := &txn{tx: tx}
	for _, b := range []struct {
		name string
		dst  **bolt.Bucket
	}{
		{bucketEvents, &t.events},
		{bucketJoinCodes, &t.joinCodes},
		{bucketSecrets, &t.secrets},
		{bucketAttendees, &t.attendees},
		{bucketTokens, &t.tokens},
		{bucketTopics, &t.topics},
		{bucketVotes, &t.votes},
		{bucketPlans, &t.plans},
		{bucketSeats, &t.seats},
		{bucketCheckins, &t.checkins},
		{bucketNotes, &t.notes},
		{bucketFeedback, &t.feedback},
		{bucketIdem, &t.idem},
		{bucketLinks, &t.links},
	} {
		if *b.dst = tx.Bucket([]byte(b.name)); *b.dst == nil {
			return nil, fmt.Errorf("store: bucket %s is missing", b.name)
		}
	}
	return t, nil
}

// view runs fn in a read transaction after checking the context. Reads
// never use an Idempotency-Key.
func (s *Store) view(ctx context.Context, fn func(t *txn) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.db.View(run(fn))
}

// update runs fn in a write transaction after checking the context. It
// returns after the commit (fsync); an error from fn rolls everything back.
// Like every write, it honours the context's Idempotency-Key (see keyed).
func (s *Store) update(ctx context.Context, fn func(t *txn) error) error {
	_, err := write(ctx, s, func(t *txn) (struct{}, error) { return struct{}{}, fn(t) })
	return err
}

// read, write and writeBatched are for methods that return a value
// (functions, as Go has no generic methods). fn returns the value; it is
// handed back only when the transaction succeeded (for a write, once
// committed), else the zero value comes back with the error.
func read[T any](ctx context.Context, s *Store, fn func(t *txn) (T, error)) (T, error) {
	var out T
	err := s.view(ctx, func(t *txn) error {
		var err error
		out, err = fn(t)
		return err
	})
	if err != nil {
		var zero T
		return zero, err
	}
	return out, nil
}

// write runs fn in a write transaction of its own (db.Update).
func write[T any](ctx context.Context, s *Store, fn func(t *txn) (T, error)) (T, error) {
	return keyed(ctx, s.timed(s.db.Update), fn)
}

// writeBatched shares its commit with concurrent calls (db.Batch). fn may
// run more than once (bbolt runs the rest of a batch again when one call
// fails): each run's value replaces the last, but fn must not change
// anything outside the transaction.
func writeBatched[T any](ctx context.Context, s *Store, fn func(t *txn) (T, error)) (T, error) {
	return keyed(ctx, s.timed(s.db.Batch), fn)
}

// keyed is the one way into a write transaction (commit is db.Update or
// db.Batch), after checking the context. When the context holds an
// Idempotency-Key claim that no write of the request has used yet, the key
// is looked up in the same transaction (idem.go): the same request seen
// before gets the value it was first answered and nothing is written
// (claim.Replayed); another request under the same key is a conflict; a
// new key runs fn and, if fn succeeds, is recorded with fn's value in the
// transaction that commits fn's writes, so a crash keeps both or neither.
// A failure rolls the record back with the rest: a refused request leaves
// its key free. Only the first write of a request uses the key.
func keyed[T any](ctx context.Context, commit func(func(*bolt.Tx) error) error, fn func(t *txn) (T, error)) (T, error) {
	var zero T
	if err := ctx.Err(); err != nil {
		return zero, err
	}
	claim := openspace.IdempotencyFromContext(ctx)
	if claim != nil && claim.Used {
		claim = nil
	}
	var out T
	err := commit(run(func(t *txn) error {
		var err error
		if claim == nil {
			out, err = fn(t) // a re-run overwrites the value of the run before
			return err
		}
		out, claim.Replayed, err = idempotent(t, claim, fn) // and whether it replayed
		return err
	}))
	if claim != nil {
		claim.Used = true
	}
	if err != nil {
		if claim != nil {
			claim.Replayed = false
		}
		return zero, err
	}
	return out, nil
}

func run(fn func(t *txn) error) func(tx *bolt.Tx) error {
	return func(tx *bolt.Tx) error {
		t, err := begin(tx)
		if err != nil {
			return err
		}
		return fn(t)
	}
}

// Domain errors shared by the files of the package.
func errEventNotFound() error    { return openspace.Errorf(openspace.ENOTFOUND, "Event not found.") }
func errTopicNotFound() error    { return openspace.Errorf(openspace.ENOTFOUND, "Topic not found.") }
func errAttendeeNotFound() error { return openspace.Errorf(openspace.ENOTFOUND, "Attendee not found.") }

// key joins the parts of a compound key.
func key(parts ...string) []byte {
	var b bytes.Buffer
	for i, p := range parts {
		if i > 0 {
			b.WriteString(sep)
		}
		b.WriteString(p)
	}
	return b.Bytes()
}

// prefix is the key prefix of every record under parts ("a/b/").
func prefix(parts ...string) []byte {
	return append(key(parts...), sep...)
}

// scan calls fn for each key of b that starts with p, in key order. The
// slices are valid only during fn. Deleting the current key from fn is not
// allowed (it would skip the next one): collect keys, then delete.
func scan(b *bolt.Bucket, p []byte, fn func(k, v []byte) error) error {
	c := b.Cursor()
	for k, v := c.Seek(p); k != nil && bytes.HasPrefix(k, p); k, v = c.Next() {
		if err := fn(k, v); err != nil {
			return err
		}
	}
	return nil
}

// getJSON decodes the value at k into v; found is false when k is absent.
// Decoding copies the bytes out of the transaction's memory map.
func getJSON(b *bolt.Bucket, k []byte, v any) (found bool, err error) {
	data := b.Get(k)
	if data == nil {
		return false, nil
	}
	return true, decode(k, data, v)
}

// decode decodes the value data stored at k into v, copying the bytes out
// of the transaction's memory map.
func decode(k, data []byte, v any) error {
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("store: decode %q: %w", k, err)
	}
	return nil
}

// putJSON encodes v and stores it at k.
func putJSON(b *bolt.Bucket, k []byte, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("store: encode %q: %w", k, err)
	}
	if err := b.Put(k, data); err != nil {
		return fmt.Errorf("store: put %q: %w", k, err)
	}
	return nil
}

// del deletes k, wrapping the error.
func del(b *bolt.Bucket, k []byte) error {
	if err := b.Delete(k); err != nil {
		return fmt.Errorf("store: delete %q: %w", k, err)
	}
	return nil
}
