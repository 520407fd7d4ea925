package server_test

import (
	"net/http"
	"os"
	"testing"

	"openspace/openspace"
	"openspace/openspace/schedule"
)

// seedFixtureEvent builds the seed's evening through the API from the
// scheduling fixture: three rooms (only the big one has a screen), seven
// topics, 31 people and their votes. It returns the organizer, the event,
// fixture topic id → app topic id, and fixture attendee id → client.
func seedFixtureEvent(t *testing.T, a *app) (*client, createdEvent, map[string]string, map[string]*client) {
	t.Helper()
	f, err := os.Open("../openspace/schedule/testdata/paris-devops-2.problem.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	p, err := schedule.ReadProblem(f)
	if err != nil {
		t.Fatal(err)
	}
	setup := map[string]any{"title": "2ème meetup Paris DevOps", "dot_budget": 3}
	var sessions, rooms []map[string]any
	for _, s := range p.Sessions {
		sessions = append(sessions, map[string]any{"title": s.Title, "duration": 30})
	}
	for _, r := range p.Rooms {
		rooms = append(rooms, map[string]any{"name": r.Name, "capacity": r.Capacity, "equipment": r.Equipment})
	}
	setup["sessions"], setup["rooms"] = sessions, rooms
	org := a.newClient(t)
	var ev createdEvent
	org.do("POST", "/api/events", setup).decode(t, http.StatusCreated, &ev)
	org.do("PATCH", "/api/events/"+ev.Event.ID+"/phases", map[string]any{"voting_open": true}).decode(t, http.StatusOK, &ev.Event)
	topicIDs := map[string]string{}
	for _, tp := range p.Topics {
		var created openspace.Topic
		org.do("POST", "/api/events/"+ev.Event.ID+"/topics", map[string]any{"title": tp.Title, "needs": tp.Needs}).decode(t, http.StatusCreated, &created)
		topicIDs[tp.ID] = created.ID
	}
	people := map[string]*client{}
	for _, v := range p.Votes {
		c, _ := a.join(t, ev.Event.ID, v.Attendee, "")
		for _, tp := range v.Topics {
			c.do("PUT", "/api/events/"+ev.Event.ID+"/topics/"+topicIDs[tp]+"/vote", nil).decode(t, http.StatusOK, nil)
		}
		people[v.Attendee] = c
	}
	return org, ev, topicIDs, people
}

type proposal struct {
	Draft  openspace.Plan       `json:"draft"`
	Report openspace.PlanReport `json:"report"`
}

func TestProposePlanOnTheSeedEvening(t *testing.T) {
	a := newApp(t)
	org, ev, topicIDs, people := seedFixtureEvent(t, a)
	id := ev.Event.ID

	var got proposal
	org.do("POST", "/api/events/"+id+"/draft/propose", nil).decode(t, http.StatusOK, &got)
	// 60 of 62 is the proven optimum of this evening (openspace.TestFixtureGetsAnOptimalPlan).
	if got, want := got.Report.Score.Attended, 60; got != want {
		t.Errorf("attended = %d, want the optimum %d", got, want)
	}
	if got, want := got.Report.Score.UpperBound, 62; got != want {
		t.Errorf("upper bound = %d, want %d", got, want)
	}
	if got, want := len(got.Draft.Cells), 6; got != want {
		t.Errorf("the plan fills %d cells, want %d", got, want)
	}
	lost := 0
	for _, l := range got.Report.Losses {
		lost += l.Lost
	}
	if got, want := lost, 62-60; got != want {
		t.Errorf("losses add up to %d, want %d", got, want)
	}

	// The report of the stored draft agrees with the proposal.
	var rep openspace.PlanReport
	org.do("GET", "/api/events/"+id+"/draft/report", nil).decode(t, http.StatusOK, &rep)
	if rep.Score.Attended != 60 {
		t.Errorf("report of the stored draft: attended %d, want 60", rep.Score.Attended)
	}

	// Lock a topic in a cell it would not choose, re-run: it stays there.
	jira := topicIDs["t4"]
	s2, kitchen := ev.Event.Sessions[1].ID, ev.Event.Rooms[2].ID
	var draft openspace.Plan
	org.do("POST", "/api/events/"+id+"/draft/ops", openspace.PlanOp{Op: "place", Topic: jira, Session: s2, Room: kitchen}).decode(t, http.StatusOK, &draft)
	org.do("POST", "/api/events/"+id+"/draft/ops", openspace.PlanOp{Op: "lock", Session: s2, Room: kitchen}).decode(t, http.StatusOK, &draft)
	org.do("POST", "/api/events/"+id+"/draft/propose", map[string]int{"seed": 7}).decode(t, http.StatusOK, &got)
	i := got.Draft.CellAt(s2, kitchen)
	if i < 0 || got.Draft.Cells[i].Topic != jira || !got.Draft.Cells[i].Locked {
		t.Fatalf("the locked cell did not keep its topic: %+v", got.Draft.Cells)
	}
	if got.Report.Score.Attended > 60 {
		t.Errorf("a constrained plan scores %d, more than the optimum 60", got.Report.Score.Attended)
	}

	// Publish: everyone's phone gets a seat consistent with the grid.
	var pub openspace.Plan
	org.do("POST", "/api/events/"+id+"/publish", nil).decode(t, http.StatusOK, &pub)
	sumExpected := 0
	roomOf := map[string]string{}
	for _, c := range pub.Cells {
		sumExpected += c.Expected
		roomOf[c.Topic] = c.Room
		if room := roomByID(ev.Event, c.Room); c.Expected > room.Capacity {
			t.Errorf("%s expects %d in a room of %d", c.Topic, c.Expected, room.Capacity)
		}
	}
	if got, want := sumExpected, got.Report.Score.Attended; got != want {
		t.Errorf("expected headcounts add up to %d, want %d", got, want)
	}
	seated := 0
	for name, c := range people {
		var me struct {
			Ballot   openspace.Ballot          `json:"ballot"`
			Schedule []openspace.ScheduleEntry `json:"schedule"`
		}
		c.do("GET", "/api/events/"+id+"/me", nil).decode(t, http.StatusOK, &me)
		for _, e := range me.Schedule {
			switch e.Status {
			case openspace.ScheduleAssigned:
				seated++
				if !me.Ballot.Has(e.Assigned.Topic) || roomOf[e.Assigned.Topic] != e.Assigned.Room {
					t.Errorf("%s is assigned %+v, which they did not vote for or is not in that room", name, e.Assigned)
				}
			case openspace.ScheduleNoSeat:
				if len(e.Open) == 0 && len(e.Choices) == 0 {
					t.Errorf("%s has no seat and is shown nowhere to go", name)
				}
			}
		}
	}
	if got, want := seated, sumExpected; got != want {
		t.Errorf("%d seats shown on phones, want %d", got, want)
	}
}

func roomByID(ev openspace.Event, id string) openspace.Room {
	r, _ := ev.Room(id)
	return r
}

func TestProposeNeedsTheOrganizer(t *testing.T) {
	a := newApp(t)
	_, ev := a.createEvent(t)
	ada, _ := a.join(t, ev.Event.ID, "Ada", "Dev")
	for _, path := range []string{"/draft/propose", "/draft/report"} {
		method := "POST"
		if path == "/draft/report" {
			method = "GET"
		}
		if got, want := ada.do(method, "/api/events/"+ev.Event.ID+path, nil).status, http.StatusUnauthorized; got != want {
			t.Errorf("%s by an attendee: status %d, want %d", path, got, want)
		}
	}
}

// TestReplanKeepsStartedSessions: once session 1 is under way, a re-plan
// after new votes keeps its cells exactly as published.
func TestReplanKeepsStartedSessions(t *testing.T) {
	a := newApp(t)
	org, ev, _, people := seedFixtureEvent(t, a)
	id := ev.Event.ID
	s1 := ev.Event.Sessions[0].ID
	org.do("POST", "/api/events/"+id+"/draft/propose", nil).decode(t, http.StatusOK, nil)
	var published openspace.Plan
	org.do("POST", "/api/events/"+id+"/publish", nil).decode(t, http.StatusOK, &published)

	var updated openspace.Event
	org.do("PATCH", "/api/events/"+id+"/sessions/"+s1, map[string]bool{"started": true}).decode(t, http.StatusOK, &updated)
	if !updated.Sessions[0].Started {
		t.Fatal("session 1 not marked as started")
	}
	if updated.Phase != openspace.PhaseSessions || updated.VotingOpen {
		t.Fatalf("starting a session: phase %q, voting open %v; want sessions, closed", updated.Phase, updated.VotingOpen)
	}
	// The organizer lets people vote again between sessions.
	org.do("PATCH", "/api/events/"+id+"/phases", map[string]bool{"voting_open": true}).decode(t, http.StatusOK, nil)
	// A hot topic appears and twenty people move a dot to it.
	hot := org.propose(id, "Kubernetes")
	moved := 0
	for _, c := range people {
		if moved == 20 {
			break
		}
		var me struct {
			Ballot openspace.Ballot `json:"ballot"`
		}
		c.do("GET", "/api/events/"+id+"/me", nil).decode(t, http.StatusOK, &me)
		c.do("DELETE", "/api/events/"+id+"/topics/"+me.Ballot.Topics[0]+"/vote", nil).decode(t, http.StatusOK, nil)
		c.do("PUT", "/api/events/"+id+"/topics/"+hot.ID+"/vote", nil).decode(t, http.StatusOK, nil)
		moved++
	}

	var got proposal
	org.do("POST", "/api/events/"+id+"/draft/propose", nil).decode(t, http.StatusOK, &got)
	for _, c := range published.Cells {
		if c.Session != s1 {
			continue
		}
		if i := got.Draft.CellAt(c.Session, c.Room); i < 0 || got.Draft.Cells[i].Topic != c.Topic {
			t.Errorf("started session 1 changed in room %s: %+v, want topic %s", c.Room, got.Draft.Cells, c.Topic)
		}
	}
	if i := got.Draft.CellOf(hot.ID); i < 0 || got.Draft.Cells[i].Session == s1 {
		t.Errorf("the hot topic is not placed in session 2: %+v", got.Draft.Cells)
	}

	// Marking an unknown session is a 404; without "started", a 400.
	if got, want := org.do("PATCH", "/api/events/"+id+"/sessions/nope", map[string]bool{"started": true}).status, http.StatusNotFound; got != want {
		t.Errorf("unknown session: status %d, want %d", got, want)
	}
	if got, want := org.do("PATCH", "/api/events/"+id+"/sessions/"+s1, map[string]string{}).status, http.StatusBadRequest; got != want {
		t.Errorf("no started field: status %d, want %d", got, want)
	}
}
