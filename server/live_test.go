package server_test

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"openspace/openspace"
)

type wsMessage struct {
	Type    string           `json:"type"`
	Epoch   string           `json:"epoch"`
	Version int64            `json:"version"`
	State   *openspace.State `json:"state"`
	Patch   *openspace.Patch `json:"patch"`
}

func (a *app) dialWS(tb testing.TB, eventID, query string, header http.Header) *websocket.Conn {
	tb.Helper()
	url := "ws" + strings.TrimPrefix(a.URL, "http") + "/api/events/" + eventID + "/ws" + query
	conn, resp, err := websocket.DefaultDialer.Dial(url, header)
	if err != nil {
		status := 0
		if resp != nil {
			status = resp.StatusCode
		}
		tb.Fatalf("dial %s: %v (status %d)", url, err, status)
	}
	tb.Cleanup(func() { conn.Close() })
	return conn
}

func readWS(tb testing.TB, conn *websocket.Conn) wsMessage {
	tb.Helper()
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	var m wsMessage
	if err := conn.ReadJSON(&m); err != nil {
		tb.Fatalf("read: %v", err)
	}
	return m
}

// readUntil reads messages until one satisfies ok, checking that versions
// stay consecutive on the way.
func readUntil(tb testing.TB, conn *websocket.Conn, last int64, ok func(wsMessage) bool) (wsMessage, int64) {
	tb.Helper()
	for {
		m := readWS(tb, conn)
		if m.Type != "patch" {
			tb.Fatalf("got a %q, want a patch", m.Type)
		}
		if got, want := m.Version, last+1; got != want {
			tb.Fatalf("patch version %d, want %d (no gap)", got, want)
		}
		last = m.Version
		if ok(m) {
			return m, last
		}
	}
}

func topicVotes(p *openspace.Patch, topicID string) int {
	for _, t := range p.Topics {
		if t.ID == topicID {
			return t.Votes
		}
	}
	return -1
}

func TestLiveVoteReachesOtherClientAndResume(t *testing.T) {
	a := newApp(t)
	_, ev := a.createEvent(t)
	id := ev.Event.ID
	ada, _ := a.join(t, id, "Ada", "Dev")
	bob, _ := a.join(t, id, "Bob", "Ops")
	puppet := ada.propose(id, "Puppet")

	adaWS := a.dialWS(t, id, "", nil)
	bobWS := a.dialWS(t, id, "", nil)
	adaSnap, bobSnap := readWS(t, adaWS), readWS(t, bobWS)
	if adaSnap.Type != "snapshot" || bobSnap.Type != "snapshot" {
		t.Fatalf("first messages are %q and %q, want snapshots", adaSnap.Type, bobSnap.Type)
	}
	if got, want := len(bobSnap.State.Topics), 1; got != want {
		t.Fatalf("snapshot has %d topics, want %d", got, want)
	}
	if bobSnap.State.Draft != nil {
		t.Error("an attendee's snapshot carries the draft")
	}

	ada.do("PUT", "/api/events/"+id+"/topics/"+puppet.ID+"/vote", nil).decode(t, http.StatusOK, nil)
	m, last := readUntil(t, bobWS, bobSnap.Version, func(m wsMessage) bool { return topicVotes(m.Patch, puppet.ID) == 1 })
	if got, want := m.Version, bobSnap.Version+1; got != want {
		t.Errorf("Bob got the vote as version %d, want %d", got, want)
	}

	// Bob's phone loses the connection; meanwhile Ada proposes and votes.
	bobWS.Close()
	jira := ada.propose(id, "Jira")
	ada.do("PUT", "/api/events/"+id+"/topics/"+jira.ID+"/vote", nil).decode(t, http.StatusOK, nil)
	bob.do("PUT", "/api/events/"+id+"/topics/"+jira.ID+"/vote", nil).decode(t, http.StatusOK, nil)
	// Ada's socket sees everything; wait until the last change arrived there.
	readUntil(t, adaWS, adaSnap.Version, func(m wsMessage) bool { return topicVotes(m.Patch, jira.ID) == 2 })

	resumed := a.dialWS(t, id, "?since="+strconv.FormatInt(last, 10)+"&epoch="+m.Epoch, nil)
	// readUntil fails on anything but consecutive patches: no snapshot.
	readUntil(t, resumed, last, func(m wsMessage) bool { return topicVotes(m.Patch, jira.ID) == 2 })

	// A client from before a restart (another epoch) gets a snapshot.
	stale := a.dialWS(t, id, "?since=3&epoch=another", nil)
	snap := readWS(t, stale)
	if snap.Type != "snapshot" {
		t.Fatalf("stale epoch gave a %q, want a snapshot", snap.Type)
	}
	var jiraVotes int
	for _, tp := range snap.State.Topics {
		if tp.ID == jira.ID {
			jiraVotes = tp.Votes
		}
	}
	if jiraVotes != 2 {
		t.Errorf("snapshot shows %d votes for Jira, want 2", jiraVotes)
	}

	// Asking for a resync gives a snapshot at the current version.
	if err := resumed.WriteJSON(map[string]string{"type": "resync"}); err != nil {
		t.Fatal(err)
	}
	if got := readWS(t, resumed); got.Type != "snapshot" {
		t.Errorf("resync gave a %q, want a snapshot", got.Type)
	}
}

func TestLiveOrganizerStream(t *testing.T) {
	a := newApp(t)
	org, ev := a.createEvent(t)
	id := ev.Event.ID
	topic := org.propose(id, "Puppet")

	// Without the key the organizer stream is refused before the upgrade.
	url := "ws" + strings.TrimPrefix(a.URL, "http") + "/api/events/" + id + "/ws?role=organizer"
	if _, resp, err := websocket.DefaultDialer.Dial(url, nil); err == nil || resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("organizer stream without key: err %v, want a 401", err)
	}
	// Another site's page cannot open a socket.
	if _, resp, err := websocket.DefaultDialer.Dial(url[:strings.Index(url, "?")], http.Header{"Origin": {"https://evil.example"}}); err == nil || resp.StatusCode != http.StatusForbidden {
		t.Fatalf("foreign origin: err %v, want a 403", err)
	}

	orgWS := a.dialWS(t, id, "?role=organizer", http.Header{"X-Organizer-Key": {ev.OrganizerKey}})
	pubWS := a.dialWS(t, id, "", nil)
	orgSnap, pubSnap := readWS(t, orgWS), readWS(t, pubWS)
	if orgSnap.State.Draft == nil {
		t.Fatal("organizer snapshot lacks the draft")
	}
	op := openspace.PlanOp{Op: "place", Topic: topic.ID, Session: ev.Event.Sessions[0].ID, Room: ev.Event.Rooms[0].ID}
	org.do("POST", "/api/events/"+id+"/draft/ops", op).decode(t, http.StatusOK, nil)
	m, _ := readUntil(t, orgWS, orgSnap.Version, func(m wsMessage) bool { return m.Patch.Draft != nil })
	if got, want := len(m.Patch.Draft.Cells), 1; got != want {
		t.Errorf("draft patch has %d cells, want %d", got, want)
	}
	pm := readWS(t, pubWS)
	if pm.Patch == nil || pm.Patch.Draft != nil {
		t.Errorf("public client got %+v, want a patch without the draft", pm.Patch)
	}
	if got, want := pm.Version, pubSnap.Version+1; got != want {
		t.Errorf("public version %d, want %d", got, want)
	}

	org.do("POST", "/api/events/"+id+"/publish", nil).decode(t, http.StatusOK, nil)
	pm, _ = readUntil(t, pubWS, pm.Version, func(m wsMessage) bool { return m.Patch.Plan != nil })
	if got, want := len(pm.Patch.Plan.Cells), 1; got != want {
		t.Errorf("published plan patch has %d cells, want %d", got, want)
	}
	raw, _ := json.Marshal(pm)
	if strings.Contains(string(raw), `"draft"`) {
		t.Errorf("public patch leaks the draft: %s", raw)
	}
}

func TestRotatingTheKeyClosesOrganizerSockets(t *testing.T) {
	a := newApp(t)
	org, ev := a.createEvent(t)
	id := ev.Event.ID
	orgWS := a.dialWS(t, id, "?role=organizer", http.Header{"X-Organizer-Key": {ev.OrganizerKey}})
	pubWS := a.dialWS(t, id, "", nil)
	snap := readWS(t, orgWS)
	pubSnap := readWS(t, pubWS)
	org.do("POST", "/api/events/"+id+"/organizer-key", nil).decode(t, http.StatusOK, nil)

	orgWS.SetReadDeadline(time.Now().Add(5 * time.Second))
	for {
		var m wsMessage
		err := orgWS.ReadJSON(&m)
		if websocket.IsCloseError(err, websocket.ClosePolicyViolation) {
			break
		}
		if err != nil {
			t.Fatalf("organizer socket ended with %v, want close code 1008", err)
		}
		if m.Version <= snap.Version {
			t.Fatalf("unexpected message %+v", m)
		}
	}
	// The public stream goes on.
	topic := org.propose(id, "After the rotation")
	readUntil(t, pubWS, pubSnap.Version, func(m wsMessage) bool {
		for _, tp := range m.Patch.Topics {
			if tp.ID == topic.ID {
				return true
			}
		}
		return false
	})
	// The old key no longer opens the organizer stream.
	url := "ws" + strings.TrimPrefix(a.URL, "http") + "/api/events/" + id + "/ws?role=organizer"
	if _, resp, err := websocket.DefaultDialer.Dial(url, http.Header{"X-Organizer-Key": {ev.OrganizerKey}}); err == nil || resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("old key after rotation: err %v, want a 401", err)
	}
}

// TestLiveReportOnTheOrganizerStream: the report of the draft comes with
// the organizer's snapshot and with every patch that may change it (a vote
// here), computed on the server; the public stream never carries it.
func TestLiveReportOnTheOrganizerStream(t *testing.T) {
	a := newApp(t)
	org, ev := a.createEvent(t)
	id := ev.Event.ID
	ada, _ := a.join(t, id, "Ada", "Dev")
	bob, _ := a.join(t, id, "Bob", "Ops")
	topic := ada.propose(id, "Puppet")
	op := openspace.PlanOp{Op: "place", Topic: topic.ID, Session: ev.Event.Sessions[0].ID, Room: ev.Event.Rooms[0].ID}
	org.do("POST", "/api/events/"+id+"/draft/ops", op).decode(t, http.StatusOK, nil)

	orgWS := a.dialWS(t, id, "?role=organizer", http.Header{"X-Organizer-Key": {ev.OrganizerKey}})
	pubWS := a.dialWS(t, id, "", nil)
	orgSnap, pubSnap := readWS(t, orgWS), readWS(t, pubWS)
	if orgSnap.State.Report == nil {
		t.Fatal("organizer snapshot lacks the report")
	}
	// Ada hosts Puppet: her seat there counts before anyone votes.
	if got, want := orgSnap.State.Report.Score.Attended, 1; got != want {
		t.Errorf("attended before any vote = %d, want %d (the host)", got, want)
	}
	if pubSnap.State.Report != nil {
		t.Error("public snapshot carries the report")
	}

	bob.do("PUT", "/api/events/"+id+"/topics/"+topic.ID+"/vote", nil).decode(t, http.StatusOK, nil)
	m, _ := readUntil(t, orgWS, orgSnap.Version, func(m wsMessage) bool { return m.Patch.Report != nil })
	if got, want := m.Patch.Report.Score.Attended, 2; got != want {
		t.Errorf("attended after Bob's vote = %d, want %d", got, want)
	}
	if len(m.Patch.Report.Cells) != 1 || m.Patch.Report.Cells[0].Expected != 2 {
		t.Errorf("report cells = %+v, want Puppet expecting 2 (Ada hosting, Bob)", m.Patch.Report.Cells)
	}
	pm, _ := readUntil(t, pubWS, pubSnap.Version, func(m wsMessage) bool { return topicVotes(m.Patch, topic.ID) == 1 })
	if raw, _ := json.Marshal(pm); strings.Contains(string(raw), `"report"`) {
		t.Errorf("public patch leaks the report: %s", raw)
	}
}
