package store

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	bolt "go.etcd.io/bbolt"

	"openspace/openspace"
)

// fixtureEventID is the evening in testdata/schema2.db (see
// testdata/make_schema2.py): 3 topics, Ada, Grace and Linus voting 5 dots
// in all, a published plan.
const fixtureEventID = "f77aacd0-ee5b-4477-adc2-fcc2d2ac338a"

// dumpFile lists every bucket's keys and values, for comparing two states.
func dumpFile(tb testing.TB, db *bolt.DB) map[string]string {
	tb.Helper()
	out := map[string]string{}
	err := db.View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			out[string(name)+"|"] = fmt.Sprintf("seq=%d", b.Sequence())
			return b.ForEach(func(k, v []byte) error {
				out[string(name)+"|"+string(k)] = string(v)
				return nil
			})
		})
	})
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

// TestSchema2FileMigrates: a data file written by the openspace of schema
// version 2 (a fixture in testdata) opens with every migration since run
// once, its evening intact; a second open is a no-op.
func TestSchema2FileMigrates(t *testing.T) {
	data, err := os.ReadFile("testdata/schema2.db")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "old.db")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	// The fixture is what it says.
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	before := dumpFile(t, db)
	db.Close()
	if v := before[bucketMeta+"|"+keySchemaVersion]; v != "2" {
		t.Fatalf("the fixture's schema version is %q, want 2", v)
	}
	if _, ok := before[bucketCheckins+"|"]; ok {
		t.Fatal("the fixture already has the schema 3 buckets")
	}

	s, err := Open(path)
	if err != nil {
		t.Fatalf("open the schema 2 file: %v", err)
	}
	first := dumpFile(t, s.DB())
	if got, want := first[bucketMeta+"|"+keySchemaVersion], strconv.Itoa(schemaVersion()); got != want {
		t.Errorf("schema version after open = %s, want %s", got, want)
	}
	if err := s.DB().View(func(tx *bolt.Tx) error { _, err := begin(tx); return err }); err != nil {
		t.Errorf("buckets after migrating: %v", err)
	}
	// The evening is intact and reads through the store.
	e, err := s.Event(ctx, fixtureEventID)
	if err != nil {
		t.Fatal(err)
	}
	if e.Title != "Meetup d'avant" || e.Phase == "" || e.PitchSeconds != openspace.DefaultPitchSeconds {
		t.Errorf("event after migrating: title %q phase %q pitch %d", e.Title, e.Phase, e.PitchSeconds)
	}
	votes, err := s.Votes(ctx, fixtureEventID)
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, b := range votes {
		total += len(b)
	}
	if len(votes) != 3 || total != 5 {
		t.Errorf("votes after migrating: %v, want 3 voters and 5 dots", votes)
	}
	st, err := s.State(ctx, fixtureEventID, true)
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for _, tp := range st.Topics {
		counts[tp.Title] = tp.Votes
	}
	if counts["Puppet"] != 3 || counts["Jira"] != 1 || counts["Fabric"] != 1 {
		t.Errorf("counts after migrating: %v, want Puppet 3, Jira 1, Fabric 1", counts)
	}
	if st.Plan == nil || len(st.Plan.Cells) == 0 {
		t.Errorf("the published plan is gone: %+v", st.Plan)
	}
	// Every record of the old file is still there, unchanged, except the
	// events migration 3 gave a phase.
	for k, v := range before {
		if bytes.HasPrefix([]byte(k), []byte(bucketEvents+"|")) || k == bucketMeta+"|"+keySchemaVersion {
			continue
		}
		if first[k] != v {
			t.Errorf("record %s changed: %q → %q", k, v, first[k])
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	// A second open runs nothing: every bucket, key and value is the same.
	s = mustOpenAt(t, path)
	second := dumpFile(t, s.DB())
	if len(second) != len(first) {
		t.Errorf("second open: %d records, first %d", len(second), len(first))
	}
	for k, v := range first {
		if second[k] != v {
			t.Errorf("second open changed %s: %q → %q", k, v, second[k])
		}
	}
}
