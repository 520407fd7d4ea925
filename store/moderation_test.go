package store

import (
	"bytes"
	"reflect"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"

	"openspace/openspace"
)

// fastFile makes commits skip the fsync, so that a test can fill an event
// up to a cap in a second; the transactions are the same.
func fastFile(tb testing.TB, s *Store) {
	tb.Helper()
	s.DB().NoSync = true
	tb.Cleanup(func() { s.DB().NoSync = false })
}

// createConcurrently runs n creates at once and counts those that passed
// and those refused with a conflict; any other error fails the test.
func createConcurrently(tb testing.TB, n int, create func(i int) error) (ok, refused int) {
	tb.Helper()
	var okN, refusedN atomic.Int32
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			switch err := create(i); openspace.ErrorCode(err) {
			case "":
				okN.Add(1)
			case openspace.ECONFLICT:
				refusedN.Add(1)
			default:
				tb.Errorf("create %d: %v", i, err)
			}
		}()
	}
	wg.Wait()
	return int(okN.Load()), int(refusedN.Load())
}

func TestModerationTopicCapPerAttendee(t *testing.T) {
	s := mustOpen(t)
	fastFile(t, s)
	e := mustEvent(t, s)
	spammer := mustJoin(t, s, e.ID, "Dev")
	ok, refused := createConcurrently(t, 3*openspace.MaxTopicsPerAttendee, func(i int) error {
		_, err := s.CreateTopic(ctx, e.ID, spammer.ID, openspace.TopicInput{Title: "spam " + strconv.Itoa(i)}, false)
		return err
	})
	if ok != openspace.MaxTopicsPerAttendee || refused != 2*openspace.MaxTopicsPerAttendee {
		t.Errorf("one attendee, %d creates at once: %d created, %d refused; want %d created",
			3*openspace.MaxTopicsPerAttendee, ok, refused, openspace.MaxTopicsPerAttendee)
	}
	if topics, _ := s.Topics(ctx, e.ID); len(topics) != openspace.MaxTopicsPerAttendee {
		t.Errorf("stored %d topics, want %d", len(topics), openspace.MaxTopicsPerAttendee)
	}
	// Someone else still may, and so may the organizer.
	other := mustJoin(t, s, e.ID, "Ops")
	mustTopic(t, s, e.ID, other.ID, "Kanban")
	mustTopic(t, s, e.ID, "", "Jira")
	// The refusal is worded for the person, in both languages, and changes nothing.
	before := dump(t, s)
	_, err := s.CreateTopic(ctx, e.ID, spammer.ID, openspace.TopicInput{Title: "one more"}, false)
	wantCode(t, "eleventh topic", err, openspace.ECONFLICT)
	if got := openspace.ErrorMessageIn(err, openspace.LangFR); got != "Vous avez déjà proposé 10 sujets, le maximum par personne." {
		t.Errorf("French message: %q", got)
	}
	if !reflect.DeepEqual(dump(t, s), before) {
		t.Error("a refused topic changed the file")
	}
}

func TestModerationTopicCapPerEvent(t *testing.T) {
	s := mustOpen(t)
	fastFile(t, s)
	e := mustEvent(t, s)
	for i := range openspace.MaxTopicsPerEvent - 5 {
		mustTopic(t, s, e.ID, "", "topic "+strconv.Itoa(i))
	}
	people := make([]openspace.Attendee, 20)
	for i := range people {
		people[i] = mustJoin(t, s, e.ID, "Dev")
	}
	ok, refused := createConcurrently(t, len(people), func(i int) error {
		_, err := s.CreateTopic(ctx, e.ID, people[i].ID, openspace.TopicInput{Title: "late " + strconv.Itoa(i)}, false)
		return err
	})
	if ok != 5 || refused != 15 {
		t.Errorf("20 attendees at once with 5 places left: %d created, %d refused", ok, refused)
	}
	if topics, _ := s.Topics(ctx, e.ID); len(topics) != openspace.MaxTopicsPerEvent {
		t.Errorf("stored %d topics, want %d", len(topics), openspace.MaxTopicsPerEvent)
	}
	_, err := s.CreateTopic(ctx, e.ID, "", openspace.TopicInput{Title: "organizer's"}, true)
	wantCode(t, "the organizer past the event's cap", err, openspace.ECONFLICT)
}

func TestModerationAttendeeCap(t *testing.T) {
	if testing.Short() {
		t.Skip("fills an event with 10,000 attendees")
	}
	s := mustOpen(t)
	fastFile(t, s)
	e := mustEvent(t, s)
	for i := range openspace.MaxAttendeesPerEvent - 10 {
		if _, err := s.Join(ctx, e.ID, openspace.JoinInput{}, []byte("fill-"+strconv.Itoa(i))); err != nil {
			t.Fatal(err)
		}
	}
	ok, refused := createConcurrently(t, 40, func(i int) error {
		_, err := s.Join(ctx, e.ID, openspace.JoinInput{}, []byte("late-"+strconv.Itoa(i)))
		return err
	})
	if ok != 10 || refused != 30 {
		t.Errorf("40 joins at once with 10 places left: %d joined, %d refused", ok, refused)
	}
	if n, _ := s.Attendance(ctx, e.ID); n.Count != openspace.MaxAttendeesPerEvent {
		t.Errorf("attendance %d, want %d", n.Count, openspace.MaxAttendeesPerEvent)
	}
}

func TestModerationJoiningClosed(t *testing.T) {
	s := mustOpen(t)
	e := mustEvent(t, s)
	if e.JoiningClosed {
		t.Fatal("a new event starts with joining closed")
	}
	in := mustJoin(t, s, e.ID, "Dev")
	no, yes := false, true
	if e, _ = s.SetPhases(ctx, e.ID, openspace.PhaseUpdate{JoiningOpen: &no}); !e.JoiningClosed {
		t.Fatal("joining_open false did not close joining")
	}
	before := dump(t, s)
	_, err := s.Join(ctx, e.ID, openspace.JoinInput{Name: "late"}, []byte("late-token"))
	wantCode(t, "join while closed", err, openspace.ECONFLICT)
	if !reflect.DeepEqual(dump(t, s), before) {
		t.Error("a refused join changed the file")
	}
	// Who is in stays in and may go on.
	mustTopic(t, s, e.ID, in.ID, "Puppet")
	// A phase change does not reopen it; the switch does.
	phase := openspace.PhaseVoting
	if e, _ = s.SetPhases(ctx, e.ID, openspace.PhaseUpdate{Phase: &phase}); !e.JoiningClosed {
		t.Error("a phase change reopened joining")
	}
	s.SetPhases(ctx, e.ID, openspace.PhaseUpdate{JoiningOpen: &yes})
	mustJoin(t, s, e.ID, "Ops")
}

func TestModerationRemoveAttendee(t *testing.T) {
	s := mustOpen(t)
	ev := mustEvening(t, s)
	id := ev.e.ID
	ada, bob := ev.people[0], ev.people[1]
	puppet, kanban := ev.topics[0], ev.topics[1]
	out, err := s.RemoveAttendee(ctx, id, ada.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(out.RemovedTopics, []string{puppet.ID}) || !reflect.DeepEqual(out.ChangedTopics, []string{kanban.ID}) {
		t.Errorf("RemoveAttendee = %+v", out)
	}
	st := mustState(t, s, id)
	if st.Attendance.Count != 2 {
		t.Errorf("attendance %d, want 2", st.Attendance.Count)
	}
	for _, tp := range st.Topics {
		if tp.ID == puppet.ID {
			t.Error("Ada's topic is still there")
		}
		if tp.ID == kanban.ID && tp.Votes != 1 {
			t.Errorf("Kanban has %d votes, want 1 (Bob's)", tp.Votes)
		}
	}
	for _, p := range []*openspace.Plan{st.Draft, st.Plan} {
		for _, c := range p.Cells {
			if c.Topic == puppet.ID {
				t.Errorf("Ada's topic is still in a plan: %+v", c)
			}
		}
	}
	if h := st.Headcounts[ev.e.Sessions[0].ID][ev.e.Rooms[0].ID]; h != 0 {
		t.Errorf("Ada's check-in still counts: %d", h)
	}
	if _, err := s.AttendeeByToken(ctx, id, ev.tokens[0]); openspace.ErrorCode(err) != openspace.EUNAUTHORIZED {
		t.Errorf("Ada's device still works: %v", err)
	}
	b, _ := s.Ballot(ctx, id, bob.ID)
	if slices.Contains(b.Topics, puppet.ID) || b.Remaining != 2 {
		t.Errorf("Bob's ballot = %+v: his dot on Ada's topic should be back", b)
	}
	// Nothing of Ada is left in any bucket.
	for k, v := range dump(t, s) {
		if bytes.Contains([]byte(k+" "+v), []byte(ada.ID)) {
			t.Errorf("Ada is still in %s", k)
		}
	}
	// Again, or someone unknown: 404, nothing changes.
	before := dump(t, s)
	_, err = s.RemoveAttendee(ctx, id, ada.ID)
	wantCode(t, "removed twice", err, openspace.ENOTFOUND)
	if !reflect.DeepEqual(dump(t, s), before) {
		t.Error("a refused removal changed the file")
	}
}

func TestModerationDeleteTopics(t *testing.T) {
	s := mustOpen(t)
	ev := mustEvening(t, s)
	id := ev.e.ID
	puppet, kanban, jira := ev.topics[0], ev.topics[1], ev.topics[2]
	before := dump(t, s)
	for name, ids := range map[string][]string{
		"unknown among known": {puppet.ID, "ghost"},
		"empty id":            {kanban.ID, ""},
	} {
		wantCode(t, name, s.DeleteTopics(ctx, id, ids), openspace.ENOTFOUND)
	}
	wantCode(t, "no ids", s.DeleteTopics(ctx, id, nil), openspace.EINVALID)
	if !reflect.DeepEqual(dump(t, s), before) {
		t.Error("a refused DeleteTopics changed the file")
	}
	if err := s.DeleteTopics(ctx, id, []string{puppet.ID, jira.ID, puppet.ID}); err != nil {
		t.Fatal(err)
	}
	st := mustState(t, s, id)
	if len(st.Topics) != 1 || st.Topics[0].ID != kanban.ID {
		t.Errorf("topics left: %+v", st.Topics)
	}
	if len(st.Event.Pitch.Queue) != 0 {
		t.Errorf("Jira is still in the pitch queue: %+v", st.Event.Pitch)
	}
	for _, p := range []*openspace.Plan{st.Draft, st.Plan} {
		for _, c := range p.Cells {
			if c.Topic != kanban.ID {
				t.Errorf("a removed topic is still in a plan: %+v", c)
			}
		}
	}
	for _, who := range ev.people {
		b, _ := s.Ballot(ctx, id, who.ID)
		for _, tid := range b.Topics {
			if tid != kanban.ID {
				t.Errorf("%s still has a dot on %s", who.Name, tid)
			}
		}
	}
}

func TestModerationAttendees(t *testing.T) {
	s := mustOpen(t)
	ev := mustEvening(t, s)
	list, err := s.Attendees(ctx, ev.e.ID)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range list {
		got = append(got, a.Name+" "+strconv.Itoa(a.Topics)+" "+strconv.Itoa(a.Votes))
	}
	if want := []string{"Ada 1 2", "Bob 0 2", "Cy 0 1"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Attendees = %v, want %v", got, want)
	}
	if _, err := s.Attendees(ctx, "ghost"); openspace.ErrorCode(err) != openspace.ENOTFOUND {
		t.Errorf("unknown event: %v", err)
	}
}
