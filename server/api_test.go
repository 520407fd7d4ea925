package server_test

import (
	"net/http"
	"strings"
	"testing"

	"openspace/openspace"
)

func TestCreateEventAndOrganizerKey(t *testing.T) {
	a := newApp(t)
	_, ev := a.createEvent(t)
	if got, want := len(ev.OrganizerKey), 22; got < want {
		t.Errorf("organizer key has %d characters, want at least %d (128 bits base64url)", got, want)
	}
	if got, want := ev.JoinURL, "/j/"+ev.Event.JoinCode; got != want {
		t.Errorf("join_url = %q, want %q", got, want)
	}
	if !ev.Event.ProposalsOpen || !ev.Event.VotingOpen {
		t.Errorf("a new event starts with proposals and voting open, got %+v", ev.Event)
	}

	stranger := a.newClient(t)
	if got, want := stranger.do("GET", "/api/events/"+ev.Event.ID+"/organizer", nil).status, http.StatusUnauthorized; got != want {
		t.Errorf("organizer state without key: status %d, want %d", got, want)
	}
	stranger.headers["X-Organizer-Key"] = "wrong"
	if got, want := stranger.do("PATCH", "/api/events/"+ev.Event.ID+"/phases", map[string]bool{"voting_open": false}).status, http.StatusUnauthorized; got != want {
		t.Errorf("phases with a wrong key: status %d, want %d", got, want)
	}
	stranger.headers["X-Organizer-Key"] = ev.OrganizerKey
	var st openspace.State
	stranger.do("GET", "/api/events/"+ev.Event.ID+"/organizer", nil).decode(t, http.StatusOK, &st)
	if st.Draft == nil {
		t.Error("organizer state lacks the draft")
	}

	var found struct {
		EventID string `json:"event_id"`
	}
	stranger.do("GET", "/api/join/"+strings.ToLower(ev.Event.JoinCode), nil).decode(t, http.StatusOK, &found)
	if got, want := found.EventID, ev.Event.ID; got != want {
		t.Errorf("join code lookup = %q, want %q", got, want)
	}
}

func TestOrganizerLinkSwapsKeyForCookie(t *testing.T) {
	a := newApp(t)
	_, ev := a.createEvent(t)
	browser := a.newClient(t)
	resp := browser.do("GET", ev.OrganizerURL, nil)
	if got, want := resp.status, http.StatusSeeOther; got != want {
		t.Fatalf("opening the organizer link: status %d, want %d", got, want)
	}
	if got, want := resp.header.Get("Location"), "/o/"+ev.Event.ID; got != want {
		t.Errorf("redirect to %q, want %q (the key must leave the address bar)", got, want)
	}
	cookie := resp.header.Get("Set-Cookie")
	for _, want := range []string{"HttpOnly", "SameSite=Lax", "os_org_" + ev.Event.ID} {
		if !strings.Contains(cookie, want) {
			t.Errorf("cookie %q lacks %q", cookie, want)
		}
	}
	browser.do("GET", "/api/events/"+ev.Event.ID+"/organizer", nil).decode(t, http.StatusOK, nil)

	// Rotating the key locks out the old link.
	var rotated struct {
		OrganizerURL string `json:"organizer_url"`
	}
	browser.do("POST", "/api/events/"+ev.Event.ID+"/organizer-key", nil).decode(t, http.StatusOK, &rotated)
	if got, want := a.newClient(t).do("GET", ev.OrganizerURL, nil).status, http.StatusUnauthorized; got != want {
		t.Errorf("old link after rotation: status %d, want %d", got, want)
	}
	if got, want := a.newClient(t).do("GET", rotated.OrganizerURL, nil).status, http.StatusSeeOther; got != want {
		t.Errorf("new link after rotation: status %d, want %d", got, want)
	}
	browser.do("GET", "/api/events/"+ev.Event.ID+"/organizer", nil).decode(t, http.StatusOK, nil)
}

func TestJoinVoteAndMe(t *testing.T) {
	a := newApp(t)
	org, ev := a.createEvent(t)
	id := ev.Event.ID
	ada, adaInfo := a.join(t, id, "Ada", "Dev")
	if got, want := adaInfo.Answer, "Dev"; got != want {
		t.Errorf("answer = %q, want %q", got, want)
	}
	puppet := ada.propose(id, "Puppet")
	cd := org.propose(id, "Continuous Delivery")
	if cd.ProposerID != "" {
		t.Errorf("a topic added by the organizer has proposer %q, want none", cd.ProposerID)
	}

	var b openspace.Ballot
	ada.do("PUT", "/api/events/"+id+"/topics/"+puppet.ID+"/vote", nil).decode(t, http.StatusOK, &b)
	ada.do("PUT", "/api/events/"+id+"/topics/"+puppet.ID+"/vote", nil).decode(t, http.StatusOK, &b) // a retry
	if got, want := b.Remaining, 1; got != want {
		t.Errorf("after voting twice for one topic, remaining = %d, want %d", got, want)
	}
	ada.do("PUT", "/api/events/"+id+"/topics/"+cd.ID+"/vote", nil).decode(t, http.StatusOK, &b)
	if got, want := b.Remaining, 0; got != want {
		t.Errorf("remaining = %d, want %d", got, want)
	}

	// The same device joining again is the same attendee.
	var again struct {
		Attendee openspace.Attendee `json:"attendee"`
		Token    string             `json:"token"`
	}
	ada.do("POST", "/api/events/"+id+"/join", map[string]string{"name": "Other"}).decode(t, http.StatusOK, &again)
	if got, want := again.Attendee.ID, adaInfo.ID; got != want {
		t.Errorf("re-join gave attendee %q, want %q", got, want)
	}

	// An API client uses the token as a bearer.
	api := a.newClient(t)
	api.headers["Authorization"] = "Bearer " + again.Token
	var me struct {
		Attendee openspace.Attendee `json:"attendee"`
		Ballot   openspace.Ballot   `json:"ballot"`
	}
	api.do("GET", "/api/events/"+id+"/me", nil).decode(t, http.StatusOK, &me)
	if got, want := len(me.Ballot.Topics), 2; got != want {
		t.Errorf("ballot has %d topics, want %d", got, want)
	}

	var st openspace.State
	a.newClient(t).do("GET", "/api/events/"+id, nil).decode(t, http.StatusOK, &st)
	if got, want := st.Attendance.Count, 1; got != want {
		t.Errorf("attendance = %d, want %d", got, want)
	}
	if st.Draft != nil {
		t.Error("the public state shows the draft")
	}
	if got, want := st.Topics[0].Votes+st.Topics[1].Votes, 2; got != want {
		t.Errorf("total votes = %d, want %d", got, want)
	}
}

func TestMergeUnitesVotes(t *testing.T) {
	a := newApp(t)
	org, ev := a.createEvent(t)
	id := ev.Event.ID
	ada, _ := a.join(t, id, "Ada", "Dev")
	bob, _ := a.join(t, id, "Bob", "Ops")
	t1 := ada.propose(id, "Capistrano")
	t2 := bob.propose(id, "Fabric")
	for _, c := range []*client{ada, bob} {
		c.do("PUT", "/api/events/"+id+"/topics/"+t1.ID+"/vote", nil).decode(t, http.StatusOK, nil)
	}
	ada.do("PUT", "/api/events/"+id+"/topics/"+t2.ID+"/vote", nil).decode(t, http.StatusOK, nil)

	var merged openspace.Topic
	org.do("POST", "/api/events/"+id+"/topics/"+t1.ID+"/merge", map[string]string{"source": t2.ID}).decode(t, http.StatusOK, &merged)
	if got, want := merged.Votes, 2; got != want {
		t.Errorf("merged topic has %d votes, want %d (Ada voted both, counted once)", got, want)
	}
	var me struct {
		Ballot openspace.Ballot `json:"ballot"`
	}
	ada.do("GET", "/api/events/"+id+"/me", nil).decode(t, http.StatusOK, &me)
	if got, want := me.Ballot.Remaining, 1; got != want {
		t.Errorf("Ada has %d dots left after the merge, want %d (one given back)", got, want)
	}
	if got, want := ada.do("PUT", "/api/events/"+id+"/topics/"+t2.ID+"/vote", nil).status, http.StatusNotFound; got != want {
		t.Errorf("vote for the merged-away topic: status %d, want %d", got, want)
	}
}

func TestPlanPublishAndSchedule(t *testing.T) {
	a := newApp(t)
	org, ev := a.createEvent(t)
	id := ev.Event.ID
	s1, s2 := ev.Event.Sessions[0].ID, ev.Event.Sessions[1].ID
	big, back := ev.Event.Rooms[0].ID, ev.Event.Rooms[1].ID
	ada, _ := a.join(t, id, "Ada", "Dev")
	puppet := ada.propose(id, "Puppet")
	cd := ada.propose(id, "Continuous Delivery")
	ada.do("PUT", "/api/events/"+id+"/topics/"+puppet.ID+"/vote", nil).decode(t, http.StatusOK, nil)

	ops := []openspace.PlanOp{
		{Op: "place", Topic: puppet.ID, Session: s1, Room: back},
		{Op: "place", Topic: cd.ID, Session: s2, Room: big},
		{Op: "place", Topic: cd.ID, Session: s1, Room: back}, // swap
	}
	var draft openspace.Plan
	for _, op := range ops {
		org.do("POST", "/api/events/"+id+"/draft/ops", op).decode(t, http.StatusOK, &draft)
	}
	var me struct {
		Schedule []openspace.ScheduleEntry `json:"schedule"`
	}
	ada.do("GET", "/api/events/"+id+"/me", nil).decode(t, http.StatusOK, &me)
	if got, want := len(me.Schedule), 0; got != want {
		t.Errorf("before publishing, schedule has %d entries, want %d", got, want)
	}
	var published openspace.Plan
	org.do("POST", "/api/events/"+id+"/publish", nil).decode(t, http.StatusOK, &published)
	if published.PublishedAt == nil {
		t.Error("published plan lacks published_at")
	}
	ada.do("GET", "/api/events/"+id+"/me", nil).decode(t, http.StatusOK, &me)
	want := []openspace.ScheduleEntry{
		{Session: s1, Choices: []openspace.Placement{}},
		{Session: s2, Choices: []openspace.Placement{{Topic: puppet.ID, Room: big}}},
	}
	if len(me.Schedule) != 2 || len(me.Schedule[0].Choices) != 0 || len(me.Schedule[1].Choices) != 1 || me.Schedule[1].Choices[0] != want[1].Choices[0] {
		t.Errorf("schedule = %+v, want %+v", me.Schedule, want)
	}
}

func TestPagesAndQR(t *testing.T) {
	a := newApp(t)
	_, ev := a.createEvent(t)
	c := a.newClient(t)
	for _, path := range []string{"/", "/e/" + ev.Event.ID, "/p/" + ev.Event.ID, "/o/" + ev.Event.ID} {
		resp := c.do("GET", path, nil)
		if got, want := resp.status, http.StatusOK; got != want {
			t.Errorf("GET %s: status %d, want %d", path, got, want)
		}
		if !strings.HasPrefix(resp.header.Get("Content-Type"), "text/html") {
			t.Errorf("GET %s: content type %q", path, resp.header.Get("Content-Type"))
		}
	}
	resp := c.do("GET", "/j/"+ev.Event.JoinCode, nil)
	if got, want := resp.header.Get("Location"), "/e/"+ev.Event.ID; resp.status != http.StatusSeeOther || got != want {
		t.Errorf("join link: status %d location %q, want 303 %q", resp.status, got, want)
	}
	resp = c.do("GET", "/e/no-such-event", nil)
	if got, want := resp.status, http.StatusNotFound; got != want || !strings.Contains(string(resp.body), "Not found") {
		t.Errorf("unknown event page: status %d, want %d with a readable page", got, want)
	}
	resp = c.do("GET", "/api/events/"+ev.Event.ID+"/qr.svg", nil)
	if resp.status != http.StatusOK || !strings.Contains(string(resp.body), "<svg") {
		t.Errorf("qr.svg: status %d, body starts %.40q", resp.status, resp.body)
	}
	c.do("GET", "/healthz", nil).decode(t, http.StatusOK, nil)
}

func TestWritesAreRateLimitedPerPerson(t *testing.T) {
	a := newApp(t)
	_, ev := a.createEvent(t)
	id := ev.Event.ID
	ada, _ := a.join(t, id, "Ada", "Dev")
	bob, _ := a.join(t, id, "Bob", "Ops")
	limited, created := 0, 0
	for i := 0; i < 60; i++ {
		resp := ada.do("POST", "/api/events/"+id+"/topics", map[string]string{"title": "spam"})
		switch resp.status {
		case http.StatusTooManyRequests:
			if got, want := resp.errorCode(t), "rate_limited"; got != want {
				t.Fatalf("code = %q, want %q", got, want)
			}
			limited++
		case http.StatusCreated:
			created++
		case http.StatusConflict: // past the topics an attendee may propose
		default:
			t.Fatalf("proposal %d: status %d", i, resp.status)
		}
	}
	if limited == 0 {
		t.Fatal("60 proposals in a burst were all accepted; want some refused with 429")
	}
	// Bob, behind the same address, is not punished for Ada.
	bob.propose(id, "Puppet")
	var st openspace.State
	a.newClient(t).do("GET", "/api/events/"+id, nil).decode(t, http.StatusOK, &st)
	if got, want := len(st.Topics), created+1; got != want {
		t.Errorf("stored %d topics, want %d: a refused request must store nothing", got, want)
	}
}

func TestQRWithAnAbsurdHost(t *testing.T) {
	a := newApp(t)
	_, ev := a.createEvent(t)
	req, _ := http.NewRequest("GET", a.URL+"/api/events/"+ev.Event.ID+"/qr.svg", nil)
	req.Host = strings.Repeat("a", 5000) + ".example"
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got, want := resp.StatusCode, http.StatusBadRequest; got != want {
		t.Errorf("status %d, want %d", got, want)
	}
}

func TestErrorsSpeakTheClientsLanguage(t *testing.T) {
	a := newApp(t)
	c := a.newClient(t)
	tests := []struct {
		acceptLanguage string
		want           string
	}{
		{"fr-FR,fr;q=0.9,en;q=0.8", "Le champ « titre » est obligatoire."},
		{"en-US,en;q=0.9", "The title is required."},
		{"", "The title is required."},
	}
	for _, tt := range tests {
		c.headers["Accept-Language"] = tt.acceptLanguage
		resp := c.do("POST", "/api/events", `{"title":"","sessions":[{"title":"S","duration":30}],"rooms":[{"name":"A","capacity":3}]}`)
		var body struct {
			Error struct {
				Message  string            `json:"message"`
				Messages map[string]string `json:"messages"`
			} `json:"error"`
		}
		resp.decode(t, http.StatusBadRequest, &body)
		if got := body.Error.Message; got != tt.want {
			t.Errorf("Accept-Language %q: message %q, want %q", tt.acceptLanguage, got, tt.want)
		}
		if body.Error.Messages["fr"] != "Le champ « titre » est obligatoire." || body.Error.Messages["en"] != "The title is required." {
			t.Errorf("messages = %v, want both languages", body.Error.Messages)
		}
	}
}
