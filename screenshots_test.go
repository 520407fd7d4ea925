package main

import (
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
	t.Parallel()
	sharedBrowser(t) // skips without Chromium (fails in CI)
	// As on a real evening, the QR code and the link carry an address phones
	// can open, not the test server's loopback one.
	base, _ := startAppEnv(t, "127.0.0.1:0", map[string]string{
		"OPENSPACE_DB": filepath.Join(t.TempDir(), "openspace.db"), "OPENSPACE_PUBLIC_URL": "https://meetup.example"})
	ev := seedEvening(t, base, parisDevOps())

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
			steps = append(steps, chromedp.Navigate(base+ev.organizerURL), visible("#propose-plan"),
				click("#propose-plan"), visible("#plan-score"))
		case s.mobile: // a newcomer joins with the code and puts a dot
			steps = append(steps, chromedp.Navigate(base+"/j/"+ev.code), visible("#join-form"), pageLoaded(),
				fill("#join-name", "Camille"), click("#answer-0"), click("#join-submit"),
				visible("#main-view"),
				clickOn("Puppet's vote button", inside(phoneTopic("Puppet : retours d'expérience"), ".vote-btn")),
				visible("#my-schedule li.assigned"),
				// back to the top, where the schedule is (the vote scrolled down)
				chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`), waitJS(`window.scrollY === 0`))
		default: // the projector, in French like the seed's evening
			steps = append(steps, chromedp.Navigate(base+s.path), visible("#lang-fr"), click("#lang-fr"),
				waitJS(`document.documentElement.lang === 'fr'`))
		}
		steps = append(steps, visible(s.wait), settled())
		within(t, tab, 30*time.Second, "open "+s.path, steps...)
		png := value(t, tab, "take "+s.file, chromedp.CaptureScreenshot())
		if err := os.WriteFile(filepath.Join(dir, s.file), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
