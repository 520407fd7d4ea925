package server_test

import (
	"net/http"
	"strings"
	"testing"

	"openspace/openspace"
)

type notesReply struct {
	Notes    openspace.Notes `json:"notes"`
	Merged   bool            `json:"merged"`
	Conflict bool            `json:"conflict"`
}

// TestNotesAPI: the people in a topic edit its notes, concurrent edits
// merge, someone else gets a 403, bad input a 400 that changes nothing, and
// the stream carries the notes to every screen.
func TestNotesAPI(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	org, ev := a.createEvent(t)
	id := ev.Event.ID
	ada, _ := a.join(t, id, "Ada", "Dev")
	bob, _ := a.join(t, id, "Bob", "Ops")
	eve, _ := a.join(t, id, "Eve", "Ops")
	puppet := ada.propose(id, "Puppet")
	ada.do("PUT", "/api/events/"+id+"/topics/"+puppet.ID+"/vote", nil).decode(t, http.StatusOK, nil)
	// Bob is in the topic by checking into its room during its session.
	s1, r1 := ev.Event.Sessions[0].ID, ev.Event.Rooms[0].ID
	org.do("POST", "/api/events/"+id+"/draft/ops", map[string]string{"op": "place", "topic": puppet.ID, "session": s1, "room": r1}).decode(t, http.StatusOK, nil)
	org.do("POST", "/api/events/"+id+"/publish", nil).decode(t, http.StatusOK, nil)
	org.do("POST", "/api/events/"+id+"/sessions/"+s1+"/start", nil).decode(t, http.StatusOK, nil)
	bob.do("PUT", "/api/events/"+id+"/checkins/"+s1, map[string]string{"room": r1}).decode(t, http.StatusOK, nil)
	path := "/api/events/" + id + "/topics/" + puppet.ID + "/notes"

	var empty openspace.Notes
	eve.do("GET", path, nil).decode(t, http.StatusOK, &empty)
	if empty.Version != 0 || empty.Text != "" || empty.Takeaways == nil || empty.Topic != puppet.ID {
		t.Errorf("notes nobody wrote: %+v", empty)
	}
	ws := a.dialWS(t, id, "", nil)
	snap := readWS(t, ws)

	put := func(c *client, body any) notesReply {
		t.Helper()
		var out notesReply
		c.do("PUT", path, body).decode(t, http.StatusOK, &out)
		return out
	}
	v1 := put(org, map[string]any{"base_version": 0, "text": "Intro.\n\nMiddle.\n\nEnd.", "takeaways": []string{"Pin versions"}})
	if v1.Notes.Version != 1 || v1.Merged || v1.Conflict {
		t.Errorf("first save: %+v", v1)
	}
	m, last := readUntil(t, ws, snap.Version, func(m wsMessage) bool { return len(m.Patch.Notes) == 1 })
	if got := m.Patch.Notes[0]; got.Topic != puppet.ID || got.Version != 1 || got.Text != v1.Notes.Text {
		t.Errorf("patch notes %+v", got)
	}

	// Ada and Bob start from version 1; Ada changes the first paragraph,
	// Bob the last: both survive.
	first := put(ada, map[string]any{"base_version": 1, "text": "Intro, by Ada.\n\nMiddle.\n\nEnd.", "takeaways": []string{"Pin versions"}})
	second := put(bob, map[string]any{"base_version": 1, "text": "Intro.\n\nMiddle.\n\nEnd, by Bob.", "takeaways": []string{"Pin versions", "Use Hiera"}})
	if first.Merged || !second.Merged || second.Conflict || second.Notes.Version != 3 {
		t.Errorf("flags: %+v then %+v", first, second)
	}
	if want := "Intro, by Ada.\n\nMiddle.\n\nEnd, by Bob."; second.Notes.Text != want {
		t.Errorf("merged %q, want %q", second.Notes.Text, want)
	}
	// Both change the middle line: both versions are kept, Bob sees the conflict.
	put(ada, map[string]any{"base_version": 3, "text": "Intro, by Ada.\n\nMiddle (Ada).\n\nEnd, by Bob."})
	bob.headers["Accept-Language"] = "fr-FR,fr"
	c := put(bob, map[string]any{"base_version": 3, "text": "Intro, by Ada.\n\nMiddle (Bob).\n\nEnd, by Bob.", "takeaways": []string{"Pin versions", "Use Hiera"}})
	if !c.Conflict || !strings.Contains(c.Notes.Text, "Middle (Ada).") || !strings.Contains(c.Notes.Text, "Middle (Bob).") ||
		!strings.Contains(c.Notes.Text, "Première version") {
		t.Errorf("conflict: %+v", c)
	}
	readUntil(t, ws, last, func(m wsMessage) bool { return len(m.Patch.Notes) == 1 && m.Patch.Notes[0].Version == c.Notes.Version })

	before := a.organizerState(t, id)
	for _, tc := range []struct {
		name   string
		c      *client
		body   any
		status int
		code   string
	}{
		{"someone not in the topic", eve, map[string]any{"base_version": c.Notes.Version, "text": "mine"}, 403, "forbidden"},
		{"no token", a.newClient(t), map[string]any{"text": "x"}, 401, "unauthorized"},
		{"text too long", org, map[string]any{"base_version": c.Notes.Version, "text": strings.Repeat("a", 20001)}, 400, "invalid"},
		{"too many takeaways", org, map[string]any{"base_version": c.Notes.Version, "takeaways": strings.Split(strings.Repeat("x,", 31), ",")[:31]}, 400, "invalid"},
		{"a takeaway too long", org, map[string]any{"base_version": c.Notes.Version, "takeaways": []string{strings.Repeat("a", 201)}}, 400, "invalid"},
		{"a version from the future", org, map[string]any{"base_version": 99, "text": "x"}, 400, "invalid"},
		{"an unknown field", org, map[string]any{"version": 1, "text": "x"}, 400, "invalid"},
		{"no body", org, "", 400, "invalid"},
		{"the wrong type", org, map[string]any{"text": 3}, 400, "invalid"},
	} {
		r := tc.c.do("PUT", path, tc.body)
		if r.status != tc.status || r.errorCode(t) != tc.code {
			t.Errorf("%s: %d %s, want %d %s", tc.name, r.status, r.body, tc.status, tc.code)
		}
	}
	if r := org.do("PUT", "/api/events/"+id+"/topics/nope/notes", map[string]any{"text": "x"}); r.status != http.StatusNotFound {
		t.Errorf("unknown topic: %d", r.status)
	}
	if after := a.organizerState(t, id); after != before {
		t.Error("a refused edit changed the state")
	}
	var st openspace.State
	eve.do("GET", "/api/events/"+id, nil).decode(t, http.StatusOK, &st)
	if st.Notes[puppet.ID].Version != c.Notes.Version {
		t.Errorf("public state notes %+v", st.Notes)
	}
}
