package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestScreenshots takes the README's screenshots: the projector and a
// phone in each phase of the seed's evening, a door display, and the
// console on a laptop and on a phone.
func TestScreenshots(t *testing.T) {
	dir := os.Getenv("OPENSPACE_SCREENSHOTS")
	if dir == "" {
		t.Skip("set OPENSPACE_SCREENSHOTS to a folder to take the README's screenshots")
	}
	t.Parallel()
	const step = 30 * time.Second
	sharedBrowser(t) // skips without Chromium (fails in CI)
	// As on a real evening, the QR code and the link carry an address phones
	// can open, not the test server's loopback one.
	base, _ := startAppEnv(t, "127.0.0.1:0", map[string]string{
		"OPENSPACE_DB": filepath.Join(t.TempDir(), "openspace.db"), "OPENSPACE_PUBLIC_URL": "https://meetup.example"})
	e := parisDevOps()
	e.publish, e.grid = false, nil // the scheduler makes the plan, in the plan phase
	e.setup.Rooms[0].Location = "Rez-de-chaussée, à gauche"
	e.setup.Rooms[1].Location = "Au fond, après le bar"
	e.setup.Rooms[2].Location = "1er étage"
	ev := seedEvening(t, base, e)
	org := func(method, path string, body any) { apiCall(t, base, ev.organizer, method, ev.path(path), body, nil) }
	org("PATCH", "/phases", map[string]string{"phase": "welcome"})

	shoot := func(tab context.Context, file string) {
		t.Helper()
		within(t, tab, step, "settle before "+file, settled())
		png := value(t, tab, "take "+file, chromedp.CaptureScreenshot())
		if err := os.WriteFile(filepath.Join(dir, file), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	projector := newPerson(t, "the projector")
	within(t, projector, step, "open the projector",
		chromedp.EmulateViewport(1920, 1080), chromedp.Navigate(base+"/p/"+ev.id))
	phone := newPerson(t, "Camille's phone")
	speaks(t, phone, "fr-FR,fr")
	within(t, phone, step, "Camille joins",
		chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch),
		chromedp.Navigate(base+"/j/"+ev.code), visible("#join-form"), pageLoaded(),
		fill("#join-name", "Camille"), click("#answer-0"), click("#join-submit"), visible("#main-view"),
		fill("#propose-title", "Terraform"), click("#propose-submit"), visible("#propose-done"))
	console := newPerson(t, "the console")
	within(t, console, step, "open the console",
		chromedp.EmulateViewport(1440, 900), chromedp.Navigate(base+ev.organizerURL))
	consolePhone := newPerson(t, "the console on a phone")
	within(t, consolePhone, step, "open the console on a phone",
		chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch), chromedp.Navigate(base+ev.organizerURL))
	door := newPerson(t, "the door display")

	sessions, rooms := ev.event.Sessions, ev.event.Rooms
	phases := []struct {
		phase   string
		prepare func()
		console bool
	}{
		{"welcome", func() {}, true},
		{"marketplace", func() {
			within(t, phone, step, "Camille lines up to pitch", click("#my-topics .pitch-btn"))
			apiCall(t, base, ev.as(t, "Alice"), "POST", ev.path("/pitches"), map[string]string{"topic": ev.topic(t, "Puppet : retours d'expérience")}, nil)
			org("POST", "/pitches/next", nil)
		}, false},
		{"voting", func() {}, false},
		{"plan", func() {
			org("POST", "/draft/propose", nil)
			org("POST", "/publish", nil)
		}, true},
		{"sessions", func() {
			org("POST", "/sessions/"+sessions[0].ID+"/start", nil)
			for i, name := range []string{"Bruno", "Chloé", "David", "Émilie", "François", "Gaëlle", "Hugo"} {
				apiCall(t, base, ev.as(t, name), "PUT", ev.path("/checkins/"+sessions[0].ID), map[string]string{"room": rooms[i%3].ID}, nil)
			}
		}, true},
		{"wrapup", func() {}, false},
	}
	for _, p := range phases {
		if p.phase != "welcome" {
			p.prepare()
			org("PATCH", "/phases", map[string]string{"phase": p.phase})
		}
		if p.phase == "wrapup" { // feedback comes in: the projector's histogram fills
			for i, name := range []string{"Alice", "Bruno", "Chloé", "David", "Émilie", "François", "Gaëlle", "Hugo", "Inès", "Julien"} {
				apiCall(t, base, ev.as(t, name), "PUT", ev.path("/feedback"), map[string]any{"evening": []int{5, 4, 4, 3, 5, 4, 4, 2, 5, 4}[i]}, nil)
			}
		}
		tabs := []context.Context{projector, phone}
		if p.console {
			tabs = append(tabs, console)
			if p.phase != "voting" {
				tabs = append(tabs, consolePhone)
			}
		}
		for _, tab := range tabs {
			within(t, tab, step, "show "+p.phase, waitJS(`document.body.dataset.phase === `+q(p.phase)))
		}
		switch p.phase {
		case "plan": // the console's report of the proposed plan has arrived
			within(t, console, step, "the report", waitJS(`+document.querySelector('#plan-score').dataset.attended > 0`))
		case "sessions": // Camille's phone read why she has no room (/me, after the plan)
			within(t, phone, step, "Camille's now screen", waitJS(`document.querySelector('#now-why').textContent.length > 40`))
		}
		shoot(projector, p.phase+"-projector.png")
		shoot(phone, p.phase+"-phone.png")
		if p.console {
			shoot(console, p.phase+"-console.png")
			shoot(consolePhone, p.phase+"-console-phone.png")
		}
		if p.phase == "sessions" {
			within(t, door, step, "open the door display",
				chromedp.EmulateViewport(1280, 800), chromedp.Navigate(base+"/p/"+ev.id+"?room="+rooms[1].ID),
				waitJS(`document.body.dataset.phase === 'sessions'`))
			shoot(door, "sessions-door.png")
		}
	}
}
