package schedule_test

import (
	"reflect"
	"testing"

	"openspace/openspace"
	"openspace/openspace/schedule"
)

// planningFixture: two sessions, a 2-seat room and a 1-seat room.
func planningFixture() (openspace.Event, []openspace.Topic, map[string][]string) {
	ev := openspace.Event{
		Sessions: []openspace.Session{{ID: "s1"}, {ID: "s2"}},
		Rooms:    []openspace.Room{{ID: "big", Capacity: 2, Equipment: []string{"screen"}}, {ID: "small", Capacity: 1}},
	}
	topics := []openspace.Topic{{ID: "a"}, {ID: "b"}, {ID: "c"}, {ID: "demo", Needs: []string{"screen"}}}
	votes := map[string][]string{
		"ada":    {"a", "b"},
		"bob":    {"a", "b", "gone"}, // a vote for a deleted topic is ignored
		"cyd":    {"a", "c"},
		"nobody": {},
	}
	return ev, topics, votes
}

func TestProblemFor(t *testing.T) {
	ev, topics, votes := planningFixture()
	p := schedule.ProblemFor(ev, topics, votes)
	if err := p.Validate(); err != nil {
		t.Fatalf("problem is invalid: %v", err)
	}
	gotVoters := []string{}
	for _, v := range p.Votes {
		gotVoters = append(gotVoters, v.Attendee)
	}
	if want := []string{"ada", "bob", "cyd"}; !reflect.DeepEqual(gotVoters, want) {
		t.Errorf("voters = %v, want %v (sorted, without people who voted for nothing)", gotVoters, want)
	}
	if got, want := p.Votes[1].Topics, []string{"a", "b"}; !reflect.DeepEqual(got, want) {
		t.Errorf("bob's topics = %v, want %v", got, want)
	}
	if got, want := p.Topics[3].Needs, []string{"screen"}; !reflect.DeepEqual(got, want) {
		t.Errorf("demo needs = %v, want %v", got, want)
	}
}

func TestAttendAndReport(t *testing.T) {
	ev, topics, votes := planningFixture()
	p := schedule.ProblemFor(ev, topics, votes)
	// a and b in the same session: ada and bob clash; a's room holds 2 of 3.
	draft := openspace.Plan{Cells: []openspace.Cell{
		{Session: "s1", Room: "big", Topic: "a", Locked: true},
		{Session: "s1", Room: "small", Topic: "b"},
		{Session: "s2", Room: "small", Topic: "c"},
	}}
	sol := schedule.Attend(p, schedule.SlotsOf(draft))
	// Session 1: a (2 seats) and b (1 seat) for ada, bob, cyd → 3 seated.
	// Session 2: c for cyd → 1. Upper bound: a wanted by 3 seats at most 2
	// in the biggest room, b 2, c 1: 5.
	if got, want := sol.Score.Attended, 4; got != want {
		t.Errorf("attended = %d, want %d", got, want)
	}
	if got, want := sol.Score.UpperBound, 5; got != want {
		t.Errorf("upper bound = %d, want %d", got, want)
	}
	if got, want := sol.Score.Unscheduled, []string{"demo"}; !reflect.DeepEqual(got, want) {
		t.Errorf("unscheduled = %v, want %v", got, want)
	}

	rep := schedule.Report(p, sol, map[string]string{"ada": "Ada"})
	lost := map[string]int{}
	for _, l := range rep.Losses {
		lost[l.Attendee] = l.Lost
	}
	if got, want := lost, map[string]int{"ada": 1, "bob": 1}; !reflect.DeepEqual(got, want) {
		t.Errorf("losses = %v, want %v", got, want)
	}
	if got, want := rep.LossCount, 2; got != want {
		t.Errorf("loss count = %d, want %d (Ada and Bob)", got, want)
	}
	for _, l := range rep.Losses {
		if len(l.Missed) != 1 || l.Missed[0].Reason != openspace.MissedClash {
			t.Errorf("%s misses %+v, want one clash", l.Attendee, l.Missed)
		}
	}
	if rep.Losses[0].Name != "Ada" && rep.Losses[1].Name != "Ada" {
		t.Errorf("names not carried: %+v", rep.Losses)
	}
	for _, c := range rep.Cells {
		if c.Expected > c.Capacity {
			t.Errorf("cell %+v expects more than its capacity", c)
		}
	}

	published := schedule.WithExpected(draft, sol)
	total := 0
	for _, c := range published.Cells {
		total += c.Expected
	}
	if got, want := total, sol.Score.Attended; got != want {
		t.Errorf("expected headcounts sum to %d, want %d", got, want)
	}
	again := schedule.PlanFromSlots(draft, sol.Slots)
	if !again.Cells[0].Locked || again.Cells[1].Locked {
		t.Errorf("PlanFromSlots lost or invented a lock: %+v", again.Cells)
	}
}

// TestSolveOnEventKeepsLockedCells is what "Propose a plan" does: locked
// cells become pins and stay where they are.
func TestSolveOnEventKeepsLockedCells(t *testing.T) {
	ev, topics, votes := planningFixture()
	draft := openspace.Plan{Cells: []openspace.Cell{{Session: "s2", Room: "small", Topic: "a", Locked: true}}}
	p, err := schedule.ProblemFor(ev, topics, votes).PinSlots(schedule.LockedSlots(draft))
	if err != nil {
		t.Fatal(err)
	}
	sol := schedule.Solve(p, schedule.Options{})
	plan := schedule.PlanFromSlots(draft, sol.Slots)
	i := plan.CellOf("a")
	if i < 0 || plan.Cells[i].Session != "s2" || plan.Cells[i].Room != "small" || !plan.Cells[i].Locked {
		t.Errorf("locked topic moved or lost its lock: %+v", plan.Cells)
	}
	best := schedule.Solve(schedule.ProblemFor(ev, topics, votes), schedule.Options{})
	if sol.Score.Attended > best.Score.Attended {
		t.Errorf("a pinned plan (%d) beats the free one (%d)", sol.Score.Attended, best.Score.Attended)
	}
}

// hostFixture: ada proposed puppet (only in session 1, and a session
// deleted since) and kanban (only in a deleted session); the organizer
// added jira, with no host.
func hostFixture() (openspace.Event, []openspace.Topic, map[string][]string) {
	ev := openspace.Event{
		Sessions: []openspace.Session{{ID: "s1"}, {ID: "s2"}},
		Rooms:    []openspace.Room{{ID: "big", Capacity: 3}, {ID: "small", Capacity: 2}},
	}
	topics := []openspace.Topic{
		{ID: "puppet", ProposerID: "ada", HostSessions: []string{"s1", "deleted"}},
		{ID: "kanban", ProposerID: "ada", HostSessions: []string{"deleted"}},
		{ID: "jira"},
	}
	votes := map[string][]string{"bob": {"puppet", "kanban"}, "cyd": {"puppet", "jira"}}
	return ev, topics, votes
}

func TestProblemForHosts(t *testing.T) {
	ev, topics, votes := hostFixture()
	p := schedule.ProblemFor(ev, topics, votes)
	if err := p.Validate(); err != nil {
		t.Fatalf("problem is invalid: %v", err)
	}
	tests := []struct {
		topic    string
		host     string
		sessions []string
	}{
		{"puppet", "ada", []string{"s1"}}, // the deleted session is dropped
		{"kanban", "ada", nil},            // none left: any session
		{"jira", "", nil},                 // the organizer's topic has no host
	}
	for i, tt := range tests {
		got := p.Topics[i]
		if got.ID != tt.topic || got.Host != tt.host || !reflect.DeepEqual(got.Sessions, tt.sessions) {
			t.Errorf("topic %d = %+v, want %s hosted by %q in %v", i, got, tt.topic, tt.host, tt.sessions)
		}
	}
}

// TestLockedProblemTheOrganizerWins: locks that break a host rule stay,
// and the problem is still valid; the report warns about them.
func TestLockedProblemTheOrganizerWins(t *testing.T) {
	ev, topics, votes := hostFixture()
	in := schedule.Input{Event: ev, Topics: topics, Votes: votes, Names: map[string]string{"ada": "Ada"}, Draft: openspace.Plan{Cells: []openspace.Cell{
		// puppet is locked in session 2, which ada cannot host in, and
		// beside kanban, ada's other topic, locked too.
		{Session: "s2", Room: "small", Topic: "kanban", Locked: true},
		{Session: "s2", Room: "big", Topic: "puppet", Locked: true},
	}}}
	p, err := schedule.LockedProblem(in)
	if err != nil {
		t.Fatalf("LockedProblem: %v", err)
	}
	byID := map[string]schedule.ProblemTopic{}
	for _, tp := range p.Topics {
		byID[tp.ID] = tp
	}
	if got := byID["puppet"]; got.Pinned == nil || got.Pinned.Session != "s2" || got.Sessions != nil || got.Host != "ada" {
		t.Errorf("puppet = %+v, want pinned in s2, any session, still ada's (first in room order)", got)
	}
	if got := byID["kanban"]; got.Pinned == nil || got.Pinned.Room != "small" || got.Host != "" {
		t.Errorf("kanban = %+v, want pinned in s2/small without its host", got)
	}

	out, err := schedule.ProposeDraft(in, 0)
	if err != nil {
		t.Fatalf("ProposeDraft: %v", err)
	}
	for _, c := range in.Draft.Cells {
		if i := out.Draft.CellOf(c.Topic); i < 0 || out.Draft.Cells[i] != c {
			t.Errorf("locked cell %+v did not stay: %+v", c, out.Draft.Cells)
		}
	}
	want := []openspace.HostWarning{
		{Kind: openspace.HostUnavailable, Session: "s2", Topics: []string{"puppet"}, Host: "ada", Name: "Ada"},
		{Kind: openspace.HostTwice, Session: "s2", Topics: []string{"puppet", "kanban"}, Host: "ada", Name: "Ada"},
	}
	if !reflect.DeepEqual(out.Report.Warnings, want) {
		t.Errorf("proposal warnings = %+v, want %+v", out.Report.Warnings, want)
	}
	if got := schedule.DraftReport(schedule.Input{Event: ev, Topics: topics, Votes: votes, Names: in.Names, Draft: out.Draft}).Warnings; !reflect.DeepEqual(got, want) {
		t.Errorf("draft report warnings = %+v, want %+v", got, want)
	}
}

func TestReportWarningsAndHosting(t *testing.T) {
	ev, topics, votes := hostFixture()
	p := schedule.ProblemFor(ev, topics, votes)
	tests := []struct {
		name  string
		slots []schedule.Slot
		want  []openspace.HostWarning
	}{
		{"as the host asked", []schedule.Slot{{Session: "s1", Room: "big", Topic: "puppet"}, {Session: "s2", Room: "big", Topic: "kanban"}},
			[]openspace.HostWarning{}},
		{"a topic where its host cannot be", []schedule.Slot{{Session: "s2", Room: "big", Topic: "puppet"}},
			[]openspace.HostWarning{{Kind: openspace.HostUnavailable, Session: "s2", Topics: []string{"puppet"}, Host: "ada"}}},
		{"two topics of one host at once", []schedule.Slot{{Session: "s1", Room: "small", Topic: "puppet"}, {Session: "s1", Room: "big", Topic: "kanban"}},
			[]openspace.HostWarning{{Kind: openspace.HostTwice, Session: "s1", Topics: []string{"kanban", "puppet"}, Host: "ada"}}},
	}
	for _, tt := range tests {
		rep := schedule.Report(p, schedule.Attend(p, tt.slots), nil)
		if !reflect.DeepEqual(rep.Warnings, tt.want) {
			t.Errorf("%s: warnings = %+v, want %+v", tt.name, rep.Warnings, tt.want)
		}
	}
	// The host votes for jira, which runs while they host puppet, and for
	// kanban, left out.
	votes["ada"] = []string{"jira", "kanban"}
	p = schedule.ProblemFor(ev, topics, votes)
	sol := schedule.Solution{
		Slots:      []schedule.Slot{{Session: "s1", Room: "big", Topic: "puppet"}, {Session: "s1", Room: "small", Topic: "jira"}},
		Attendance: []openspace.Seat{{Attendee: "ada", Session: "s1", Topic: "puppet"}},
	}
	var missed []openspace.Missed
	for _, l := range schedule.Report(p, sol, nil).Losses {
		if l.Attendee == "ada" {
			missed = l.Missed
		}
	}
	want := []openspace.Missed{{Topic: "jira", Reason: openspace.MissedHosting}, {Topic: "kanban", Reason: openspace.MissedUnscheduled}}
	if !reflect.DeepEqual(missed, want) {
		t.Errorf("ada misses %+v, want %+v", missed, want)
	}
}

// TestSeatingMarksTheHost: at publish, the seat of a host in their own
// topic says so; others' seats do not.
func TestSeatingMarksTheHost(t *testing.T) {
	ev, topics, votes := hostFixture()
	votes["ada"] = []string{"puppet"} // so that the host is seated whatever the scheduler does with hosts
	plan := openspace.Plan{Cells: []openspace.Cell{{Session: "s1", Room: "big", Topic: "puppet"}}}
	_, seats := schedule.Seating(schedule.Input{Event: ev, Topics: topics, Votes: votes}, plan)
	got := map[string]bool{}
	for _, s := range seats {
		got[s.Attendee] = s.Host
	}
	if want := map[string]bool{"ada": true, "bob": false, "cyd": false}; !reflect.DeepEqual(got, want) {
		t.Errorf("seated (attendee → host) = %v, want %v", got, want)
	}
}
