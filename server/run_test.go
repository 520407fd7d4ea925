package server_test

import (
	"net/http"
	"testing"
	"time"

	"openspace/openspace"
)

// TestPhasesMoveTheEvening: each phase opens what it is for, going back
// loses nothing, and an unknown phase changes nothing stored.
func TestPhasesMoveTheEvening(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	org, ev := a.createEvent(t)
	id := ev.Event.ID
	ada, _ := a.join(t, id, "Ada", "Dev")
	topic := ada.propose(id, "Puppet")
	ada.do("PUT", "/api/events/"+id+"/topics/"+topic.ID+"/vote", nil).decode(t, http.StatusOK, nil)

	tests := []struct {
		phase             string
		proposals, voting bool
	}{
		{openspace.PhaseMarketplace, true, false},
		{openspace.PhaseVoting, false, true},
		{openspace.PhasePlan, false, false},
		{openspace.PhaseSessions, false, false},
		{openspace.PhaseWrapUp, false, false},
		{openspace.PhaseClosed, false, false},
		{openspace.PhaseVoting, false, true}, // back: the vote is still there
		{openspace.PhaseWelcome, true, false},
	}
	for _, tt := range tests {
		var got openspace.Event
		org.do("PATCH", "/api/events/"+id+"/phases", map[string]string{"phase": tt.phase}).decode(t, http.StatusOK, fresh(&got))
		if got.Phase != tt.phase || got.ProposalsOpen != tt.proposals || got.VotingOpen != tt.voting {
			t.Errorf("phase %s: got phase %q, proposals %v, voting %v; want proposals %v, voting %v",
				tt.phase, got.Phase, got.ProposalsOpen, got.VotingOpen, tt.proposals, tt.voting)
		}
	}
	st, err := a.store.State(t.Context(), id, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Topics) != 1 || st.Topics[0].Votes != 1 {
		t.Errorf("after going back and forth, topics %+v; want Puppet with its 1 vote", st.Topics)
	}

	// A phase may come with its own override.
	var got openspace.Event
	org.do("PATCH", "/api/events/"+id+"/phases", map[string]any{"phase": "voting", "proposals_open": true, "rotate": true}).decode(t, http.StatusOK, fresh(&got))
	if !got.ProposalsOpen || !got.VotingOpen || !got.Rotate {
		t.Errorf("voting with proposals kept open and rotation: %+v", got)
	}

	before := a.organizerState(t, id)
	r := org.do("PATCH", "/api/events/"+id+"/phases", map[string]string{"phase": "party"})
	if r.status != http.StatusBadRequest || r.errorCode(t) != openspace.EINVALID {
		t.Errorf("unknown phase: status %d, want 400 invalid", r.status)
	}
	if got := ada.do("PATCH", "/api/events/"+id+"/phases", map[string]string{"phase": "closed"}).status; got != http.StatusUnauthorized {
		t.Errorf("an attendee moves the phase: status %d, want 401", got)
	}
	if after := a.organizerState(t, id); after != before {
		t.Errorf("refused phase changes changed the state:\n%s\n%s", before, after)
	}
}

// TestSessionClock: start runs the session for its duration from the
// server's now, starting the next ends it, extend and end move its end;
// a session that does not run cannot be extended or ended.
func TestSessionClock(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	org, ev := a.createEvent(t)
	id := ev.Event.ID
	s1, s2 := ev.Event.Sessions[0].ID, ev.Event.Sessions[1].ID
	path := func(sid, action string) string { return "/api/events/" + id + "/sessions/" + sid + "/" + action }

	for _, action := range []string{"extend", "end"} {
		body := map[string]int{"minutes": 5}
		if r := org.do("POST", path(s1, action), body); r.status != http.StatusConflict {
			t.Errorf("%s before start: status %d, want 409", action, r.status)
		}
	}

	before := time.Now()
	var got openspace.Event
	org.do("POST", path(s1, "start"), nil).decode(t, http.StatusOK, fresh(&got))
	sess := got.Sessions[0]
	if !sess.Running() || !sess.Started || got.Phase != openspace.PhaseSessions {
		t.Fatalf("after start: session %+v, phase %q; want running, phase sessions", sess, got.Phase)
	}
	if d := sess.EndsAt.Sub(*sess.StartedAt); d != 30*time.Minute {
		t.Errorf("ends_at − started_at = %v, want the session's 30 min", d)
	}
	if sess.StartedAt.Before(before.Add(-time.Second)) || sess.StartedAt.After(time.Now().Add(time.Second)) {
		t.Errorf("started_at %v is not the server's now (%v)", sess.StartedAt, before)
	}

	ends := *sess.EndsAt
	org.do("POST", path(s1, "extend"), map[string]int{"minutes": 5}).decode(t, http.StatusOK, fresh(&got))
	if d := got.Sessions[0].EndsAt.Sub(ends); d != 5*time.Minute {
		t.Errorf("extend by 5: ends_at moved by %v", d)
	}
	for _, bad := range []map[string]any{{"minutes": 0}, {"minutes": 500}, {"minutes": "five"}, {"minuets": 5}} {
		before := a.organizerState(t, id)
		if r := org.do("POST", path(s1, "extend"), bad); r.status != http.StatusBadRequest {
			t.Errorf("extend %v: status %d, want 400", bad, r.status)
		}
		if after := a.organizerState(t, id); after != before {
			t.Errorf("extend %v changed the state", bad)
		}
	}

	org.do("POST", path(s2, "start"), nil).decode(t, http.StatusOK, fresh(&got))
	if got.Sessions[0].Running() || !got.Sessions[0].Ended() || !got.Sessions[1].Running() {
		t.Errorf("starting session 2: s1 %+v, s2 %+v; want s1 ended, s2 running", got.Sessions[0], got.Sessions[1])
	}
	org.do("POST", path(s2, "end"), nil).decode(t, http.StatusOK, fresh(&got))
	if s := got.Sessions[1]; !s.Ended() || s.EndsAt.After(*s.EndedAt) {
		t.Errorf("end now: %+v; want ended with ends_at no later than ended_at", s)
	}
	if r := org.do("POST", path("nope", "start"), nil); r.status != http.StatusNotFound {
		t.Errorf("unknown session: status %d, want 404", r.status)
	}
	org.do("PATCH", "/api/events/"+id+"/sessions/"+s2, map[string]bool{"started": false}).decode(t, http.StatusOK, fresh(&got))
	if s := got.Sessions[1]; s.Started || s.StartedAt != nil || s.EndsAt != nil || s.EndedAt != nil {
		t.Errorf("reset: %+v; want a session that never started", s)
	}
}

// TestPitchQueue: proposers line up their own topics, the organizer moves
// the queue on, and the queue forgets a topic that is merged away.
func TestPitchQueue(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	org, ev := a.createEvent(t)
	id := ev.Event.ID
	ada, _ := a.join(t, id, "Ada", "Dev")
	bob, _ := a.join(t, id, "Bob", "Ops")
	puppet, cd := ada.propose(id, "Puppet"), bob.propose(id, "Continuous Delivery")
	chef := bob.propose(id, "Chef")

	var got openspace.Event
	ada.do("POST", "/api/events/"+id+"/pitches", map[string]string{"topic": puppet.ID}).decode(t, http.StatusOK, fresh(&got))
	bob.do("POST", "/api/events/"+id+"/pitches", map[string]string{"topic": cd.ID}).decode(t, http.StatusOK, fresh(&got))
	bob.do("POST", "/api/events/"+id+"/pitches", map[string]string{"topic": chef.ID}).decode(t, http.StatusOK, fresh(&got))
	if want := []string{puppet.ID, cd.ID, chef.ID}; !equal(got.Pitch.Queue, want) {
		t.Fatalf("queue %v, want %v", got.Pitch.Queue, want)
	}

	before := a.organizerState(t, id)
	refusals := []struct {
		name   string
		c      *client
		method string
		path   string
		body   any
		status int
	}{
		{"someone else's topic", bob, "POST", "/pitches", map[string]string{"topic": puppet.ID}, http.StatusForbidden},
		{"twice", ada, "POST", "/pitches", map[string]string{"topic": puppet.ID}, http.StatusConflict},
		{"no topic", ada, "POST", "/pitches", map[string]string{}, http.StatusBadRequest},
		{"unknown topic", ada, "POST", "/pitches", map[string]string{"topic": "nope"}, http.StatusNotFound},
		{"withdraw someone else's", ada, "DELETE", "/pitches/" + cd.ID, nil, http.StatusForbidden},
		{"a stranger", a.newClient(t), "POST", "/pitches", map[string]string{"topic": puppet.ID}, http.StatusUnauthorized},
		{"next by an attendee", ada, "POST", "/pitches/next", nil, http.StatusUnauthorized},
	}
	for _, r := range refusals {
		if got := r.c.do(r.method, "/api/events/"+id+r.path, r.body).status; got != r.status {
			t.Errorf("%s: status %d, want %d", r.name, got, r.status)
		}
	}
	if after := a.organizerState(t, id); after != before {
		t.Errorf("refused pitch requests changed the state")
	}

	org.do("POST", "/api/events/"+id+"/pitches/next", nil).decode(t, http.StatusOK, fresh(&got))
	if got.Pitch.Current != puppet.ID || got.Pitch.EndsAt.Sub(*got.Pitch.StartedAt) != 30*time.Second {
		t.Errorf("next: %+v; want Puppet on stage for 30 s", got.Pitch)
	}
	if want := []string{cd.ID, chef.ID}; !equal(got.Pitch.Queue, want) {
		t.Errorf("queue after next %v, want %v", got.Pitch.Queue, want)
	}
	// Bob withdraws Chef; Continuous Delivery is merged into Puppet: the queue forgets both.
	bob.do("DELETE", "/api/events/"+id+"/pitches/"+chef.ID, nil).decode(t, http.StatusOK, fresh(&got))
	org.do("POST", "/api/events/"+id+"/topics/"+puppet.ID+"/merge", map[string]string{"source": cd.ID}).decode(t, http.StatusOK, nil)
	e, err := a.store.Event(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	if len(e.Pitch.Queue) != 0 || e.Pitch.Current != puppet.ID {
		t.Errorf("after withdraw and merge: %+v; want Puppet on stage, nobody waiting", e.Pitch)
	}
	org.do("POST", "/api/events/"+id+"/pitches/next", nil).decode(t, http.StatusOK, fresh(&got))
	if got.Pitch.Current != "" || got.Pitch.EndsAt != nil {
		t.Errorf("next on an empty queue: %+v; want nobody on stage", got.Pitch)
	}
	org.do("PATCH", "/api/events/"+id+"/phases", map[string]string{"phase": "plan"}).decode(t, http.StatusOK, nil)
	if r := ada.do("POST", "/api/events/"+id+"/pitches", map[string]string{"topic": puppet.ID}); r.status != http.StatusConflict {
		t.Errorf("pitching once the plan is being made: status %d, want 409", r.status)
	}
}

// TestCheckins: attendees say which room they are in; the headcounts,
// their own check-ins and the live stream follow.
func TestCheckins(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	org, ev := a.createEvent(t)
	id := ev.Event.ID
	s1 := ev.Event.Sessions[0].ID
	big, back := ev.Event.Rooms[0].ID, ev.Event.Rooms[1].ID
	ada, _ := a.join(t, id, "Ada", "Dev")
	bob, _ := a.join(t, id, "Bob", "Ops")
	checkin := func(c *client, room string) openspace.CheckIns {
		t.Helper()
		var out openspace.CheckIns
		c.do("PUT", "/api/events/"+id+"/checkins/"+s1, map[string]string{"room": room}).decode(t, http.StatusOK, &out)
		return out
	}

	before := a.organizerState(t, id)
	if r := ada.do("PUT", "/api/events/"+id+"/checkins/"+s1, map[string]string{"room": big}); r.status != http.StatusConflict {
		t.Errorf("check-in before the schedule is out: status %d, want 409", r.status)
	}
	if after := a.organizerState(t, id); after != before {
		t.Errorf("a refused check-in changed the state")
	}
	org.do("PATCH", "/api/events/"+id+"/phases", map[string]string{"phase": "plan"}).decode(t, http.StatusOK, nil)
	if r := ada.do("PUT", "/api/events/"+id+"/checkins/"+s1, map[string]string{"room": big}); r.status != http.StatusConflict {
		t.Errorf("check-in in the plan phase before publishing: status %d, want 409", r.status)
	}
	org.do("POST", "/api/events/"+id+"/publish", nil).decode(t, http.StatusOK, nil)
	before = a.organizerState(t, id)
	for _, r := range []struct {
		name   string
		c      *client
		sid    string
		body   any
		status int
	}{
		{"no room", ada, s1, map[string]string{}, http.StatusBadRequest},
		{"unknown room", ada, s1, map[string]string{"room": "nope"}, http.StatusNotFound},
		{"unknown session", ada, "nope", map[string]string{"room": big}, http.StatusNotFound},
		{"a stranger", a.newClient(t), s1, map[string]string{"room": big}, http.StatusUnauthorized},
	} {
		if got := r.c.do("PUT", "/api/events/"+id+"/checkins/"+r.sid, r.body).status; got != r.status {
			t.Errorf("%s: status %d, want %d", r.name, got, r.status)
		}
	}
	if after := a.organizerState(t, id); after != before {
		t.Errorf("refused check-ins changed the state")
	}

	conn := a.dialWS(t, id, "", nil)
	snap := readWS(t, conn)
	last := snap.Version

	checkin(ada, big)
	got := checkin(bob, big)
	if got.Headcounts[s1][big] != 2 || got.Checkins[s1] != big {
		t.Errorf("two in the big room: %+v", got)
	}
	got = checkin(ada, back) // "I'm moving to the back room"
	if want := (openspace.Headcounts{s1: {big: 1, back: 1}}); !equalCounts(got.Headcounts, want) {
		t.Errorf("after Ada moves: headcounts %v, want %v", got.Headcounts, want)
	}
	m, _ := readUntil(t, conn, last, func(m wsMessage) bool {
		return m.Patch.Headcounts != nil && (*m.Patch.Headcounts)[s1][back] == 1
	})
	if h := *m.Patch.Headcounts; h[s1][big] != 1 {
		t.Errorf("live headcounts %v, want 1 and 1", h)
	}

	var me struct {
		Checkins map[string]string `json:"checkins"`
	}
	ada.do("GET", "/api/events/"+id+"/me", nil).decode(t, http.StatusOK, &me)
	if me.Checkins[s1] != back {
		t.Errorf("/me check-ins %v, want %s in the back room", me.Checkins, s1)
	}
	var out openspace.CheckIns
	ada.do("DELETE", "/api/events/"+id+"/checkins/"+s1, nil).decode(t, http.StatusOK, &out)
	if len(out.Checkins) != 0 || out.Headcounts[s1][back] != 0 {
		t.Errorf("after leaving: %+v", out)
	}

	// An ended session takes no check-in.
	org.do("POST", "/api/events/"+id+"/sessions/"+s1+"/start", nil).decode(t, http.StatusOK, nil)
	org.do("POST", "/api/events/"+id+"/sessions/"+s1+"/end", nil).decode(t, http.StatusOK, nil)
	if r := ada.do("PUT", "/api/events/"+id+"/checkins/"+s1, map[string]string{"room": big}); r.status != http.StatusConflict {
		t.Errorf("check-in to an ended session: status %d, want 409", r.status)
	}
}

// TestClockMessage: the stream answers a clock request with the client's
// time echoed and the server's.
func TestClockMessage(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	_, ev := a.createEvent(t)
	conn := a.dialWS(t, ev.Event.ID, "", nil)
	readWS(t, conn) // snapshot
	sent := time.Now()
	if err := conn.WriteJSON(map[string]any{"type": "clock", "t": 1234.5}); err != nil {
		t.Fatal(err)
	}
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	var m struct {
		Type string  `json:"type"`
		T    float64 `json:"t"`
		Now  int64   `json:"now"`
	}
	if err := conn.ReadJSON(&m); err != nil {
		t.Fatal(err)
	}
	now := time.UnixMilli(m.Now)
	if m.Type != "clock" || m.T != 1234.5 || now.Before(sent.Add(-time.Second)) || now.After(time.Now().Add(time.Second)) {
		t.Errorf("clock answer %+v (server time %v), want type clock, t echoed, now ≈ %v", m, now, sent)
	}
}

// fresh zeroes the event before a reply is decoded into it: JSON leaves
// absent fields as they were, and a cleared clock is absent.
func fresh(e *openspace.Event) *openspace.Event {
	*e = openspace.Event{}
	return e
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func equalCounts(a, b openspace.Headcounts) bool {
	if len(a) != len(b) {
		return false
	}
	for s, rooms := range a {
		if len(rooms) != len(b[s]) {
			return false
		}
		for r, n := range rooms {
			if b[s][r] != n {
				return false
			}
		}
	}
	return true
}
