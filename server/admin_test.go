package server_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	bolt "go.etcd.io/bbolt"

	"openspace/openspace"
	"openspace/realtime"
	"openspace/server"
	"openspace/store"
)

// newAdminApp is newApp with an operator token ("" for none).
func newAdminApp(tb testing.TB, operatorToken string) *app {
	tb.Helper()
	st, err := store.Open(filepath.Join(tb.TempDir(), "openspace.db"))
	if err != nil {
		tb.Fatal(err)
	}
	hub := realtime.NewHub(server.LiveSource{Store: st}, realtime.Options{FlushInterval: 20 * time.Millisecond})
	ts := httptest.NewServer(server.New(server.Config{Store: st, Live: hub, OperatorToken: operatorToken}))
	tb.Cleanup(func() {
		hub.Close()
		ts.Close()
		st.Close()
	})
	return &app{Server: ts, store: st, hub: hub}
}

// adminEvening is the seed's evening with two attendees, two topics and
// three dots; it returns the organizer and the first attendee.
func adminEvening(tb testing.TB, a *app) (*client, createdEvent, *client) {
	tb.Helper()
	org, ev := a.createEvent(tb)
	ada, _ := a.join(tb, ev.Event.ID, "Ada", "Dev")
	bob, _ := a.join(tb, ev.Event.ID, "Bob", "Ops")
	puppet := ada.propose(ev.Event.ID, "Puppet")
	kanban := bob.propose(ev.Event.ID, "Kanban")
	for _, v := range []struct {
		c   *client
		tid string
	}{{ada, puppet.ID}, {ada, kanban.ID}, {bob, puppet.ID}} {
		v.c.do("PUT", "/api/events/"+ev.Event.ID+"/topics/"+v.tid+"/vote", nil).decode(tb, http.StatusOK, nil)
	}
	return org, ev, ada
}

// fileDump is every key and value of the store's file.
func fileDump(tb testing.TB, a *app) map[string]string {
	tb.Helper()
	out := map[string]string{}
	if err := a.store.DB().View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			out[string(name)+"#seq"] = strconv.FormatUint(b.Sequence(), 10)
			return b.ForEach(func(k, v []byte) error {
				out[string(name)+" "+string(k)] = string(v)
				return nil
			})
		})
	}); err != nil {
		tb.Fatal(err)
	}
	return out
}

func TestExportAndImportRoutes(t *testing.T) {
	a := newAdminApp(t, "")
	org, ev, ada := adminEvening(t, a)
	path := "/api/events/" + ev.Event.ID + "/export.json"

	if code := a.newClient(t).do("GET", path, nil); code.status != http.StatusUnauthorized {
		t.Errorf("export without the key: %d", code.status)
	}
	if r := ada.do("GET", path, nil); r.status != http.StatusUnauthorized {
		t.Errorf("export by an attendee: %d", r.status)
	}
	if r := org.do("GET", "/api/events/nope/export.json", nil); r.status != http.StatusNotFound {
		t.Errorf("export of an unknown event: %d", r.status)
	}
	r := org.do("GET", path, nil)
	var x openspace.EventExport
	r.decode(t, http.StatusOK, &x)
	if cd := r.header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, "2012-11-22-"+ev.Event.JoinCode+".json") {
		t.Errorf("Content-Disposition = %q", cd)
	}
	if len(x.Attendees) != 2 || len(x.Topics) != 2 || len(x.Votes) != 3 || x.Version != openspace.ExportVersion {
		t.Fatalf("export = %s", r.body)
	}
	if strings.Contains(string(r.body), ev.OrganizerKey) {
		t.Fatal("the export holds the organizer key")
	}

	// Import it: a new event, with a new organizer key and its cookie.
	other := a.newClient(t)
	var created createdEvent
	other.do("POST", "/api/events/import", r.body).decode(t, http.StatusCreated, &created)
	if created.Event.ID == ev.Event.ID || created.Event.JoinCode == ev.Event.JoinCode || created.OrganizerKey == "" ||
		created.Event.Title != ev.Event.Title || created.JoinURL != "/j/"+created.Event.JoinCode {
		t.Fatalf("import = %+v", created)
	}
	var st openspace.State
	other.do("GET", "/api/events/"+created.Event.ID+"/organizer", nil).decode(t, http.StatusOK, &st) // the cookie works
	if st.Attendance.Count != 2 || len(st.Topics) != 2 || st.Topics[0].Title != "Puppet" || st.Topics[0].Votes != 2 {
		t.Fatalf("imported state = %+v", st)
	}
	// Its organizer is not the first event's, and the reverse.
	if r := other.do("GET", path, nil); r.status != http.StatusUnauthorized {
		t.Errorf("the importer reads the first event: %d", r.status)
	}

	// A file larger than a form imports too (the 64 KiB limit is not its).
	for i := range 40 {
		x.Topics = append(x.Topics, openspace.Topic{ID: "big-" + strconv.Itoa(i), Title: "Sujet " + strconv.Itoa(i), Description: strings.Repeat("é", 1900)})
	}
	big, _ := json.Marshal(x)
	if len(big) < 100<<10 {
		t.Fatalf("the big file is only %d bytes", len(big))
	}
	a.newClient(t).do("POST", "/api/events/import", big).decode(t, http.StatusCreated, nil)
}

func TestBadImportsAre400AndChangeNothing(t *testing.T) {
	a := newAdminApp(t, "")
	org, ev, _ := adminEvening(t, a)
	good := org.do("GET", "/api/events/"+ev.Event.ID+"/export.json", nil).body
	spoil := func(f func(m map[string]any)) string {
		var m map[string]any
		if err := json.Unmarshal(good, &m); err != nil {
			t.Fatal(err)
		}
		f(m)
		b, _ := json.Marshal(m)
		return string(b)
	}
	before := fileDump(t, a)
	for name, body := range map[string]string{
		"empty":         "",
		"not JSON":      "<html>",
		"a list":        "[]",
		"no version":    spoil(func(m map[string]any) { delete(m, "version") }),
		"version 2":     spoil(func(m map[string]any) { m["version"] = 2 }),
		"unknown field": spoil(func(m map[string]any) { m["secrets"] = "x" }),
		"no sessions":   spoil(func(m map[string]any) { m["event"].(map[string]any)["sessions"] = []any{} }),
		"dangling vote": spoil(func(m map[string]any) { m["votes"].([]any)[0].(map[string]any)["topic"] = "../../secrets" }),
		"wrong type":    spoil(func(m map[string]any) { m["attendees"] = "everyone" }),
		"trailing data": string(good) + "{}",
	} {
		r := a.newClient(t).do("POST", "/api/events/import", body)
		if r.status != http.StatusBadRequest || r.errorCode(t) != openspace.EINVALID {
			t.Errorf("%s: status %d, body %s", name, r.status, r.body)
		}
	}
	// A declared 40 MiB is refused before a byte is read; 33 MiB sent
	// without a length is refused when the limit is reached.
	conn, err := net.Dial("tcp", strings.TrimPrefix(a.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(conn, "POST /api/events/import HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n{}", 40<<20)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil || resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("a declared 40 MiB file: %v %v", resp, err)
	}
	conn.Close()
	huge := io.MultiReader(strings.NewReader(`{"version":1,"event":{"title":"`), io.LimitReader(repeatReader('a'), 33<<20))
	req, _ := http.NewRequest("POST", a.URL+"/api/events/import", huge)
	req.ContentLength = -1
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("a 33 MiB file: %v %v", resp, err)
	}
	if after := fileDump(t, a); !reflect.DeepEqual(before, after) {
		t.Fatal("a refused import changed the file")
	}
}

func TestCopyRoute(t *testing.T) {
	a := newAdminApp(t, "")
	org, ev, ada := adminEvening(t, a)
	path := "/api/events/" + ev.Event.ID + "/copy"
	if r := ada.do("POST", path, nil); r.status != http.StatusUnauthorized {
		t.Errorf("copy by an attendee: %d", r.status)
	}
	if r := org.do("POST", "/api/events/nope/copy", nil); r.status != http.StatusNotFound {
		t.Errorf("copy of an unknown event: %d", r.status)
	}
	var created createdEvent
	org.do("POST", path, nil).decode(t, http.StatusCreated, &created)
	if created.Event.ID == ev.Event.ID || created.Event.Phase != openspace.PhaseWelcome || len(created.Event.Sessions) != 2 ||
		!strings.HasPrefix(created.OrganizerURL, "/o/"+created.Event.ID+"?key=") {
		t.Fatalf("copy = %+v", created)
	}
	var st openspace.State
	org.do("GET", "/api/events/"+created.Event.ID+"/organizer", nil).decode(t, http.StatusOK, &st)
	if st.Attendance.Count != 0 || len(st.Topics) != 0 || st.Event.Question == nil {
		t.Fatalf("copied state = %+v", st)
	}
	// The first event's console still works for the same browser.
	org.do("GET", "/api/events/"+ev.Event.ID+"/organizer", nil).decode(t, http.StatusOK, nil)
}

func TestDeleteRoute(t *testing.T) {
	a := newAdminApp(t, "")
	org, ev, ada := adminEvening(t, a)
	_, keep, _ := adminEvening(t, a)
	path := "/api/events/" + ev.Event.ID
	if r := ada.do("DELETE", path, map[string]string{"confirm": ev.Event.JoinCode}); r.status != http.StatusUnauthorized {
		t.Errorf("delete by an attendee: %d", r.status)
	}
	for name, body := range map[string]any{
		"no body":    nil,
		"no confirm": map[string]string{},
		"wrong code": map[string]string{"confirm": keep.Event.JoinCode},
	} {
		if r := org.do("DELETE", path, body); r.status != http.StatusBadRequest {
			t.Errorf("%s: %d %s", name, r.status, r.body)
		}
	}
	org.do("GET", path, nil).decode(t, http.StatusOK, nil)

	ws := a.dialWS(t, ev.Event.ID, "?role=organizer", http.Header{"X-Organizer-Key": {ev.OrganizerKey}})
	if m := readWS(t, ws); m.Type != "snapshot" {
		t.Fatalf("first message %q", m.Type)
	}
	phone := a.dialWS(t, ev.Event.ID, "", nil)
	if m := readWS(t, phone); m.Type != "snapshot" {
		t.Fatalf("first message %q", m.Type)
	}
	r := org.do("DELETE", path, map[string]string{"confirm": " " + strings.ToLower(ev.Event.JoinCode) + " "})
	if r.status != http.StatusNoContent {
		t.Fatalf("delete: %d %s", r.status, r.body)
	}
	if !strings.Contains(r.header.Get("Set-Cookie"), "Max-Age=0") {
		t.Errorf("the organizer cookie is kept: %q", r.header.Get("Set-Cookie"))
	}
	ws.SetReadDeadline(time.Now().Add(5 * time.Second))
	for {
		if _, _, err := ws.ReadMessage(); err != nil {
			if strings.Contains(err.Error(), "timeout") {
				t.Fatalf("the console's socket stays open: %v", err)
			}
			break
		}
	}
	// A phone's stream is closed too, with the code that tells it to stop.
	phone.SetReadDeadline(time.Now().Add(5 * time.Second))
	for {
		_, _, err := phone.ReadMessage()
		if err == nil {
			continue
		}
		if !websocket.IsCloseError(err, realtime.CloseGone) {
			t.Errorf("the phone's stream ends with %v, want close code %d", err, realtime.CloseGone)
		}
		break
	}
	for _, p := range []string{path, path + "/organizer", "/api/join/" + ev.Event.JoinCode} {
		if r := org.do("GET", p, nil); r.status != http.StatusNotFound {
			t.Errorf("GET %s after delete: %d", p, r.status)
		}
	}
	if r := ada.do("GET", path+"/me", nil); r.status != http.StatusNotFound {
		t.Errorf("GET /me after delete: %d", r.status)
	}
	for k := range fileDump(t, a) {
		if strings.Contains(k, ev.Event.ID) {
			t.Errorf("left behind: %s", k)
		}
	}
	if _, err := a.store.Event(context.Background(), keep.Event.ID); err != nil {
		t.Errorf("the other event went too: %v", err)
	}
}

func TestForgetMeRoute(t *testing.T) {
	a := newAdminApp(t, "")
	org, ev, ada := adminEvening(t, a)
	path := "/api/events/" + ev.Event.ID + "/me"
	if r := a.newClient(t).do("DELETE", path, nil); r.status != http.StatusUnauthorized {
		t.Errorf("forget without a token: %d", r.status)
	}
	if r := org.do("DELETE", "/api/events/nope/me", nil); r.status != http.StatusNotFound {
		t.Errorf("forget in an unknown event: %d", r.status)
	}
	var before openspace.State
	org.do("GET", "/api/events/"+ev.Event.ID, nil).decode(t, http.StatusOK, &before)
	r := ada.do("DELETE", path, nil)
	if r.status != http.StatusNoContent {
		t.Fatalf("forget me: %d %s", r.status, r.body)
	}
	if c := r.header.Get("Set-Cookie"); !strings.Contains(c, "os_att_"+ev.Event.ID+"=;") || !strings.Contains(c, "Max-Age=0") {
		t.Errorf("Set-Cookie = %q", c)
	}
	if r := ada.do("GET", path, nil); r.status != http.StatusUnauthorized {
		t.Errorf("GET /me after forget me: %d", r.status)
	}
	var after openspace.State
	org.do("GET", "/api/events/"+ev.Event.ID, nil).decode(t, http.StatusOK, &after)
	if after.Attendance.Count != 2 || after.Attendance.Profiles["Dev"] != 0 || after.Attendance.Profiles[""] != 1 {
		t.Errorf("attendance = %+v", after.Attendance)
	}
	for i := range before.Topics {
		if after.Topics[i].Votes != before.Topics[i].Votes {
			t.Errorf("%s: %d votes, was %d", after.Topics[i].Title, after.Topics[i].Votes, before.Topics[i].Votes)
		}
	}
	if strings.Contains(string(org.do("GET", "/api/events/"+ev.Event.ID+"/export.json", nil).body), `"Ada"`) {
		t.Error("the export still names Ada")
	}
	// Joining again is joining as someone new.
	var joined struct {
		Attendee openspace.Attendee `json:"attendee"`
	}
	ada.do("POST", "/api/events/"+ev.Event.ID+"/join", map[string]string{"name": "Ada"}).decode(t, http.StatusCreated, &joined)
}

func TestBackupRoute(t *testing.T) {
	bare := newAdminApp(t, "")
	if r := bare.newClient(t).do("GET", "/api/backup", nil); r.status != http.StatusNotFound {
		t.Errorf("backup without an operator token configured: %d", r.status)
	}
	a := newAdminApp(t, "s3cret-operator-token")
	_, ev, _ := adminEvening(t, a)
	c := a.newClient(t)
	for _, h := range []string{"", "Bearer", "Bearer wrong", "Basic s3cret-operator-token", "s3cret-operator-token", "Bearer s3cret-operator-token-and-more"} {
		c.headers["Authorization"] = h
		r := c.do("GET", "/api/backup", nil)
		if r.status != http.StatusUnauthorized || r.errorCode(t) != openspace.EUNAUTHORIZED {
			t.Errorf("Authorization %q: %d", h, r.status)
		}
	}
	c.headers["Authorization"] = "Bearer s3cret-operator-token"
	r := c.do("GET", "/api/backup", nil)
	if r.status != http.StatusOK {
		t.Fatalf("backup: %d %s", r.status, r.body)
	}
	if n, _ := strconv.Atoi(r.header.Get("Content-Length")); n != len(r.body) || n == 0 {
		t.Errorf("Content-Length %q, body %d bytes", r.header.Get("Content-Length"), len(r.body))
	}
	if cd := r.header.Get("Content-Disposition"); !strings.Contains(cd, `filename="openspace-`+time.Now().UTC().Format("2006-01-02")) {
		t.Errorf("Content-Disposition = %q", cd)
	}
	path := filepath.Join(t.TempDir(), "backup.db")
	if err := os.WriteFile(path, r.body, 0o600); err != nil {
		t.Fatal(err)
	}
	copied, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer copied.Close()
	if e, err := copied.Event(context.Background(), ev.Event.ID); err != nil || e.JoinCode != ev.Event.JoinCode {
		t.Fatalf("the copy's event = %+v, %v", e, err)
	}
	if err := copied.DB().View(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			t.Errorf("check: %v", err)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

// repeatReader reads the same byte forever.
type repeatReader byte

func (r repeatReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(r)
	}
	return len(p), nil
}

// TestImportsAreLimitedPerAddress: imports are heavy, so one address gets
// a burst of them and then waits, before any body is read.
func TestImportsAreLimitedPerAddress(t *testing.T) {
	a := newApp(t)
	c := a.newClient(t)
	limited := 0
	for range 25 {
		r := c.do("POST", "/api/events/import", `{}`)
		switch r.status {
		case http.StatusBadRequest:
		case http.StatusTooManyRequests:
			limited++
		default:
			t.Fatalf("import of {}: %d %s", r.status, r.body)
		}
	}
	if limited != 5 {
		t.Errorf("%d of 25 quick imports refused with 429, want the 5 past the burst of 20", limited)
	}
}
