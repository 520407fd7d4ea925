package server_test

import (
	"net/http"
	"slices"
	"strconv"
	"testing"

	"openspace/openspace"
)

type attendeeList struct {
	Attendees []openspace.AttendeeSummary `json:"attendees"`
}

func TestModerationRoutesNeedTheOrganizer(t *testing.T) {
	a := newApp(t)
	_, ev := a.createEvent(t)
	id := ev.Event.ID
	phone, me := a.join(t, id, "Ada", "Dev")
	tp := phone.propose(id, "Puppet")
	before := a.organizerState(t, id)
	for _, r := range []struct{ method, path string }{
		{"GET", "/attendees"},
		{"DELETE", "/attendees/" + me.ID},
		{"POST", "/topics/delete"},
	} {
		var body any
		if r.method == "POST" {
			body = map[string]any{"ids": []string{tp.ID}}
		}
		if got := phone.do(r.method, "/api/events/"+id+r.path, body); got.status != http.StatusUnauthorized {
			t.Errorf("%s %s by an attendee: %d, want 401", r.method, r.path, got.status)
		}
		if got := a.newClient(t).do(r.method, "/api/events/ghost"+r.path, body); got.status != http.StatusNotFound {
			t.Errorf("%s %s of an unknown event: %d, want 404", r.method, r.path, got.status)
		}
	}
	if a.organizerState(t, id) != before {
		t.Error("a refused request changed the state")
	}
}

func TestModerationBadInputChangesNothing(t *testing.T) {
	a := newApp(t)
	org, ev := a.createEvent(t)
	id := ev.Event.ID
	phone, _ := a.join(t, id, "Ada", "Dev")
	tp := phone.propose(id, "Puppet")
	before := a.organizerState(t, id)
	for _, c := range []struct {
		name   string
		method string
		path   string
		body   any
		status int
	}{
		{"unknown attendee", "DELETE", "/attendees/ghost", nil, http.StatusNotFound},
		{"unknown topic among known", "POST", "/topics/delete", map[string]any{"ids": []string{tp.ID, "ghost"}}, http.StatusNotFound},
		{"no ids", "POST", "/topics/delete", map[string]any{"ids": []string{}}, http.StatusBadRequest},
		{"no body", "POST", "/topics/delete", "", http.StatusBadRequest},
		{"ids not a list", "POST", "/topics/delete", `{"ids": "x"}`, http.StatusBadRequest},
		{"unknown field", "POST", "/topics/delete", `{"ids": [], "all": true}`, http.StatusBadRequest},
		{"joining_open not a bool", "PATCH", "/phases", `{"joining_open": "no"}`, http.StatusBadRequest},
	} {
		if got := org.do(c.method, "/api/events/"+id+c.path, c.body); got.status != c.status {
			t.Errorf("%s: %d %s, want %d", c.name, got.status, got.body, c.status)
		}
	}
	if a.organizerState(t, id) != before {
		t.Error("a refused request changed the state")
	}
}

func TestModerationTopicCaps(t *testing.T) {
	a := newApp(t)
	_, ev := a.createEvent(t)
	id := ev.Event.ID
	spammer, _ := a.join(t, id, "spam", "")
	for i := range openspace.MaxTopicsPerAttendee {
		spammer.propose(id, "spam "+strconv.Itoa(i))
	}
	spammer.headers["Accept-Language"] = "fr"
	r := spammer.do("POST", "/api/events/"+id+"/topics", map[string]string{"title": "one more"})
	if r.status != http.StatusConflict || r.errorCode(t) != openspace.ECONFLICT {
		t.Fatalf("topic past the cap: %d %s", r.status, r.body)
	}
	var st openspace.State
	a.newClient(t).do("GET", "/api/events/"+id, nil).decode(t, http.StatusOK, &st)
	if len(st.Topics) != openspace.MaxTopicsPerAttendee {
		t.Errorf("%d topics, want %d", len(st.Topics), openspace.MaxTopicsPerAttendee)
	}
}

func TestModerationRemovalsReachThePhones(t *testing.T) {
	a := newApp(t)
	org, ev := a.createEvent(t)
	id := ev.Event.ID
	ada, _ := a.join(t, id, "Ada", "Dev")
	spammer, spam := a.join(t, id, "spam", "Ops")
	puppet := ada.propose(id, "Puppet")
	kanban := ada.propose(id, "Kanban")
	var junk []string
	for i := range 3 {
		junk = append(junk, spammer.propose(id, "junk "+strconv.Itoa(i)).ID)
	}
	spammer.do("PUT", "/api/events/"+id+"/topics/"+puppet.ID+"/vote", nil).decode(t, http.StatusOK, nil)
	ada.do("PUT", "/api/events/"+id+"/topics/"+junk[0]+"/vote", nil).decode(t, http.StatusOK, nil)

	var list attendeeList
	org.do("GET", "/api/events/"+id+"/attendees", nil).decode(t, http.StatusOK, &list)
	if len(list.Attendees) != 2 || list.Attendees[1].ID != spam.ID || list.Attendees[1].Topics != 3 || list.Attendees[1].Votes != 1 {
		t.Fatalf("attendees = %+v", list.Attendees)
	}

	conn := a.dialWS(t, id, "", nil)
	snap := readWS(t, conn)
	last := snap.Version

	// The spammer goes: their topics disappear, Puppet loses their dot.
	var out openspace.RemovedAttendee
	org.do("DELETE", "/api/events/"+id+"/attendees/"+spam.ID, nil).decode(t, http.StatusOK, &out)
	slices.Sort(out.RemovedTopics)
	want := slices.Clone(junk)
	slices.Sort(want)
	if !slices.Equal(out.RemovedTopics, want) {
		t.Errorf("removed %v, want %v", out.RemovedTopics, want)
	}
	m, last := readUntil(t, conn, last, func(m wsMessage) bool { return len(m.Patch.RemovedTopics) > 0 })
	got := slices.Clone(m.Patch.RemovedTopics)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("phone saw %v removed, want %v", got, want)
	}
	if v := topicVotes(m.Patch, puppet.ID); v != 0 {
		t.Errorf("phone sees Puppet with %d votes, want 0", v)
	}
	if m.Patch.Attendance == nil || m.Patch.Attendance.Count != 1 {
		t.Errorf("phone sees attendance %+v, want 1", m.Patch.Attendance)
	}
	if r := spammer.do("GET", "/api/events/"+id+"/me", nil); r.status != http.StatusUnauthorized {
		t.Errorf("the removed device still gets /me: %d", r.status)
	}
	// Ada gets her dot on the spammer's topic back.
	var me struct {
		Ballot openspace.Ballot `json:"ballot"`
	}
	ada.do("GET", "/api/events/"+id+"/me", nil).decode(t, http.StatusOK, &me)
	if len(me.Ballot.Topics) != 0 {
		t.Errorf("Ada's ballot %+v still holds a removed topic", me.Ballot)
	}

	// Many topics at once.
	org.do("POST", "/api/events/"+id+"/topics/delete", map[string]any{"ids": []string{puppet.ID, kanban.ID}}).decode(t, http.StatusNoContent, nil)
	m, last = readUntil(t, conn, last, func(m wsMessage) bool { return len(m.Patch.RemovedTopics) > 0 })
	if len(m.Patch.RemovedTopics) != 2 {
		t.Errorf("phone saw %v removed, want Puppet and Kanban", m.Patch.RemovedTopics)
	}

	// Joining closed: a new phone gets the message; who is in stays in.
	var e openspace.Event
	org.do("PATCH", "/api/events/"+id+"/phases", map[string]any{"joining_open": false}).decode(t, http.StatusOK, &e)
	if !e.JoiningClosed {
		t.Fatalf("event after closing joining: %+v", e)
	}
	m, _ = readUntil(t, conn, last, func(m wsMessage) bool { return m.Patch.Event != nil })
	if !m.Patch.Event.JoiningClosed {
		t.Error("the phone did not see joining close")
	}
	late := a.newClient(t)
	late.headers["Accept-Language"] = "fr"
	r := late.do("POST", "/api/events/"+id+"/join", map[string]string{"name": "late"})
	if r.status != http.StatusConflict || r.errorCode(t) != openspace.ECONFLICT {
		t.Errorf("join while closed: %d %s", r.status, r.body)
	}
	ada.do("POST", "/api/events/"+id+"/join", map[string]string{}).decode(t, http.StatusOK, nil)
}
