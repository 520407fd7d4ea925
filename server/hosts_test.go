package server_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"openspace/openspace"
)

// TestProposeWithHostSessions: an attendee proposes a topic they can only
// host in session 1; a session the event does not have is a 400 that
// stores nothing, in the caller's language.
func TestProposeWithHostSessions(t *testing.T) {
	a := newApp(t)
	_, ev := a.createEvent(t)
	id := ev.Event.ID
	s1 := ev.Event.Sessions[0].ID
	ada, me := a.join(t, id, "Ada", "Dev")

	var tp openspace.Topic
	ada.do("POST", "/api/events/"+id+"/topics", map[string]any{"title": "Puppet", "host": "Ada", "host_sessions": []string{s1}}).
		decode(t, http.StatusCreated, &tp)
	if !slices.Equal(tp.HostSessions, []string{s1}) || tp.ProposerID != me.ID {
		t.Errorf("proposed topic = %+v, want host sessions [%s] and Ada as proposer", tp, s1)
	}

	before := a.organizerState(t, id)
	resp := ada.do("POST", "/api/events/"+id+"/topics", map[string]any{"title": "Kanban", "host_sessions": []string{s1, "gone"}})
	if resp.status != http.StatusBadRequest || resp.errorCode(t) != openspace.EINVALID {
		t.Fatalf("unknown session: %d %s, want 400 invalid", resp.status, resp.body)
	}
	if !strings.Contains(string(resp.body), "no longer in this event") || strings.Contains(string(resp.body), "gone") {
		t.Errorf("the message should say a chosen session is gone, without its id: %s", resp.body)
	}
	if a.organizerState(t, id) != before {
		t.Error("a refused proposal changed what is stored")
	}
	ada.headers["Accept-Language"] = "fr"
	resp = ada.do("POST", "/api/events/"+id+"/topics", map[string]any{"title": "Kanban", "host_sessions": []string{"gone"}})
	if resp.status != http.StatusBadRequest || !strings.Contains(string(resp.body), "n’est plus dans cet événement") {
		t.Errorf("in French: %d %s", resp.status, resp.body)
	}
}

// TestHostSessionsRoute: the proposer changes when they can host, through
// PUT …/host-sessions; another attendee may not, the organizer may.
func TestHostSessionsRoute(t *testing.T) {
	a := newApp(t)
	org, ev := a.createEvent(t)
	id := ev.Event.ID
	s1, s2 := ev.Event.Sessions[0].ID, ev.Event.Sessions[1].ID
	ada, _ := a.join(t, id, "Ada", "Dev")
	bob, _ := a.join(t, id, "Bob", "Ops")
	tp := ada.propose(id, "Puppet")
	path := "/api/events/" + id + "/topics/" + tp.ID + "/host-sessions"

	var got openspace.Topic
	ada.do("PUT", path, map[string]any{"host_sessions": []string{s2}}).decode(t, http.StatusOK, &got)
	if !slices.Equal(got.HostSessions, []string{s2}) {
		t.Errorf("after the proposer's change: %q, want [%s]", got.HostSessions, s2)
	}

	before := a.organizerState(t, id)
	for _, tt := range []struct {
		name       string
		c          *client
		body       any
		wantStatus int
	}{
		{"another attendee", bob, map[string]any{"host_sessions": []string{s1}}, http.StatusForbidden},
		{"a stranger", a.newClient(t), map[string]any{"host_sessions": []string{s1}}, http.StatusUnauthorized},
		{"an unknown session", ada, map[string]any{"host_sessions": []string{"gone"}}, http.StatusBadRequest},
		{"not a list", ada, map[string]any{"host_sessions": "s1"}, http.StatusBadRequest},
	} {
		resp := tt.c.do("PUT", path, tt.body)
		if resp.status != tt.wantStatus {
			t.Errorf("%s: status %d %s, want %d", tt.name, resp.status, resp.body, tt.wantStatus)
			continue
		}
		resp.errorCode(t)
	}
	if a.organizerState(t, id) != before {
		t.Error("a refused change changed what is stored")
	}

	var cleared openspace.Topic
	org.do("PUT", path, map[string]any{"host_sessions": []string{}}).decode(t, http.StatusOK, &cleared)
	if cleared.HostSessions != nil || cleared.Title != "Puppet" {
		t.Errorf("after the organizer's change: %+v, want Puppet in any session", cleared)
	}
}

// TestProposePlanKeepsTheOrganizersLock: a topic locked in a session its
// host cannot be in stays there, with no error, and the report says so.
func TestProposePlanKeepsTheOrganizersLock(t *testing.T) {
	a := newApp(t)
	org, ev := a.createEvent(t)
	id := ev.Event.ID
	s1, s2 := ev.Event.Sessions[0].ID, ev.Event.Sessions[1].ID
	back := ev.Event.Rooms[1].ID
	ada, me := a.join(t, id, "Ada", "Dev")
	var tp openspace.Topic
	ada.do("POST", "/api/events/"+id+"/topics", map[string]any{"title": "Puppet", "host_sessions": []string{s1}}).
		decode(t, http.StatusCreated, &tp)
	ada.do("PUT", "/api/events/"+id+"/topics/"+tp.ID+"/vote", nil).decode(t, http.StatusOK, nil)
	org.do("POST", "/api/events/"+id+"/draft/ops", openspace.PlanOp{Op: "place", Topic: tp.ID, Session: s2, Room: back}).decode(t, http.StatusOK, nil)
	org.do("POST", "/api/events/"+id+"/draft/ops", openspace.PlanOp{Op: "lock", Session: s2, Room: back}).decode(t, http.StatusOK, nil)

	var out openspace.DraftProposal
	org.do("POST", "/api/events/"+id+"/draft/propose", nil).decode(t, http.StatusOK, &out)
	if i := out.Draft.CellOf(tp.ID); i < 0 || out.Draft.Cells[i].Session != s2 || !out.Draft.Cells[i].Locked {
		t.Errorf("the locked topic moved: %+v", out.Draft.Cells)
	}
	want := []openspace.HostWarning{{Kind: openspace.HostUnavailable, Session: s2, Topics: []string{tp.ID}, Host: me.ID, Name: "Ada"}}
	var rep openspace.PlanReport
	org.do("GET", "/api/events/"+id+"/draft/report", nil).decode(t, http.StatusOK, &rep)
	for what, got := range map[string][]openspace.HostWarning{"proposal": out.Report.Warnings, "draft report": rep.Warnings} {
		if !slices.EqualFunc(got, want, func(x, y openspace.HostWarning) bool {
			return x.Kind == y.Kind && x.Session == y.Session && slices.Equal(x.Topics, y.Topics) && x.Host == y.Host && x.Name == y.Name
		}) {
			t.Errorf("%s warnings = %+v, want %+v", what, got, want)
		}
	}
}
