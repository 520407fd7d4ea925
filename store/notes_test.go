package store

import (
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"

	bolt "go.etcd.io/bbolt"

	"openspace/openspace"
)

// notesEvening is an event with a published topic in session 1, room 1,
// and four attendees: one who voted for it, one who checked into its room,
// one seated in it by the publish, and one who is not in it.
type notesEvening struct {
	e                         openspace.Event
	topic                     openspace.Topic
	voter, here, seated, away openspace.Attendee
}

func newNotesEvening(t *testing.T, s *Store) notesEvening {
	t.Helper()
	n := notesEvening{e: mustEvent(t, s)}
	n.voter, n.here, n.seated, n.away = mustJoin(t, s, n.e.ID, ""), mustJoin(t, s, n.e.ID, ""), mustJoin(t, s, n.e.ID, ""), mustJoin(t, s, n.e.ID, "")
	n.topic = mustTopic(t, s, n.e.ID, "", "Puppet")
	other := mustTopic(t, s, n.e.ID, "", "Jira")
	mustVote(t, s, n.e.ID, n.voter.ID, n.topic.ID)
	mustVote(t, s, n.e.ID, n.seated.ID, n.topic.ID)
	mustVote(t, s, n.e.ID, n.away.ID, other.ID)
	s1, r1, r2 := n.e.Sessions[0].ID, n.e.Rooms[0].ID, n.e.Rooms[1].ID
	mustOp(t, s, n.e.ID, openspace.PlanOp{Op: openspace.OpPlace, Topic: n.topic.ID, Session: s1, Room: r1})
	mustOp(t, s, n.e.ID, openspace.PlanOp{Op: openspace.OpPlace, Topic: other.ID, Session: s1, Room: r2})
	if _, err := s.Publish(ctx, n.e.ID); err != nil {
		t.Fatal(err)
	}
	// Only the seat counts for "seated": take the vote back afterwards.
	if _, err := s.Unvote(ctx, n.e.ID, n.seated.ID, n.topic.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetPhases(ctx, n.e.ID, openspace.PhaseUpdate{Phase: new(openspace.PhaseSessions)}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CheckIn(ctx, n.e.ID, n.here.ID, s1, r1); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestSaveNotesWhoMayEdit(t *testing.T) {
	s := mustOpen(t)
	n := newNotesEvening(t, s)
	edit := func(who openspace.NotesEditor, text string) (openspace.NotesSaved, error) {
		cur, err := s.Notes(ctx, n.e.ID, n.topic.ID)
		if err != nil {
			t.Fatal(err)
		}
		return s.SaveNotes(ctx, n.e.ID, n.topic.ID, who, openspace.NotesEdit{BaseVersion: cur.Version, Text: text})
	}
	for i, who := range []openspace.NotesEditor{{Organizer: true}, {AttendeeID: n.voter.ID}, {AttendeeID: n.here.ID}, {AttendeeID: n.seated.ID}} {
		got, err := edit(who, "line "+strings.Repeat("x", i))
		if err != nil {
			t.Fatalf("editor %d: %v", i, err)
		}
		if got.Notes.Version != i+1 || got.Merged || got.Conflict {
			t.Errorf("editor %d: %+v", i, got)
		}
	}
	before := dump(t, s)
	_, err := edit(openspace.NotesEditor{AttendeeID: n.away.ID}, "mine")
	wantCode(t, "someone not in the topic", err, openspace.EFORBIDDEN)
	_, err = s.SaveNotes(ctx, n.e.ID, n.topic.ID, openspace.NotesEditor{Organizer: true}, openspace.NotesEdit{Text: strings.Repeat("a", openspace.MaxNotesLen+1)})
	wantCode(t, "too long", err, openspace.EINVALID)
	_, err = s.SaveNotes(ctx, n.e.ID, n.topic.ID, openspace.NotesEditor{Organizer: true}, openspace.NotesEdit{BaseVersion: 99, Text: "x"})
	wantCode(t, "a version from the future", err, openspace.EINVALID)
	_, err = s.SaveNotes(ctx, n.e.ID, "nope", openspace.NotesEditor{Organizer: true}, openspace.NotesEdit{Text: "x"})
	wantCode(t, "unknown topic", err, openspace.ENOTFOUND)
	if after := dump(t, s); !maps.Equal(before, after) {
		t.Error("a refused edit changed the file")
	}
}

func TestSaveNotesMergesConcurrentEdits(t *testing.T) {
	s := mustOpen(t)
	n := newNotesEvening(t, s)
	org := openspace.NotesEditor{Organizer: true}
	save := func(who openspace.NotesEditor, in openspace.NotesEdit) openspace.NotesSaved {
		t.Helper()
		out, err := s.SaveNotes(ctx, n.e.ID, n.topic.ID, who, in)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	v1 := save(org, openspace.NotesEdit{Text: "First.\n\nMiddle.\n\nLast.", Takeaways: []string{"Pin versions"}}).Notes
	// Two phones start from version 1; the voter saves first.
	a := save(openspace.NotesEditor{AttendeeID: n.voter.ID}, openspace.NotesEdit{BaseVersion: v1.Version, Text: "First, by Ada.\n\nMiddle.\n\nLast.", Takeaways: []string{"Pin versions", "Test in staging"}})
	b := save(openspace.NotesEditor{AttendeeID: n.here.ID}, openspace.NotesEdit{BaseVersion: v1.Version, Text: "First.\n\nMiddle.\n\nLast, by Bob.", Takeaways: []string{"Use Hiera"}})
	if a.Merged || !b.Merged || b.Conflict {
		t.Errorf("flags: first %+v, second %+v", a, b)
	}
	if want := "First, by Ada.\n\nMiddle.\n\nLast, by Bob."; b.Notes.Text != want {
		t.Errorf("merged text %q, want %q", b.Notes.Text, want)
	}
	if want := []string{"Test in staging", "Use Hiera"}; !slices.Equal(b.Notes.Takeaways, want) {
		t.Errorf("takeaways %q, want %q (Bob removed Pin versions)", b.Notes.Takeaways, want)
	}
	// The same line, again from one base: both versions stay.
	base := b.Notes.Version
	save(org, openspace.NotesEdit{BaseVersion: base, Text: "First, by Ada.\n\nMiddle, said the organizer.\n\nLast, by Bob."})
	c := save(openspace.NotesEditor{AttendeeID: n.voter.ID}, openspace.NotesEdit{BaseVersion: base, Text: "First, by Ada.\n\nMiddle, said Ada.\n\nLast, by Bob.", Lang: openspace.LangFR})
	if !c.Conflict || !strings.Contains(c.Notes.Text, "Middle, said the organizer.") || !strings.Contains(c.Notes.Text, "Middle, said Ada.") ||
		!strings.Contains(c.Notes.Text, "Deuxième version") {
		t.Errorf("conflict: %+v", c)
	}
	// Sending the same edit again changes nothing.
	again := save(openspace.NotesEditor{AttendeeID: n.voter.ID}, openspace.NotesEdit{BaseVersion: c.Notes.Version, Text: c.Notes.Text, Takeaways: c.Notes.Takeaways})
	if again.Notes.Version != c.Notes.Version {
		t.Errorf("a repeated edit bumped the version to %d", again.Notes.Version)
	}
	// The state carries the notes, and a patch those of the change.
	st := mustState(t, s, n.e.ID)
	if st.Notes[n.topic.ID].Text != c.Notes.Text {
		t.Errorf("state notes %+v", st.Notes)
	}
	p, err := s.Patch(ctx, n.e.ID, openspace.Change{Notes: []string{n.topic.ID, n.topic.ID, "gone"}}, false)
	if err != nil || len(p.Notes) != 1 || p.Notes[0].Version != c.Notes.Version {
		t.Errorf("patch %+v, %v", p.Notes, err)
	}
}

func TestSaveNotesConcurrentNothingLost(t *testing.T) {
	s := mustOpen(t)
	n := newNotesEvening(t, s)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			line := "line from editor " + string(rune('A'+i))
			if _, err := s.SaveNotes(ctx, n.e.ID, n.topic.ID, openspace.NotesEditor{Organizer: true}, openspace.NotesEdit{Text: line, Takeaways: []string{line}}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	got, err := s.Notes(ctx, n.e.ID, n.topic.ID)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 8 {
		line := "line from editor " + string(rune('A'+i))
		if !strings.Contains(got.Text, line) || !slices.Contains(got.Takeaways, line) {
			t.Errorf("%q is lost: %q %q", line, got.Text, got.Takeaways)
		}
	}
	if got.Version != 8 {
		t.Errorf("version %d, want 8", got.Version)
	}
}

// TestNotesFollowTheirTopic: merging topics folds the source's notes into
// the target's, and deleting a topic deletes its notes and revisions.
func TestNotesFollowTheirTopic(t *testing.T) {
	s := mustOpen(t)
	e := mustEvent(t, s)
	ada := mustJoin(t, s, e.ID, "")
	puppet := mustTopic(t, s, e.ID, ada.ID, "Puppet")
	chef := mustTopic(t, s, e.ID, ada.ID, "Chef")
	org := openspace.NotesEditor{Organizer: true}
	for _, n := range []struct {
		topic, text, takeaway string
	}{{puppet.ID, "Un committer Puppet dans la salle.", "Hiera"}, {chef.ID, "Chef aussi, pour comparer.", "Hiera"}} {
		if _, err := s.SaveNotes(ctx, e.ID, n.topic, org, openspace.NotesEdit{Text: n.text, Takeaways: []string{n.takeaway, n.topic}}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.MergeTopics(ctx, e.ID, puppet.ID, chef.ID); err != nil {
		t.Fatal(err)
	}
	got, err := s.Notes(ctx, e.ID, puppet.ID)
	if err != nil {
		t.Fatal(err)
	}
	if want := "Un committer Puppet dans la salle.\n\nChef aussi, pour comparer."; got.Text != want {
		t.Errorf("merged notes %q, want %q", got.Text, want)
	}
	if want := []string{"Hiera", puppet.ID, chef.ID}; !slices.Equal(got.Takeaways, want) {
		t.Errorf("merged takeaways %v, want %v", got.Takeaways, want)
	}
	// An edit started from the merged version replaces it cleanly.
	if _, err := s.SaveNotes(ctx, e.ID, puppet.ID, org, openspace.NotesEdit{BaseVersion: got.Version, Text: "Tout en un."}); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteTopic(ctx, e.ID, puppet.ID); err != nil {
		t.Fatal(err)
	}
	left := 0
	if err := s.DB().View(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte(bucketNotes)).ForEach(func(_, _ []byte) error { left++; return nil })
	}); err != nil {
		t.Fatal(err)
	}
	if left != 0 {
		t.Errorf("%d notes records left after both topics went, want none", left)
	}
}

// TestImportedNotesMergeLikeTheOriginal: two edits started from the
// imported version of a topic's notes merge as they would have on the
// original event (the imported version is kept to merge against).
func TestImportedNotesMergeLikeTheOriginal(t *testing.T) {
	s := mustOpen(t)
	e := mustEvent(t, s)
	ada := mustJoin(t, s, e.ID, "")
	puppet := mustTopic(t, s, e.ID, ada.ID, "Puppet")
	org := openspace.NotesEditor{Organizer: true}
	saved, err := s.SaveNotes(ctx, e.ID, puppet.ID, org, openspace.NotesEdit{Text: "premier\n\nmilieu\n\ndernier"})
	if err != nil {
		t.Fatal(err)
	}
	x, err := s.Export(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	copied, err := s.Import(ctx, x, []byte("another organizer"))
	if err != nil {
		t.Fatal(err)
	}
	st := mustState(t, s, copied.ID)
	topic := st.Topics[0].ID
	base := saved.Notes.Version
	if _, err := s.SaveNotes(ctx, copied.ID, topic, org, openspace.NotesEdit{BaseVersion: base, Text: "PREMIER\n\nmilieu\n\ndernier"}); err != nil {
		t.Fatal(err)
	}
	got, err := s.SaveNotes(ctx, copied.ID, topic, org, openspace.NotesEdit{BaseVersion: base, Text: "premier\n\nmilieu\n\nDERNIER"})
	if err != nil {
		t.Fatal(err)
	}
	if want := "PREMIER\n\nmilieu\n\nDERNIER"; got.Conflict || got.Notes.Text != want {
		t.Errorf("after two edits of the imported notes: %q (conflict %v), want %q merged cleanly", got.Notes.Text, got.Conflict, want)
	}
}
