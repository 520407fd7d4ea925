package store

import (
	"encoding/json"
	"testing"

	bolt "go.etcd.io/bbolt"

	"openspace/openspace"
)

// TestMigrationThreeGivesOldEventsAPhase opens a file as schema 2 left it
// (events without phase or pitch length, no checkins bucket) and checks
// that each event gets the phase its flags and plan say it was in.
func TestMigrationThreeGivesOldEventsAPhase(t *testing.T) {
	s := mustOpen(t)
	path := s.DB().Path()
	ada := func(e openspace.Event) openspace.Attendee { return mustJoin(t, s, e.ID, "") }
	proposing := mustEvent(t, s) // voting open: the old default
	no := false
	if _, err := s.SetPhases(ctx, proposing.ID, openspace.PhaseUpdate{VotingOpen: &no}); err != nil {
		t.Fatal(err)
	}
	voting := mustEvent(t, s)
	published := mustEvent(t, s)
	topic := mustTopic(t, s, published.ID, ada(published).ID, "Puppet")
	mustOp(t, s, published.ID, openspace.PlanOp{Op: openspace.OpPlace, Topic: topic.ID, Session: published.Sessions[0].ID, Room: published.Rooms[0].ID})
	if _, err := s.Publish(ctx, published.ID); err != nil {
		t.Fatal(err)
	}

	err := s.DB().Update(func(tx *bolt.Tx) error {
		if err := tx.DeleteBucket([]byte(bucketCheckins)); err != nil {
			return err
		}
		events := tx.Bucket([]byte(bucketEvents))
		for _, id := range []string{proposing.ID, voting.ID, published.ID} {
			var raw map[string]any
			if err := json.Unmarshal(events.Get([]byte(id)), &raw); err != nil {
				return err
			}
			delete(raw, "phase")
			delete(raw, "pitch_seconds")
			data, _ := json.Marshal(raw)
			if err := events.Put([]byte(id), data); err != nil {
				return err
			}
		}
		return tx.Bucket([]byte(bucketMeta)).Put([]byte(keySchemaVersion), []byte("2"))
	})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()

	s = mustOpenAt(t, path)
	tests := []struct {
		name, id, want string
	}{
		{"proposals only", proposing.ID, openspace.PhaseMarketplace},
		{"voting open", voting.ID, openspace.PhaseVoting},
		{"published", published.ID, openspace.PhasePlan},
	}
	for _, tt := range tests {
		e, err := s.Event(ctx, tt.id)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := e.Phase, tt.want; got != want {
			t.Errorf("%s: phase %q, want %q", tt.name, got, want)
		}
		if got, want := e.PitchSeconds, openspace.DefaultPitchSeconds; got != want {
			t.Errorf("%s: pitch seconds %d, want %d", tt.name, got, want)
		}
	}
	if _, err := s.CheckIn(ctx, published.ID, mustJoin(t, s, published.ID, "").ID, published.Sessions[0].ID, published.Rooms[0].ID); err != nil {
		t.Errorf("check-in after the migration: %v", err)
	}
}

// TestCheckInRefusalsWriteNothing: a check-in refused for any reason
// leaves the checkins bucket as it was; checking out removes one.
func TestCheckInRefusalsWriteNothing(t *testing.T) {
	s := mustOpen(t)
	e := mustEvent(t, s)
	ada := mustJoin(t, s, e.ID, "")
	s1, s2, big := e.Sessions[0].ID, e.Sessions[1].ID, e.Rooms[0].ID
	count := func() int {
		t.Helper()
		n := 0
		if err := s.DB().View(func(tx *bolt.Tx) error {
			return tx.Bucket([]byte(bucketCheckins)).ForEach(func(_, _ []byte) error { n++; return nil })
		}); err != nil {
			t.Fatal(err)
		}
		return n
	}
	refuse := func(what, session, room, code string) {
		t.Helper()
		if _, err := s.CheckIn(ctx, e.ID, ada.ID, session, room); openspace.ErrorCode(err) != code {
			t.Errorf("%s: %v, want %s", what, err, code)
		}
		if n := count(); n != 0 {
			t.Errorf("%s: %d check-ins stored, want none", what, n)
		}
	}
	refuse("before the plan phase", s1, big, openspace.ECONFLICT)
	plan := openspace.PhasePlan
	if _, err := s.SetPhases(ctx, e.ID, openspace.PhaseUpdate{Phase: &plan}); err != nil {
		t.Fatal(err)
	}
	refuse("nothing published", s1, big, openspace.ECONFLICT)
	if _, err := s.Publish(ctx, e.ID); err != nil {
		t.Fatal(err)
	}
	refuse("an unknown room", s1, "nope", openspace.ENOTFOUND)
	refuse("an unknown session", "nope", big, openspace.ENOTFOUND)
	if _, err := s.CheckIn(ctx, e.ID, "nobody", s1, big); openspace.ErrorCode(err) != openspace.ENOTFOUND || count() != 0 {
		t.Errorf("an unknown attendee: %v, %d stored", err, count())
	}

	for _, sess := range []string{s1, s2} {
		if _, err := s.CheckIn(ctx, e.ID, ada.ID, sess, big); err != nil {
			t.Fatal(err)
		}
	}
	out, err := s.CheckOut(ctx, e.ID, ada.ID, s1)
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Checkins) != 1 || out.Checkins[s2] != big || out.Headcounts[s1][big] != 0 || out.Headcounts[s2][big] != 1 {
		t.Errorf("after checking out of s1: %+v", out)
	}
	if n := count(); n != 1 {
		t.Errorf("%d check-ins stored, want 1", n)
	}
}
