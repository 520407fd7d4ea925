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
