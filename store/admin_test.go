package store

import (
	"bytes"
	"cmp"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"openspace/openspace"
)

// evening is an event with something in every bucket, written through the
// store's methods (notes and feedback straight into their buckets).
type evening struct {
	e      openspace.Event
	people []openspace.Attendee // Ada, Bob, Cy
	tokens [][]byte
	topics []openspace.Topic // Puppet (Ada's, needs a screen), Kanban, Jira
}

func mustEvening(tb testing.TB, s *Store) evening {
	tb.Helper()
	setup := testSetup()
	setup.TimeZone = "Europe/Paris"
	e, err := s.CreateEvent(ctx, setup, []byte("organizer-hash"))
	if err != nil {
		tb.Fatal(err)
	}
	openVoting(tb, s, e.ID)
	var ev evening
	for i, name := range []string{"Ada", "Bob", "Cy"} {
		tok := []byte("tok-" + e.ID + "-" + name)
		a, err := s.Join(ctx, e.ID, openspace.JoinInput{Name: name, Answer: []string{"Dev", "Ops", ""}[i]}, tok)
		if err != nil {
			tb.Fatal(err)
		}
		ev.people, ev.tokens = append(ev.people, a), append(ev.tokens, tok)
	}
	ada, bob, cy := ev.people[0].ID, ev.people[1].ID, ev.people[2].ID
	puppet, err := s.CreateTopic(ctx, e.ID, ada, openspace.TopicInput{Title: "Puppet", Description: "Modules\net rôles", Host: "Ada", Needs: []string{"screen"}}, false)
	if err != nil {
		tb.Fatal(err)
	}
	kanban := mustTopic(tb, s, e.ID, "", "Kanban")
	jira := mustTopic(tb, s, e.ID, "", "Jira")
	ev.topics = []openspace.Topic{puppet, kanban, jira}
	for _, v := range [][2]string{{ada, puppet.ID}, {bob, puppet.ID}, {bob, kanban.ID}, {cy, jira.ID}, {ada, kanban.ID}} {
		mustVote(tb, s, e.ID, v[0], v[1])
	}
	if _, err := s.QueuePitch(ctx, e.ID, jira.ID, "", true); err != nil {
		tb.Fatal(err)
	}
	s1, s2 := e.Sessions[0].ID, e.Sessions[1].ID
	big, small := e.Rooms[0].ID, e.Rooms[1].ID
	mustOp(tb, s, e.ID, openspace.PlanOp{Op: openspace.OpPlace, Topic: puppet.ID, Session: s1, Room: big})
	mustOp(tb, s, e.ID, openspace.PlanOp{Op: openspace.OpLock, Session: s1, Room: big})
	mustOp(tb, s, e.ID, openspace.PlanOp{Op: openspace.OpPlace, Topic: kanban.ID, Session: s1, Room: small})
	mustOp(tb, s, e.ID, openspace.PlanOp{Op: openspace.OpPlace, Topic: jira.ID, Session: s2, Room: small})
	if _, err := s.Publish(ctx, e.ID); err != nil {
		tb.Fatal(err)
	}
	// The draft moves on after publishing: the two plans differ.
	mustOp(tb, s, e.ID, openspace.PlanOp{Op: openspace.OpClear, Session: s2, Room: small})
	if _, err := s.RunSession(ctx, e.ID, s1, "start", 0); err != nil {
		tb.Fatal(err)
	}
	for _, c := range [][2]string{{ada, big}, {bob, small}} {
		if _, err := s.CheckIn(ctx, e.ID, c[0], s1, c[1]); err != nil {
			tb.Fatal(err)
		}
	}
	// Ada has a personal link and a laptop that came in through it; the
	// organizer renamed Kanban under an Idempotency-Key.
	if _, err := s.CreateLink(ctx, e.ID, ada, []byte("link-"+e.ID+"-Ada")); err != nil {
		tb.Fatal(err)
	}
	if _, err := s.UseLink(ctx, []byte("link-"+e.ID+"-Ada"), []byte("laptop-"+e.ID+"-Ada")); err != nil {
		tb.Fatal(err)
	}
	keyed := openspace.NewContextWithIdempotency(ctx, &openspace.Idempotency{EventID: e.ID, Caller: openspace.IdempotencyOrganizer, Key: "rename", Fingerprint: []byte("PATCH kanban")})
	if kanban, err = s.UpdateTopic(keyed, e.ID, kanban.ID, openspace.TopicInput{Title: "Kanban"}); err != nil {
		tb.Fatal(err)
	}
	ev.topics[1] = kanban
	at := time.Date(2026, 3, 12, 20, 15, 0, 0, time.UTC)
	if err := s.DB().Update(func(tx *bolt.Tx) error {
		t, err := begin(tx)
		if err != nil {
			return err
		}
		stored, err := t.event(e.ID)
		if err != nil {
			return err
		}
		stored.Intro = "Une soirée « open space »."
		if err := t.putEvent(stored); err != nil {
			return err
		}
		if err := putJSON(t.notes, key(e.ID, puppet.ID), openspace.Notes{Topic: puppet.ID, Text: "# Puppet\n- Hiera", Takeaways: []string{"Tester ses modules"}, Version: 3, UpdatedAt: at}); err != nil {
			return err
		}
		if err := putJSON(t.feedback, key(e.ID, ada), openspace.Feedback{Attendee: ada, Evening: 5, Topics: map[string]int{puppet.ID: 4}, Worked: "Les pitchs", Blocked: "Le bruit", UpdatedAt: at}); err != nil {
			return err
		}
		return putJSON(t.feedback, key(e.ID, bob), openspace.Feedback{Attendee: bob, Evening: 3, UpdatedAt: at})
	}); err != nil {
		tb.Fatal(err)
	}
	if ev.e, err = s.Event(ctx, e.ID); err != nil {
		tb.Fatal(err)
	}
	return ev
}

// canonical renames the IDs of an export to stable labels (sessions and
// rooms by place, attendees by name, topics by title), drops what an import
// renews (event ID, join code, export time) and sorts the lists whose order
// follows the IDs, so that two exports of the same evening compare equal.
func canonical(tb testing.TB, x openspace.EventExport) openspace.EventExport {
	tb.Helper()
	names := map[string]string{}
	for i, s := range x.Event.Sessions {
		names[s.ID] = "session-" + string(rune('A'+i))
	}
	for i, r := range x.Event.Rooms {
		names[r.ID] = "room-" + string(rune('A'+i))
	}
	for _, a := range x.Attendees {
		names[a.ID] = "attendee-" + a.Name
	}
	for _, tp := range x.Topics {
		names[tp.ID] = "topic-" + tp.Title
	}
	names[x.Event.ID] = "event"
	data, err := json.Marshal(x)
	if err != nil {
		tb.Fatal(err)
	}
	s := string(data)
	for id, name := range names {
		if id == "" {
			tb.Fatalf("empty id for %s", name)
		}
		s = strings.ReplaceAll(s, id, name)
	}
	var out openspace.EventExport
	if err := json.Unmarshal([]byte(s), &out); err != nil {
		tb.Fatal(err)
	}
	out.ExportedAt, out.Event.JoinCode = time.Time{}, ""
	slices.SortFunc(out.Attendees, func(a, b openspace.Attendee) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(out.Topics, func(a, b openspace.Topic) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(out.Seats, func(a, b openspace.Seat) int { return cmp.Compare(a.Attendee+a.Session, b.Attendee+b.Session) })
	slices.SortFunc(out.Checkins, func(a, b openspace.CheckinItem) int { return cmp.Compare(a.Session+a.Attendee, b.Session+b.Attendee) })
	slices.SortFunc(out.Notes, func(a, b openspace.Notes) int { return cmp.Compare(a.Topic, b.Topic) })
	slices.SortFunc(out.Feedback, func(a, b openspace.Feedback) int { return cmp.Compare(a.Attendee, b.Attendee) })
	return out
}

func TestExportImportRoundTrip(t *testing.T) {
	s := mustOpen(t)
	ev := mustEvening(t, s)
	x, err := s.Export(ctx, ev.e.ID)
	if err != nil {
		t.Fatal(err)
	}
	// The fixture must fill every part, or the comparison proves little.
	if len(x.Attendees) != 3 || len(x.Topics) != 3 || len(x.Votes) != 5 || len(x.Draft.Cells) != 2 ||
		x.Published == nil || len(x.Published.Cells) != 3 || len(x.Seats) == 0 || len(x.Checkins) != 2 ||
		len(x.Notes) != 1 || len(x.Feedback) != 2 || len(x.Event.Pitch.Queue) != 1 ||
		x.Event.Sessions[0].StartedAt == nil || x.Event.Intro == "" || x.Event.TimeZone == "" {
		t.Fatalf("the fixture misses something: %+v", x)
	}
	data, err := json.Marshal(x)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(data, []byte("organizer-hash")) || bytes.Contains(data, []byte("tok-")) {
		t.Fatalf("the export holds a secret: %s", data)
	}
	// Through JSON, as a download and an upload would.
	var file openspace.EventExport
	if err := json.Unmarshal(data, &file); err != nil {
		t.Fatal(err)
	}
	imported, err := s.Import(ctx, file, []byte("new-hash"))
	if err != nil {
		t.Fatalf("Import: %v", err)
	}
	if imported.ID == ev.e.ID || imported.JoinCode == ev.e.JoinCode {
		t.Fatalf("the import kept the ID or the code: %+v", imported)
	}
	if id, err := s.EventIDByJoinCode(ctx, imported.JoinCode); err != nil || id != imported.ID {
		t.Fatalf("join code %s → %q, %v", imported.JoinCode, id, err)
	}
	if h, err := s.OrganizerKeyHash(ctx, imported.ID); err != nil || string(h) != "new-hash" {
		t.Fatalf("organizer key hash = %q, %v", h, err)
	}
	y, err := s.Export(ctx, imported.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, old := range []string{ev.e.Sessions[0].ID, ev.e.Rooms[0].ID, ev.people[0].ID, ev.topics[0].ID} {
		if strings.Contains(mustJSON(t, y), old) {
			t.Errorf("the imported event reuses the ID %s", old)
		}
	}
	if got, want := canonical(t, y), canonical(t, x); !reflect.DeepEqual(got, want) {
		t.Fatalf("round trip differs:\n got %s\nwant %s", mustJSON(t, got), mustJSON(t, want))
	}
	// The votes keep their order: ballots read the same.
	b, err := s.Ballot(ctx, imported.ID, y.Attendees[slices.IndexFunc(y.Attendees, func(a openspace.Attendee) bool { return a.Name == "Bob" })].ID)
	if err != nil || len(b.Topics) != 2 {
		t.Fatalf("Bob's ballot = %+v, %v", b, err)
	}
	if tp, _ := s.Topics(ctx, imported.ID); tp[0].Title != "Puppet" && tp[0].Title != "Kanban" {
		t.Errorf("topics = %+v", tp)
	}
	// Nobody has a device in the imported event.
	for _, tok := range ev.tokens {
		if _, err := s.AttendeeByToken(ctx, imported.ID, tok); openspace.ErrorCode(err) != openspace.EUNAUTHORIZED {
			t.Errorf("a token of the old event works in the new one: %v", err)
		}
	}
}

func mustJSON(tb testing.TB, v any) string {
	tb.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

func TestImportRefusesBadFilesAndWritesNothing(t *testing.T) {
	s := mustOpen(t)
	ev := mustEvening(t, s)
	good, err := s.Export(ctx, ev.e.ID)
	if err != nil {
		t.Fatal(err)
	}
	before := dump(t, s)
	bad := map[string]func(x *openspace.EventExport){
		"version":          func(x *openspace.EventExport) { x.Version = 99 },
		"no title":         func(x *openspace.EventExport) { x.Event.Title = "" },
		"phase":            func(x *openspace.EventExport) { x.Event.Phase = "party" },
		"session id twice": func(x *openspace.EventExport) { x.Event.Rooms[0].ID = x.Event.Sessions[0].ID },
		"vote for nothing": func(x *openspace.EventExport) { x.Votes[0].Topic = "nope" },
		"vote twice":       func(x *openspace.EventExport) { x.Votes = append(x.Votes, x.Votes[0]) },
		"cell in no room":  func(x *openspace.EventExport) { x.Published.Cells[0].Room = "nope" },
		"topic twice":      func(x *openspace.EventExport) { x.Draft.Cells[1].Topic = x.Draft.Cells[0].Topic },
		"seat of nobody":   func(x *openspace.EventExport) { x.Seats[0].Attendee = "ghost" },
		"checkin nowhere":  func(x *openspace.EventExport) { x.Checkins[0].Room = "" },
		"notes of nothing": func(x *openspace.EventExport) { x.Notes[0].Topic = "nope" },
		"roti 9":           func(x *openspace.EventExport) { x.Feedback[0].Evening = 9 },
		"long name":        func(x *openspace.EventExport) { x.Attendees[0].Name = strings.Repeat("x", 61) },
		"control char":     func(x *openspace.EventExport) { x.Topics[0].Title = "a\x00b" },
		"empty id":         func(x *openspace.EventExport) { x.Attendees[1].ID = "" },
		"pitch of nothing": func(x *openspace.EventExport) { x.Event.Pitch.Current = "nope" },
		"proposer unknown": func(x *openspace.EventExport) { x.Topics[0].ProposerID = "ghost" },
	}
	for name, spoil := range bad {
		var x openspace.EventExport
		if err := json.Unmarshal([]byte(mustJSON(t, good)), &x); err != nil {
			t.Fatal(err)
		}
		spoil(&x)
		_, err := s.Import(ctx, x, []byte("h"))
		wantCode(t, name, err, openspace.EINVALID)
	}
	if after := dump(t, s); !reflect.DeepEqual(after, before) {
		t.Fatal("a refused import changed the file")
	}
}

func TestCopyEventKeepsTheSetUpOnly(t *testing.T) {
	s := mustOpen(t)
	ev := mustEvening(t, s)
	yes := true
	if _, err := s.SetPhases(ctx, ev.e.ID, openspace.PhaseUpdate{Rotate: &yes}); err != nil {
		t.Fatal(err)
	}
	c, err := s.CopyEvent(ctx, ev.e.ID, []byte("copy-hash"))
	if err != nil {
		t.Fatal(err)
	}
	if c.ID == ev.e.ID || c.JoinCode == ev.e.JoinCode || c.Phase != openspace.PhaseWelcome || !c.ProposalsOpen || c.VotingOpen {
		t.Fatalf("copy = %+v", c)
	}
	if c.Title != ev.e.Title || c.Venue != ev.e.Venue || c.Language != ev.e.Language || c.TimeZone != "Europe/Paris" ||
		c.DotBudget != ev.e.DotBudget || c.PitchSeconds != ev.e.PitchSeconds || !c.Rotate ||
		!reflect.DeepEqual(c.Question, ev.e.Question) || c.Date != "" || c.Intro != "" || len(c.Pitch.Queue) != 0 {
		t.Fatalf("copy settings = %+v", c)
	}
	for i, sess := range c.Sessions {
		old := ev.e.Sessions[i]
		if sess.ID == old.ID || sess.Title != old.Title || sess.Start != old.Start || sess.Duration != old.Duration ||
			sess.Started || sess.StartedAt != nil || sess.EndsAt != nil {
			t.Errorf("session %d = %+v (was %+v)", i, sess, old)
		}
	}
	for i, r := range c.Rooms {
		old := ev.e.Rooms[i]
		if r.ID == old.ID || r.Name != old.Name || r.Capacity != old.Capacity || !reflect.DeepEqual(r.Equipment, old.Equipment) {
			t.Errorf("room %d = %+v (was %+v)", i, r, old)
		}
	}
	x, err := s.Export(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(x.Attendees)+len(x.Topics)+len(x.Votes)+len(x.Draft.Cells)+len(x.Seats)+len(x.Checkins)+len(x.Notes)+len(x.Feedback) != 0 || x.Published != nil {
		t.Fatalf("the copy holds people or content: %+v", x)
	}
	if _, err := s.CopyEvent(ctx, "nope", []byte("h")); openspace.ErrorCode(err) != openspace.ENOTFOUND {
		t.Errorf("copy of an unknown event: %v", err)
	}
}

func TestDeleteEventLeavesNoKey(t *testing.T) {
	s := mustOpen(t)
	doomed := mustEvening(t, s)
	other := mustEvening(t, s)
	before := dump(t, s)
	if err := s.DeleteEvent(ctx, doomed.e.ID); err != nil {
		t.Fatal(err)
	}
	after := dump(t, s)
	want := map[string]string{}
	for k, v := range before {
		if !strings.Contains(k, doomed.e.ID) && !strings.Contains(v, doomed.e.ID) {
			want[k] = v
		}
	}
	if !reflect.DeepEqual(after, want) {
		for k := range after {
			if _, ok := want[k]; !ok {
				t.Errorf("left behind: %s", k)
			}
		}
		for k := range want {
			if after[k] != want[k] {
				t.Errorf("changed or lost: %s", k)
			}
		}
		t.FailNow()
	}
	if n := len(before) - len(after); n < 20 {
		t.Errorf("only %d keys went: the fixture is too thin", n)
	}
	for _, tok := range doomed.tokens {
		if _, ok := before["tokens "+string(tok)]; !ok {
			t.Fatalf("the token %s was never stored", tok)
		}
	}
	if _, err := s.EventIDByJoinCode(ctx, doomed.e.JoinCode); openspace.ErrorCode(err) != openspace.ENOTFOUND {
		t.Errorf("the join code still answers: %v", err)
	}
	if _, err := s.AttendeeByToken(ctx, other.e.ID, other.tokens[0]); err != nil {
		t.Errorf("the other event lost an attendee: %v", err)
	}
	wantCode(t, "delete again", s.DeleteEvent(ctx, doomed.e.ID), openspace.ENOTFOUND)
}

func TestForgetAttendeeKeepsTheCounts(t *testing.T) {
	s := mustOpen(t)
	ev := mustEvening(t, s)
	ada := ev.people[0]
	st := mustState(t, s, ev.e.ID)
	if err := s.ForgetAttendee(ctx, ev.e.ID, ada.ID); err != nil {
		t.Fatal(err)
	}
	got := mustState(t, s, ev.e.ID)
	for i := range st.Topics {
		if got.Topics[i].ID != st.Topics[i].ID || got.Topics[i].Votes != st.Topics[i].Votes {
			t.Errorf("topic %d: %+v, was %+v", i, got.Topics[i], st.Topics[i])
		}
	}
	if got.Attendance.Count != 3 || got.Attendance.Profiles["Dev"] != 0 || got.Attendance.Profiles[""] != 2 {
		t.Errorf("attendance = %+v", got.Attendance)
	}
	if !reflect.DeepEqual(got.Plan, st.Plan) {
		t.Errorf("the published plan changed")
	}
	if got.Headcounts[ev.e.Sessions[0].ID][ev.e.Rooms[0].ID] != 0 || got.Headcounts[ev.e.Sessions[0].ID][ev.e.Rooms[1].ID] != 1 {
		t.Errorf("headcounts = %+v", got.Headcounts)
	}
	if _, err := s.AttendeeByToken(ctx, ev.e.ID, ev.tokens[0]); openspace.ErrorCode(err) != openspace.EUNAUTHORIZED {
		t.Errorf("the device still works: %v", err)
	}
	if _, err := s.AttendeeByToken(ctx, ev.e.ID, ev.tokens[1]); err != nil {
		t.Errorf("Bob's device stopped working: %v", err)
	}
	x, err := s.Export(ctx, ev.e.ID)
	if err != nil {
		t.Fatal(err)
	}
	text := mustJSON(t, x)
	for _, gone := range []string{`"Ada","answer"`, "Les pitchs", "Le bruit"} {
		if strings.Contains(text, gone) {
			t.Errorf("the export still holds %q", gone)
		}
	}
	votes, err := s.Votes(ctx, ev.e.ID)
	if err != nil || len(votes[ada.ID]) != 2 {
		t.Errorf("Ada's dots = %v, %v; want 2 kept", votes[ada.ID], err)
	}
	if len(x.Feedback) != 1 || x.Feedback[0].Attendee != ev.people[1].ID {
		t.Errorf("feedback = %+v", x.Feedback)
	}
	wantCode(t, "forget nobody", s.ForgetAttendee(ctx, ev.e.ID, "ghost"), openspace.ENOTFOUND)
}

func TestBackupIsAConsistentCopy(t *testing.T) {
	s := mustOpen(t)
	ev := mustEvening(t, s)
	var w bytes.Buffer
	n, err := s.Backup(&w)
	if err != nil {
		t.Fatal(err)
	}
	if n != int64(w.Len()) || n == 0 {
		t.Fatalf("Backup wrote %d bytes, buffer %d", n, w.Len())
	}
	path := filepath.Join(t.TempDir(), "copy.db")
	if err := os.WriteFile(path, w.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.View(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			t.Errorf("check: %v", err)
		}
		if tx.Bucket([]byte(bucketEvents)).Get([]byte(ev.e.ID)) == nil {
			t.Error("the copy lacks the event")
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	// The copy opens as a store, with the evening in it.
	copied := mustOpenAt(t, path)
	if got, err := copied.Event(ctx, ev.e.ID); err != nil || got.Title != ev.e.Title {
		t.Fatalf("copied event = %+v, %v", got, err)
	}
}
