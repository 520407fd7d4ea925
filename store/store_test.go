package store

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"strconv"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"openspace/openspace"
)

var ctx = context.Background()

// mustOpen opens a store on a fresh file in tb.TempDir(), closed at cleanup.
func mustOpen(tb testing.TB) *Store {
	tb.Helper()
	return mustOpenAt(tb, filepath.Join(tb.TempDir(), "openspace.db"))
}

func mustOpenAt(tb testing.TB, path string) *Store {
	tb.Helper()
	s, err := Open(path)
	if err != nil {
		tb.Fatalf("Open(%q): %v", path, err)
	}
	tb.Cleanup(func() {
		if err := s.Close(); err != nil && !errors.Is(err, berrors.ErrDatabaseNotOpen) {
			tb.Errorf("Close: %v", err)
		}
	})
	return s
}

// testSetup has two sessions and two rooms; only "Grande salle" has a screen.
func testSetup() openspace.EventSetup {
	return openspace.EventSetup{
		Title:    " 2ème meetup Paris DevOps ",
		Date:     "2026-03-12",
		Venue:    "Chez nous",
		Language: "FR",
		Sessions: []openspace.Session{
			{Title: "1ère session", Start: "19:00", Duration: 30},
			{Title: "2ème session", Start: "19:40", Duration: 30},
		},
		Rooms: []openspace.Room{
			{Name: "Grande salle", Capacity: 30, Equipment: []string{"Screen", "whiteboard"}},
			{Name: "Cuisine", Capacity: 8},
		},
		Question: &openspace.Question{Prompt: "Vous êtes ?", Choices: []string{"Dev", "Ops", "Autre"}},
	}
}

func mustEvent(tb testing.TB, s *Store) openspace.Event {
	tb.Helper()
	e, err := s.CreateEvent(ctx, testSetup(), []byte("organizer-hash"))
	if err != nil {
		tb.Fatalf("CreateEvent: %v", err)
	}
	return openVoting(tb, s, e.ID)
}

// openVoting opens voting beside proposals, as an organizer who lets
// people vote while topics still come in: most tests need both.
func openVoting(tb testing.TB, s *Store, eventID string) openspace.Event {
	tb.Helper()
	yes := true
	e, err := s.SetPhases(ctx, eventID, openspace.PhaseUpdate{VotingOpen: &yes})
	if err != nil {
		tb.Fatalf("SetPhases: %v", err)
	}
	return e
}

var tokenSeq int

func mustJoin(tb testing.TB, s *Store, eventID, answer string) openspace.Attendee {
	tb.Helper()
	tokenSeq++
	a, err := s.Join(ctx, eventID, openspace.JoinInput{Name: "someone", Answer: answer}, []byte("token-"+strconv.Itoa(tokenSeq)))
	if err != nil {
		tb.Fatalf("Join: %v", err)
	}
	return a
}

func mustTopic(tb testing.TB, s *Store, eventID, proposerID, title string, needs ...string) openspace.Topic {
	tb.Helper()
	tp, err := s.CreateTopic(ctx, eventID, proposerID, openspace.TopicInput{Title: title, Needs: needs}, proposerID == "")
	if err != nil {
		tb.Fatalf("CreateTopic(%q): %v", title, err)
	}
	return tp
}

func mustVote(tb testing.TB, s *Store, eventID, attendeeID, topicID string) openspace.Ballot {
	tb.Helper()
	b, err := s.Vote(ctx, eventID, attendeeID, topicID)
	if err != nil {
		tb.Fatalf("Vote: %v", err)
	}
	return b
}

func mustOp(tb testing.TB, s *Store, eventID string, op openspace.PlanOp) openspace.Plan {
	tb.Helper()
	p, err := s.ApplyPlanOp(ctx, eventID, op)
	if err != nil {
		tb.Fatalf("ApplyPlanOp(%+v): %v", op, err)
	}
	return p
}

func mustState(tb testing.TB, s *Store, eventID string) openspace.State {
	tb.Helper()
	st, err := s.State(ctx, eventID, true)
	if err != nil {
		tb.Fatalf("State: %v", err)
	}
	return st
}

func wantCode(tb testing.TB, what string, err error, code string) {
	tb.Helper()
	if got := openspace.ErrorCode(err); got != code {
		tb.Errorf("%s: error code = %q (%v), want %q", what, got, err, code)
	}
}

// dump reads every key and value of the file, to prove a call changed nothing.
func dump(tb testing.TB, s *Store) map[string]string {
	tb.Helper()
	out := map[string]string{}
	err := s.DB().View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			out[string(name)+"#seq"] = strconv.FormatUint(b.Sequence(), 10)
			return b.ForEach(func(k, v []byte) error {
				out[string(name)+" "+string(k)] = string(v)
				return nil
			})
		})
	})
	if err != nil {
		tb.Fatalf("dump: %v", err)
	}
	return out
}

func TestReopenPersists(t *testing.T) {
	path := filepath.Join(t.TempDir(), "openspace.db")
	s, err := Open(path)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	e := mustEvent(t, s)
	a := mustJoin(t, s, e.ID, "Dev")
	tp := mustTopic(t, s, e.ID, a.ID, "GitOps")
	mustVote(t, s, e.ID, a.ID, tp.ID)
	mustOp(t, s, e.ID, openspace.PlanOp{Op: openspace.OpPlace, Topic: tp.ID, Session: e.Sessions[0].ID, Room: e.Rooms[0].ID})
	if _, err := s.Publish(ctx, e.ID); err != nil {
		t.Fatalf("Publish: %v", err)
	}
	before := mustState(t, s, e.ID)
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}

	s = mustOpenAt(t, path)
	after := mustState(t, s, e.ID)
	if !reflect.DeepEqual(after, before) {
		t.Errorf("state after reopen:\n got %+v\nwant %+v", after, before)
	}
	got, err := s.AttendeeByToken(ctx, e.ID, []byte("token-"+strconv.Itoa(tokenSeq)))
	if err != nil || got != a {
		t.Errorf("AttendeeByToken after reopen = %+v, %v; want %+v", got, err, a)
	}
	if id, err := s.EventIDByJoinCode(ctx, e.JoinCode); err != nil || id != e.ID {
		t.Errorf("EventIDByJoinCode after reopen = %q, %v; want %q", id, err, e.ID)
	}
}

func readSchemaVersion(tb testing.TB, s *Store) string {
	tb.Helper()
	var v string
	err := s.DB().View(func(tx *bolt.Tx) error {
		meta := tx.Bucket([]byte(bucketMeta))
		if meta == nil {
			return errors.New("no meta bucket")
		}
		v = string(meta.Get([]byte(keySchemaVersion)))
		return nil
	})
	if err != nil {
		tb.Fatalf("read schema version: %v", err)
	}
	return v
}

func TestMigrations(t *testing.T) {
	path := filepath.Join(t.TempDir(), "openspace.db")
	s, err := Open(path)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	want := strconv.Itoa(len(migrations))
	if got := readSchemaVersion(t, s); got != want {
		t.Errorf("schema_version = %q, want %q", got, want)
	}
	err = s.DB().View(func(tx *bolt.Tx) error {
		_, err := begin(tx)
		return err
	})
	if err != nil {
		t.Errorf("buckets after migration: %v", err)
	}
	// A file from a newer program is refused, not misread.
	err = s.DB().Update(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte(bucketMeta)).Put([]byte(keySchemaVersion), []byte("99"))
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if s2, err := Open(path); err == nil {
		_ = s2.Close()
		t.Fatalf("Open of a schema 99 file: got no error")
	}

	// Reopening a current file keeps the version.
	s = mustOpen(t)
	path = s.DB().Path()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = mustOpenAt(t, path)
	if got := readSchemaVersion(t, s); got != want {
		t.Errorf("schema_version after reopen = %q, want %q", got, want)
	}
}

func TestOpenLockedFileTimesOut(t *testing.T) {
	s := mustOpen(t)
	start := time.Now()
	s2, err := Open(s.DB().Path())
	if err == nil {
		_ = s2.Close()
		t.Fatal("second Open of a locked file: got no error")
	}
	if !errors.Is(err, ErrInUse) {
		t.Errorf("second Open: error = %v, want ErrInUse", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("second Open took %v, want about %v", d, openTimeout)
	}
}

func TestCanceledContext(t *testing.T) {
	s := mustOpen(t)
	e := mustEvent(t, s)
	c, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := s.Event(c, e.ID); !errors.Is(err, context.Canceled) {
		t.Errorf("Event with canceled context: error = %v, want context.Canceled", err)
	}
	if _, err := s.SetPhases(c, e.ID, openspace.PhaseUpdate{}); !errors.Is(err, context.Canceled) {
		t.Errorf("SetPhases with canceled context: error = %v, want context.Canceled", err)
	}
	if _, err := s.Vote(c, e.ID, "a", "t"); !errors.Is(err, context.Canceled) {
		t.Errorf("Vote with canceled context: error = %v, want context.Canceled", err)
	}
}

func TestUnknownEvent(t *testing.T) {
	s := mustOpen(t)
	e := mustEvent(t, s)
	a := mustJoin(t, s, e.ID, "")
	tp := mustTopic(t, s, e.ID, a.ID, "Kubernetes")
	const id = "00000000-0000-0000-0000-000000000000"
	calls := []struct {
		name string
		call func() error
	}{
		{"Event", func() error { _, err := s.Event(ctx, id); return err }},
		{"EventIDByJoinCode", func() error { _, err := s.EventIDByJoinCode(ctx, "ZZZZZZ"); return err }},
		{"OrganizerKeyHash", func() error { _, err := s.OrganizerKeyHash(ctx, id); return err }},
		{"SetOrganizerKeyHash", func() error { return s.SetOrganizerKeyHash(ctx, id, []byte("h")) }},
		{"UpdateSetup", func() error { _, err := s.UpdateSetup(ctx, id, testSetup()); return err }},
		{"UpdateSetup, invalid too", func() error {
			_, err := s.UpdateSetup(ctx, id, openspace.EventSetup{})
			return err
		}},
		{"SetPhases", func() error { _, err := s.SetPhases(ctx, id, openspace.PhaseUpdate{}); return err }},
		{"Join", func() error { _, err := s.Join(ctx, id, openspace.JoinInput{}, []byte("x")); return err }},
		{"AttendeeByToken", func() error { _, err := s.AttendeeByToken(ctx, id, []byte("x")); return err }},
		{"Attendance", func() error { _, err := s.Attendance(ctx, id); return err }},
		{"CreateTopic", func() error {
			_, err := s.CreateTopic(ctx, id, "", openspace.TopicInput{Title: "x"}, true)
			return err
		}},
		{"CreateTopic, invalid too", func() error {
			_, err := s.CreateTopic(ctx, id, "", openspace.TopicInput{}, false)
			return err
		}},
		{"UpdateTopic", func() error {
			_, err := s.UpdateTopic(ctx, id, tp.ID, openspace.TopicInput{Title: "x"})
			return err
		}},
		{"DeleteTopic", func() error { return s.DeleteTopic(ctx, id, tp.ID) }},
		{"MergeTopics", func() error { _, err := s.MergeTopics(ctx, id, tp.ID, "other"); return err }},
		{"Topic", func() error { _, err := s.Topic(ctx, id, tp.ID); return err }},
		{"Topics", func() error { _, err := s.Topics(ctx, id); return err }},
		{"Vote", func() error { _, err := s.Vote(ctx, id, a.ID, tp.ID); return err }},
		{"Unvote", func() error { _, err := s.Unvote(ctx, id, a.ID, tp.ID); return err }},
		{"Ballot", func() error { _, err := s.Ballot(ctx, id, a.ID); return err }},
		{"Votes", func() error { _, err := s.Votes(ctx, id); return err }},
		{"Draft", func() error { _, err := s.Draft(ctx, id); return err }},
		{"Published", func() error { _, err := s.Published(ctx, id); return err }},
		{"ApplyPlanOp", func() error { _, err := s.ApplyPlanOp(ctx, id, openspace.PlanOp{Op: openspace.OpClear}); return err }},
		{"ReplaceDraft", func() error { _, err := s.ReplaceDraft(ctx, id, openspace.Plan{}); return err }},
		{"Publish", func() error { _, err := s.Publish(ctx, id); return err }},
		{"State", func() error { _, err := s.State(ctx, id, true); return err }},
		{"Patch", func() error { _, err := s.Patch(ctx, id, openspace.Change{Event: true}, true); return err }},
		{"Event empty ID", func() error { _, err := s.Event(ctx, ""); return err }},
	}
	before := dump(t, s)
	for _, c := range calls {
		err := c.call()
		wantCode(t, c.name, err, openspace.ENOTFOUND)
		if got, want := openspace.ErrorMessage(err), "Event not found."; got != want {
			t.Errorf("%s: message = %q, want %q", c.name, got, want)
		}
	}
	if after := dump(t, s); !reflect.DeepEqual(after, before) {
		t.Errorf("calls on an unknown event changed the file")
	}
}

// placements drops the expected headcounts a published plan carries, to
// compare where topics are.
func placements(cells []openspace.Cell) []openspace.Cell {
	out := make([]openspace.Cell, len(cells))
	for i, c := range cells {
		c.Expected = 0
		out[i] = c
	}
	return out
}
