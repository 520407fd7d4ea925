package store

import (
	"context"
	"strconv"
	"testing"

	bolt "go.etcd.io/bbolt"

	"openspace/openspace"
)

// TestPublishSeatsEveryoneExactly: publishing stores each attendee's seats
// from the exact assignment and the expected headcount of each cell.
func TestPublishSeatsEveryoneExactly(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	setup := openspace.EventSetup{
		Title:    "Meetup",
		Sessions: []openspace.Session{{Title: "S1", Duration: 30}},
		Rooms:    []openspace.Room{{Name: "Small", Capacity: 1}, {Name: "Big", Capacity: 5}},
	}
	e, err := s.CreateEvent(ctx, setup, []byte("hash"))
	if err != nil {
		t.Fatal(err)
	}
	e = openVoting(t, s, e.ID)
	var people []openspace.Attendee
	for i, name := range []string{"Ada", "Bob", "Cyd"} {
		a, err := s.Join(ctx, e.ID, openspace.JoinInput{Name: name}, []byte{byte(i + 1)})
		if err != nil {
			t.Fatal(err)
		}
		people = append(people, a)
	}
	small, err := s.CreateTopic(ctx, e.ID, "", openspace.TopicInput{Title: "Puppet"}, true)
	if err != nil {
		t.Fatal(err)
	}
	big, err := s.CreateTopic(ctx, e.ID, "", openspace.TopicInput{Title: "Jira"}, true)
	if err != nil {
		t.Fatal(err)
	}
	// Everyone wants Puppet, in a room of one; Cyd also wants Jira.
	for _, a := range people {
		if _, err := s.Vote(ctx, e.ID, a.ID, small.ID); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Vote(ctx, e.ID, people[2].ID, big.ID); err != nil {
		t.Fatal(err)
	}
	for _, op := range []openspace.PlanOp{
		{Op: openspace.OpPlace, Topic: small.ID, Session: e.Sessions[0].ID, Room: e.Rooms[0].ID},
		{Op: openspace.OpPlace, Topic: big.ID, Session: e.Sessions[0].ID, Room: e.Rooms[1].ID},
	} {
		if _, err := s.ApplyPlanOp(ctx, e.ID, op); err != nil {
			t.Fatal(err)
		}
	}
	if got, _ := s.Seats(ctx, e.ID, people[0].ID); len(got) != 0 {
		t.Errorf("seats before publishing = %v, want none", got)
	}
	pub, err := s.Publish(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	// Best: Cyd goes to Jira so one of Ada and Bob gets Puppet: 2 seated.
	expected := map[string]int{}
	for _, c := range pub.Cells {
		expected[c.Topic] = c.Expected
	}
	if got, want := expected, map[string]int{small.ID: 1, big.ID: 1}; got[small.ID] != want[small.ID] || got[big.ID] != want[big.ID] {
		t.Errorf("expected headcounts = %v, want %v", got, want)
	}
	seated := 0
	for _, a := range people {
		seats, err := s.Seats(ctx, e.ID, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		seated += len(seats)
	}
	if got, want := seated, 2; got != want {
		t.Errorf("%d people seated, want %d", got, want)
	}
	cyd, _ := s.Seats(ctx, e.ID, people[2].ID)
	if len(cyd) != 1 || cyd[0].Topic != big.ID {
		t.Errorf("Cyd's seats = %+v, want Jira (so that Puppet's one seat goes to someone with no other choice)", cyd)
	}
}

// TestMigrationTwoUpgradesAnOldFile opens a file as schema 1 left it (no
// seats bucket) and checks that opening it adds the bucket and records 2.
func TestMigrationTwoUpgradesAnOldFile(t *testing.T) {
	s := mustOpen(t)
	path := s.DB().Path()
	err := s.DB().Update(func(tx *bolt.Tx) error {
		if err := tx.DeleteBucket([]byte(bucketSeats)); err != nil {
			return err
		}
		return tx.Bucket([]byte(bucketMeta)).Put([]byte(keySchemaVersion), []byte("1"))
	})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()

	s, err = Open(path)
	if err != nil {
		t.Fatalf("open a schema 1 file: %v", err)
	}
	defer s.Close()
	err = s.DB().View(func(tx *bolt.Tx) error {
		if tx.Bucket([]byte(bucketSeats)) == nil {
			t.Error("the seats bucket was not created")
		}
		if got, want := string(tx.Bucket([]byte(bucketMeta)).Get([]byte(keySchemaVersion))), strconv.Itoa(schemaVersion()); got != want {
			t.Errorf("schema version = %s, want %s", got, want)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestSeatsFollowAMergeAfterPublishing: merging a topic into a published
// one moves its voters' seats and headcount there, in the same commit.
func TestSeatsFollowAMergeAfterPublishing(t *testing.T) {
	s := mustOpen(t)
	e := mustEvent(t, s)
	s1, s2, big := e.Sessions[0].ID, e.Sessions[1].ID, e.Rooms[0].ID
	puppet := mustTopic(t, s, e.ID, "", "Puppet")
	fabric := mustTopic(t, s, e.ID, "", "Fabric")
	ada := mustJoin(t, s, e.ID, "Dev")
	mustVote(t, s, e.ID, ada.ID, puppet.ID)
	mustOp(t, s, e.ID, openspace.PlanOp{Op: openspace.OpPlace, Topic: puppet.ID, Session: s1, Room: big})
	mustOp(t, s, e.ID, openspace.PlanOp{Op: openspace.OpPlace, Topic: fabric.ID, Session: s2, Room: big})
	if _, err := s.Publish(ctx, e.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.MergeTopics(ctx, e.ID, fabric.ID, puppet.ID); err != nil {
		t.Fatal(err)
	}
	pub, err := s.Published(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(pub.Cells), 1; got != want {
		t.Fatalf("published cells = %+v, want only Fabric", pub.Cells)
	}
	if got, want := pub.Cells[0].Expected, 1; got != want {
		t.Errorf("Fabric expects %d, want %d (Ada's dot moved there)", got, want)
	}
	seats, err := s.Seats(ctx, e.ID, ada.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(seats) != 1 || seats[0].Topic != fabric.ID || seats[0].Session != s2 {
		t.Errorf("Ada's seats = %+v, want Fabric in session 2", seats)
	}
}
