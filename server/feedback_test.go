package server_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"openspace/openspace"
)

// TestFeedbackRoutes: an attendee gives feedback in the wrap-up only, can
// change it until the event closes; the public stream carries the marks,
// never the texts; the organizer reads everything, with names.
func TestFeedbackRoutes(t *testing.T) {
	a := newApp(t)
	org, ev := a.createEvent(t)
	id := ev.Event.ID
	base := "/api/events/" + id
	ada, adaA := a.join(t, id, "Ada", "Dev")
	bob, _ := a.join(t, id, "Bob", "Ops")
	puppet := ada.propose(id, "Puppet")
	ada.do("PUT", base+"/topics/"+puppet.ID+"/vote", nil).decode(t, http.StatusOK, nil)
	org.do("POST", base+"/draft/ops", map[string]string{"op": "place", "topic": puppet.ID,
		"session": ev.Event.Sessions[0].ID, "room": ev.Event.Rooms[0].ID}).decode(t, http.StatusOK, nil)
	org.do("POST", base+"/publish", nil).decode(t, http.StatusOK, nil)
	org.do("POST", base+"/sessions/"+ev.Event.Sessions[0].ID+"/start", nil).decode(t, http.StatusOK, nil)
	body := map[string]any{"evening": 5, "topics": map[string]int{puppet.ID: 4}, "worked": "Les échanges", "blocked": "Le bruit"}

	// Before the wrap-up: 409.
	r := ada.do("PUT", base+"/feedback", body)
	if r.status != http.StatusConflict || r.errorCode(t) != openspace.EPHASE {
		t.Fatalf("PUT before the wrap-up: %d %s", r.status, r.body)
	}
	org.do("PATCH", base+"/phases", map[string]any{"phase": "wrapup"}).decode(t, http.StatusOK, nil)
	pub := a.dialWS(t, id, "", nil)
	snap := readWS(t, pub)
	if snap.State.ROTI != nil {
		t.Errorf("the snapshot has marks before anyone gave any: %+v", snap.State.ROTI)
	}

	before := a.organizerState(t, id)
	// Refusals: no token, a topic Bob did not attend, a mark of 6, a text too long.
	anon := a.newClient(t)
	if r := anon.do("PUT", base+"/feedback", body); r.status != http.StatusUnauthorized {
		t.Errorf("PUT without a token: %d", r.status)
	}
	for name, b := range map[string]map[string]any{
		"a topic not attended": {"evening": 3, "topics": map[string]int{puppet.ID: 2}},
		"a mark of 6":          {"evening": 6},
		"a text too long":      {"worked": strings.Repeat("x", 2001)},
		"an unknown field":     {"evening": 3, "mood": "happy"},
	} {
		if r := bob.do("PUT", base+"/feedback", b); r.status != http.StatusBadRequest || r.errorCode(t) != openspace.EINVALID {
			t.Errorf("%s: %d %s", name, r.status, r.body)
		}
	}
	if after := a.organizerState(t, id); after != before {
		t.Error("a refused feedback changed the state")
	}

	// Ada's form: Puppet is hers to mark (her seat), nothing given yet.
	var my openspace.MyFeedback
	ada.do("GET", base+"/feedback/me", nil).decode(t, http.StatusOK, &my)
	if my.Feedback != nil || len(my.Topics) != 1 || my.Topics[0] != puppet.ID {
		t.Errorf("GET /feedback/me = %+v", my)
	}
	var f openspace.Feedback
	ada.do("PUT", base+"/feedback", body).decode(t, http.StatusOK, &f)
	if f.Attendee != adaA.ID || f.Evening != 5 || f.Topics[puppet.ID] != 4 || f.Worked != "Les échanges" {
		t.Errorf("PUT = %+v", f)
	}
	m, last := readUntil(t, pub, snap.Version, func(m wsMessage) bool { return m.Patch.ROTI != nil })
	if m.Patch.ROTI.Evening != [5]int{0, 0, 0, 0, 1} || m.Patch.ROTI.Topics[puppet.ID] != [5]int{0, 0, 0, 1, 0} {
		t.Errorf("patch marks = %+v", m.Patch.ROTI)
	}
	data, _ := json.Marshal(m)
	raw := string(data)
	if strings.Contains(raw, "Les échanges") || strings.Contains(raw, "Le bruit") {
		t.Errorf("the public stream carries the comments: %s", raw)
	}
	// Ada changes her mark; Bob gives his.
	ada.do("PUT", base+"/feedback", map[string]any{"evening": 2, "worked": "Les échanges"}).decode(t, http.StatusOK, nil)
	bob.do("PUT", base+"/feedback", map[string]any{"evening": 2, "blocked": "Trop court"}).decode(t, http.StatusOK, nil)
	readUntil(t, pub, last, func(m wsMessage) bool {
		return m.Patch.ROTI != nil && m.Patch.ROTI.Evening == [5]int{0, 2, 0, 0, 0} && m.Patch.ROTI.Count == 2
	})

	// The organizer reads every feedback, with names; others may not.
	if r := ada.do("GET", base+"/feedback", nil); r.status != http.StatusUnauthorized {
		t.Errorf("an attendee reads everyone's feedback: %d", r.status)
	}
	var rep openspace.FeedbackReport
	org.do("GET", base+"/feedback", nil).decode(t, http.StatusOK, &rep)
	if len(rep.Feedback) != 2 || rep.Feedback[0].Name != "Bob" || rep.Feedback[0].Blocked != "Trop court" ||
		rep.Feedback[1].Name != "Ada" || rep.Feedback[1].Worked != "Les échanges" || len(rep.Feedback[1].Topics) != 0 {
		t.Errorf("GET /feedback = %+v", rep.Feedback)
	}
	if rep.Summary.Count != 2 || rep.Summary.Evening[1] != 2 {
		t.Errorf("summary = %+v", rep.Summary)
	}

	// Closed: nothing more is accepted, in French when asked.
	org.do("PATCH", base+"/phases", map[string]any{"phase": "closed"}).decode(t, http.StatusOK, nil)
	ada.headers["Accept-Language"] = "fr"
	r = ada.do("PUT", base+"/feedback", map[string]any{"evening": 5})
	if r.status != http.StatusConflict || !strings.Contains(string(r.body), "L’événement est terminé") {
		t.Errorf("PUT once closed: %d %s", r.status, r.body)
	}
	ada.do("GET", base+"/feedback/me", nil).decode(t, http.StatusOK, &my)
	if my.Feedback == nil || my.Feedback.Evening != 2 {
		t.Errorf("after closing, Ada's feedback = %+v", my.Feedback)
	}
}
