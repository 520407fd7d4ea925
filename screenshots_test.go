package main

import (
	"fmt"
	"net/http"
	"openspace/openspace"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestScreenshots takes the README's screenshots from a real Chromium on
// the seed's evening. It runs only when asked:
//
//	OPENSPACE_SCREENSHOTS=docs/screenshots go test -run TestScreenshots .
func TestScreenshots(t *testing.T) {
	dir := os.Getenv("OPENSPACE_SCREENSHOTS")
	if dir == "" {
		t.Skip("set OPENSPACE_SCREENSHOTS to a folder to take the README's screenshots")
	}
	base, _ := startApp(t)
	ev := seedEvening(t, base)

	shots := []struct {
		file          string
		path          string // for the projector
		width, height int64
		mobile        bool
		wait          string
		org           bool
	}{
		{"attendee.png", "/e/" + ev.id, 390, 844, true, "#my-schedule", false},
		{"projector.png", "/p/" + ev.id, 1920, 1080, false, "#grid", false},
		{"organizer.png", "/o/" + ev.id, 1280, 1000, false, "#draft-grid", true},
	}
	for _, s := range shots {
		tab := newPerson(t, s.file)
		var opts []chromedp.EmulateViewportOption
		if s.mobile {
			opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateTouch)
		}
		steps := []chromedp.Action[chromedp.Void]{chromedp.EmulateViewport(s.width, s.height, opts...)}
		switch {
		case s.org: // the console after "Propose a plan", with its score
			steps = append(steps, chromedp.Navigate(base+ev.organizerURL), chromedp.WaitVisible("#propose-plan"),
				chromedp.Click("#propose-plan"), chromedp.WaitVisible("#plan-score"))
		case s.mobile: // a newcomer joins with the code and puts a dot
			steps = append(steps, chromedp.Navigate(base+"/j/"+ev.code), chromedp.WaitVisible("#join-form"),
				chromedp.SendKeys("#join-name", "Camille"), chromedp.Click("#answer-0"), chromedp.Click("#join-submit"),
				chromedp.WaitVisible("#main-view"),
				chromedp.Evaluate[chromedp.Void](`[...document.querySelectorAll('#topics [data-topic-id]')].find(li => li.textContent.includes('Puppet')).querySelector('.vote-btn').click()`),
				chromedp.WaitVisible("#my-schedule li.assigned"))
		default: // the projector, in French like the seed's evening
			steps = append(steps, chromedp.Navigate(base+s.path), chromedp.WaitVisible("#lang-fr"), chromedp.Click("#lang-fr"))
		}
		steps = append(steps, chromedp.WaitVisible(s.wait), chromedp.Sleep(700*time.Millisecond))
		within(t, tab, 30*time.Second, "open "+s.path, steps...)
		png := value(t, tab, "take "+s.file, chromedp.CaptureScreenshot())
		if err := os.WriteFile(filepath.Join(dir, s.file), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

type seeded struct{ id, code, organizerURL string }

// seedEvening fills an event like the seed's: about thirty people, half
// devs and half ops, six topics with their votes, two sessions of three.
func seedEvening(tb testing.TB, base string) seeded {
	tb.Helper()
	var created struct {
		Event        openspace.Event `json:"event"`
		OrganizerKey string          `json:"organizer_key"`
		OrganizerURL string          `json:"organizer_url"`
	}
	apiCall(tb, base, nil, "POST", "/api/events", map[string]any{
		"title": "2ème meetup Paris DevOps", "date": "2026-11-26", "venue": "Paris", "language": "fr",
		"sessions": []map[string]any{{"title": "1ère session", "start": "19:30", "duration": 30}, {"title": "2ème session", "start": "20:05", "duration": 30}},
		"rooms": []map[string]any{{"name": "Grande salle", "capacity": 14, "equipment": []string{"screen"}},
			{"name": "Salle du fond", "capacity": 10}, {"name": "Cuisine", "capacity": 8}},
		"question": map[string]any{"prompt": "Vous êtes ?", "choices": []string{"Dev", "Ops", "Autre"}},
	}, &created)
	id := created.Event.ID
	org := http.Header{"X-Organizer-Key": {created.OrganizerKey}}
	titles := []string{"Puppet : retours d'expérience", "Capistrano / Fabric", "Continuous Delivery",
		"Confluence, Jira et compagnie", "Migrations de base SQL", "Feature flags vs feature branches"}
	var people []http.Header
	for i := 0; i < 30; i++ {
		answer := []string{"Dev", "Ops"}[i%2]
		if i == 29 {
			answer = "Autre"
		}
		var joined struct {
			Token string `json:"token"`
		}
		apiCall(tb, base, nil, "POST", "/api/events/"+id+"/join", map[string]string{"name": fmt.Sprintf("P%d", i), "answer": answer}, &joined)
		people = append(people, http.Header{"Authorization": {"Bearer " + joined.Token}})
	}
	topicIDs := make([]string, len(titles))
	for i, title := range titles {
		var topic openspace.Topic
		apiCall(tb, base, people[i], "POST", "/api/events/"+id+"/topics", map[string]string{"title": title, "host": fmt.Sprintf("P%d", i)}, &topic)
		topicIDs[i] = topic.ID
	}
	for i, person := range people {
		for _, k := range []int{2, i % 6, (i / 3) % 5} { // Continuous Delivery is everyone's, the rest varies
			apiCall(tb, base, person, "PUT", "/api/events/"+id+"/topics/"+topicIDs[k]+"/vote", nil, nil)
		}
	}
	for i, tid := range topicIDs {
		op := map[string]string{"op": "place", "topic": tid, "session": created.Event.Sessions[i/3].ID, "room": created.Event.Rooms[i%3].ID}
		apiCall(tb, base, org, "POST", "/api/events/"+id+"/draft/ops", op, nil)
	}
	apiCall(tb, base, org, "POST", "/api/events/"+id+"/publish", nil, nil)
	return seeded{id: id, code: created.Event.JoinCode, organizerURL: created.OrganizerURL}
}
