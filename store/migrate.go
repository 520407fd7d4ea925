package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"

	bolt "go.etcd.io/bbolt"

	"openspace/openspace"
)

// migrations are the schema changes, in order. Migration i (0-based) takes
// the file from schema version i to i+1; the version bump is written in the
// same transaction as the step, so a crash leaves either both or neither.
// Never edit or reorder a released step: append a new one.
var migrations = []func(tx *bolt.Tx) error{
	// 1: create the buckets.
	func(tx *bolt.Tx) error {
		for _, name := range []string{
			bucketEvents, bucketJoinCodes, bucketSecrets, bucketAttendees,
			bucketTokens, bucketTopics, bucketVotes, bucketPlans,
		} {
			if _, err := tx.CreateBucketIfNotExists([]byte(name)); err != nil {
				return fmt.Errorf("create bucket %s: %w", name, err)
			}
		}
		return nil
	},
	// 2: seats, the assignment of each attendee computed at publish.
	func(tx *bolt.Tx) error {
		if _, err := tx.CreateBucketIfNotExists([]byte(bucketSeats)); err != nil {
			return fmt.Errorf("create bucket %s: %w", bucketSeats, err)
		}
		return nil
	},
	// 3: check-ins, and every event gets a phase and a pitch length.
	func(tx *bolt.Tx) error {
		if _, err := tx.CreateBucketIfNotExists([]byte(bucketCheckins)); err != nil {
			return fmt.Errorf("create bucket %s: %w", bucketCheckins, err)
		}
		events, plans := tx.Bucket([]byte(bucketEvents)), tx.Bucket([]byte(bucketPlans))
		// Collected first: a bucket must not change during its ForEach.
		type update struct{ key, value []byte }
		var updates []update
		err := events.ForEach(func(k, v []byte) error {
			var e openspace.Event
			if err := json.Unmarshal(v, &e); err != nil {
				return fmt.Errorf("event %s: %w", k, err)
			}
			if e.Phase == "" {
				published := plans.Get([]byte(string(k)+sep+planPublished)) != nil
				e.Phase = openspace.GuessPhase(e, published)
			}
			if e.PitchSeconds == 0 {
				e.PitchSeconds = openspace.DefaultPitchSeconds
			}
			data, err := json.Marshal(e)
			if err != nil {
				return err
			}
			updates = append(updates, update{bytes.Clone(k), data})
			return nil
		})
		if err != nil {
			return err
		}
		for _, u := range updates {
			if err := events.Put(u.key, u.value); err != nil {
				return err
			}
		}
		return nil
	},
	// 4: notes and feedback.
	func(tx *bolt.Tx) error {
		for _, name := range []string{bucketNotes, bucketFeedback} {
			if _, err := tx.CreateBucketIfNotExists([]byte(name)); err != nil {
				return fmt.Errorf("create bucket %s: %w", name, err)
			}
		}
		return nil
	},
	// 5: idempotency keys of proposals.
	func(tx *bolt.Tx) error {
		if _, err := tx.CreateBucketIfNotExists([]byte(bucketIdem)); err != nil {
			return fmt.Errorf("create bucket %s: %w", bucketIdem, err)
		}
		return nil
	},
	// 6: personal links ("use on another device").
	func(tx *bolt.Tx) error {
		if _, err := tx.CreateBucketIfNotExists([]byte(bucketLinks)); err != nil {
			return fmt.Errorf("create bucket %s: %w", bucketLinks, err)
		}
		return nil
	},
}

// schemaVersion is the number of migrations this binary knows.
func schemaVersion() int { return len(migrations) }

// migrate runs, one transaction each, the migrations the file lacks. A file
// written by a newer binary is refused rather than misread.
func migrate(db *bolt.DB) error {
	for {
		done := false
		err := db.Update(func(tx *bolt.Tx) error {
			meta, err := tx.CreateBucketIfNotExists([]byte(bucketMeta))
			if err != nil {
				return fmt.Errorf("store: create bucket %s: %w", bucketMeta, err)
			}
			v, err := readVersion(meta)
			if err != nil {
				return err
			}
			switch {
			case v > schemaVersion():
				return fmt.Errorf("store: schema version %d is newer than this program's %d", v, schemaVersion())
			case v == schemaVersion():
				done = true
				return nil
			}
			if err := migrations[v](tx); err != nil {
				return fmt.Errorf("store: migration %d: %w", v+1, err)
			}
			if err := meta.Put([]byte(keySchemaVersion), []byte(strconv.Itoa(v+1))); err != nil {
				return fmt.Errorf("store: migration %d: record version: %w", v+1, err)
			}
			return nil
		})
		if err != nil {
			return err
		}
		if done {
			return nil
		}
	}
}

// readVersion reads meta's schema_version; 0 when absent (a new file).
func readVersion(meta *bolt.Bucket) (int, error) {
	data := meta.Get([]byte(keySchemaVersion))
	if data == nil {
		return 0, nil
	}
	v, err := strconv.Atoi(string(data))
	if err != nil || v < 0 {
		return 0, fmt.Errorf("store: bad schema version %q", data)
	}
	return v, nil
}
