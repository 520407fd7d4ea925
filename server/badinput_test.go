package server_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"
)

// TestBadInputChangesNothing sends what a careless or hostile client might
// and checks the status, the error code and that nothing stored changed.
func TestBadInputChangesNothing(t *testing.T) {
	a := newApp(t)
	org, ev := a.createEvent(t)
	id := ev.Event.ID
	ada, _ := a.join(t, id, "Ada", "Dev")
	t1 := ada.propose(id, "Puppet")
	t2 := ada.propose(id, "Jira")
	t3 := ada.propose(id, "Fabric")
	for _, topic := range []string{t1.ID, t2.ID} { // budget 2: Ada has spent it all
		ada.do("PUT", "/api/events/"+id+"/topics/"+topic+"/vote", nil).decode(t, http.StatusOK, nil)
	}
	stranger := a.newClient(t)
	huge := `{"title":"` + strings.Repeat("x", 70<<10) + `"}`
	s1, big := ev.Event.Sessions[0].ID, ev.Event.Rooms[0].ID

	tests := []struct {
		name       string
		who        *client
		method     string
		path       string
		body       any
		wantStatus int
		wantCode   string
	}{
		{"malformed JSON", org, "POST", "/api/events", `{"title":`, 400, "invalid"},
		{"not an object", org, "POST", "/api/events", `[1,2]`, 400, "invalid"},
		{"unknown field", org, "POST", "/api/events", `{"title":"x","admin":true}`, 400, "invalid"},
		{"trailing data", org, "POST", "/api/events/" + id + "/topics", `{"title":"x"} {"title":"y"}`, 400, "invalid"},
		{"empty body", ada, "POST", "/api/events/" + id + "/topics", ``, 400, "invalid"},
		{"empty title", ada, "POST", "/api/events/" + id + "/topics", `{"title":"   "}`, 400, "invalid"},
		{"invalid UTF-8", ada, "POST", "/api/events/" + id + "/topics", "{\"title\":\"x\xff\"}", 400, "invalid"},
		{"wrong type", ada, "POST", "/api/events/" + id + "/topics", `{"title":42}`, 400, "invalid"},
		{"pitch too short", org, "POST", "/api/events", `{"title":"x","pitch_seconds":5,"sessions":[{"title":"s","duration":30}],"rooms":[{"name":"a","capacity":3}]}`, 400, "invalid"},
		{"room location on two lines", org, "POST", "/api/events", `{"title":"x","sessions":[{"title":"s","duration":30}],"rooms":[{"name":"a","capacity":3,"location":"1st floor\nleft"}]}`, 400, "invalid"},
		{"phase as a number", org, "PATCH", "/api/events/" + id + "/phases", `{"phase":3}`, 400, "invalid"},
		{"check in a stranger", stranger, "PUT", "/api/events/" + id + "/checkins/" + s1, `{"room":"` + big + `"}`, 401, "unauthorized"},
		{"event without sessions", org, "POST", "/api/events", `{"title":"x","rooms":[{"name":"a","capacity":3}]}`, 400, "invalid"},
		{"body over 64 KiB", ada, "POST", "/api/events/" + id + "/topics", huge, 413, "too_large"},
		{"unknown event", ada, "GET", "/api/events/nope", nil, 404, "not_found"},
		{"join unknown event", stranger, "POST", "/api/events/nope/join", `{}`, 404, "not_found"},
		{"join with a made-up answer", stranger, "POST", "/api/events/" + id + "/join", `{"answer":"Manager"}`, 400, "invalid"},
		{"unknown join code", stranger, "GET", "/api/join/ZZZZZZ", nil, 404, "not_found"},
		{"vote unknown topic", ada, "PUT", "/api/events/" + id + "/topics/nope/vote", nil, 404, "not_found"},
		{"vote with no dots left", ada, "PUT", "/api/events/" + id + "/topics/" + t3.ID + "/vote", nil, 409, "no_dots_left"},
		{"vote without joining", stranger, "PUT", "/api/events/" + id + "/topics/" + t3.ID + "/vote", nil, 401, "unauthorized"},
		{"bogus bearer", &client{tb: t, app: a, http: http.DefaultClient, headers: map[string]string{"Authorization": "Bearer forged"}},
			"PUT", "/api/events/" + id + "/topics/" + t3.ID + "/vote", nil, 401, "unauthorized"},
		{"propose without joining", stranger, "POST", "/api/events/" + id + "/topics", `{"title":"x"}`, 401, "unauthorized"},
		{"attendee edits a topic", ada, "PATCH", "/api/events/" + id + "/topics/" + t1.ID, `{"title":"mine"}`, 401, "unauthorized"},
		{"attendee publishes", ada, "POST", "/api/events/" + id + "/publish", nil, 401, "unauthorized"},
		{"merge into itself", org, "POST", "/api/events/" + id + "/topics/" + t1.ID + "/merge", `{"source":"` + t1.ID + `"}`, 400, "invalid"},
		{"merge without source", org, "POST", "/api/events/" + id + "/topics/" + t1.ID + "/merge", `{}`, 400, "invalid"},
		{"merge unknown", org, "POST", "/api/events/" + id + "/topics/" + t1.ID + "/merge", `{"source":"nope"}`, 404, "not_found"},
		{"place in unknown room", org, "POST", "/api/events/" + id + "/draft/ops", `{"op":"place","topic":"` + t1.ID + `","session":"` + s1 + `","room":"attic"}`, 400, "invalid"},
		{"unknown plan op", org, "POST", "/api/events/" + id + "/draft/ops", `{"op":"explode","session":"` + s1 + `","room":"` + big + `"}`, 400, "invalid"},
		{"draft with a topic twice", org, "PUT", "/api/events/" + id + "/draft", `{"cells":[{"session":"` + s1 + `","room":"` + big + `","topic":"` + t1.ID + `"},{"session":"` + ev.Event.Sessions[1].ID + `","room":"` + big + `","topic":"` + t1.ID + `"}]}`, 400, "invalid"},
		{"setup with an invented room id", org, "PUT", "/api/events/" + id + "/setup", `{"title":"x","sessions":[{"title":"a","duration":30}],"rooms":[{"id":"invented","name":"a","capacity":3}]}`, 400, "invalid"},
		{"propose with malformed JSON", org, "POST", "/api/events/" + id + "/draft/propose", `{"seed":`, 400, "invalid"},
		{"propose for an unknown event", org, "POST", "/api/events/nope/draft/propose", nil, 404, "not_found"},
		{"publish with a body over 64 KiB", org, "POST", "/api/events/" + id + "/publish", huge, 413, "too_large"},
		{"vote on an unknown event without joining", stranger, "PUT", "/api/events/nope/topics/x/vote", nil, 404, "not_found"},
		{"me on an unknown event", stranger, "GET", "/api/events/nope/me", nil, 404, "not_found"},
		{"delete unknown topic", org, "DELETE", "/api/events/" + id + "/topics/nope", nil, 404, "not_found"},
		{"unknown API route", org, "GET", "/api/nothing-here", nil, 404, "not_found"},
	}
	before := a.organizerState(t, id)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := tt.who.do(tt.method, tt.path, tt.body)
			if got, want := resp.status, tt.wantStatus; got != want {
				t.Fatalf("status = %d, want %d; body %s", got, want, resp.body)
			}
			if got, want := resp.errorCode(t), tt.wantCode; got != want {
				t.Errorf("code = %q, want %q", got, want)
			}
			if after := a.organizerState(t, id); after != before {
				t.Errorf("a rejected request changed the stored state:\nbefore %s\nafter  %s", before, after)
			}
		})
	}
}

func TestPhasesClosed(t *testing.T) {
	a := newApp(t)
	org, ev := a.createEvent(t)
	id := ev.Event.ID
	ada, _ := a.join(t, id, "Ada", "Dev")
	t1 := ada.propose(id, "Puppet")
	ada.do("PUT", "/api/events/"+id+"/topics/"+t1.ID+"/vote", nil).decode(t, http.StatusOK, nil)
	org.do("PATCH", "/api/events/"+id+"/phases", map[string]bool{"proposals_open": false, "voting_open": false}).decode(t, http.StatusOK, nil)
	before := a.organizerState(t, id)

	tests := []struct {
		name   string
		method string
		path   string
		body   any
	}{
		{"propose", "POST", "/api/events/" + id + "/topics", `{"title":"late"}`},
		{"vote", "PUT", "/api/events/" + id + "/topics/" + t1.ID + "/vote", nil},
		{"unvote", "DELETE", "/api/events/" + id + "/topics/" + t1.ID + "/vote", nil},
	}
	for _, tt := range tests {
		resp := ada.do(tt.method, tt.path, tt.body)
		if resp.status != http.StatusConflict || resp.errorCode(t) != "phase_closed" {
			t.Errorf("%s while closed: status %d body %s, want 409 phase_closed", tt.name, resp.status, resp.body)
		}
	}
	if after := a.organizerState(t, id); after != before {
		t.Errorf("closed phases let a change through:\nbefore %s\nafter  %s", before, after)
	}
	// The organizer may still add a topic.
	org.propose(id, "Added by the organizer")
}

// TestCreateEventIgnoresClientIDs: ids are the server's. Sessions created
// with "a/b" as id (twice) or a control character, and a room with 5,000
// characters, get generated ones and can be addressed afterwards.
func TestCreateEventIgnoresClientIDs(t *testing.T) {
	a := newApp(t)
	org := a.newClient(t)
	setup := seedSetup()
	setup["sessions"] = []map[string]any{{"id": "a/b", "title": "1ère session", "duration": 30}, {"id": "a/b", "title": "2ème session", "duration": 30}, {"id": "\x01 ", "title": "3ème session", "duration": 30}}
	setup["rooms"] = []map[string]any{{"id": strings.Repeat("x", 5000), "name": "Grande salle", "capacity": 14}}
	var ev createdEvent
	org.do("POST", "/api/events", setup).decode(t, http.StatusCreated, &ev)
	ids := []string{ev.Event.Sessions[0].ID, ev.Event.Sessions[1].ID, ev.Event.Sessions[2].ID, ev.Event.Rooms[0].ID}
	for _, id := range ids {
		if err := uuid.Validate(id); err != nil {
			t.Errorf("id %.20q was adopted from the client, want a generated uuid", id)
		}
	}
	// The generated ids address the session: it can be started.
	org.do("PATCH", "/api/events/"+ev.Event.ID+"/sessions/"+ids[0], map[string]bool{"started": true}).decode(t, http.StatusOK, nil)
}
