package main

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"openspace/openspace"
)

// TestBrowserProjectorJoinLink: a projector opened at this computer's own
// address warns that phones cannot use it; with -public-url the join link
// on the projector and in the console and the QR code use the public
// address and there is nothing to warn of.
func TestBrowserProjectorJoinLink(t *testing.T) {
	t.Parallel()
	sharedBrowser(t) // skips without Chromium (fails in CI)
	const step = 20 * time.Second
	setup := openspace.EventSetup{Title: "Join evening", Language: "fr",
		Sessions: []openspace.Session{{Title: "1", Duration: 30}}, Rooms: []openspace.Room{{Name: "A", Capacity: 10}}}

	// Listening on loopback only: no address on the venue's network to offer.
	base, _ := startApp(t)
	ev := seedEvening(t, base, evening{setup: setup})
	projector := newPerson(t, "the projector at localhost")
	within(t, projector, step, "the projector warns about its loopback address",
		chromedp.Navigate(base+"/p/"+ev.id),
		visible("#loopback-warning"),
		waitUntil("the warning says what to do",
			`document.querySelector('#loopback-warning').textContent.includes('-public-url')`,
			`document.querySelector('#loopback-warning').textContent`),
		waitUntil("the join link is the address it was opened at",
			`document.querySelector('#join-url').textContent === `+q(base+"/j/"+ev.state(t).Event.JoinCode),
			`document.querySelector('#join-url').textContent`),
	)

	// With a public URL the QR code and the link use it.
	const public = "https://meetup.example"
	pubBase, _ := startAppEnv(t, "127.0.0.1:0", map[string]string{
		"OPENSPACE_DB": filepath.Join(t.TempDir(), "openspace.db"), "OPENSPACE_PUBLIC_URL": public})
	pub := seedEvening(t, pubBase, evening{setup: setup})
	tab := newPerson(t, "the projector with a public URL")
	within(t, tab, step, "the projector shows the public join link and no warning",
		chromedp.Navigate(pubBase+"/p/"+pub.id),
		waitUntil("the join link is the public one",
			`document.querySelector('#join-url').textContent === `+q(public+"/j/"+pub.state(t).Event.JoinCode),
			`document.querySelector('#join-url').textContent`),
		waitJS(`document.querySelector('#loopback-warning').hidden`),
	)
	console := newPerson(t, "the console with a public URL")
	within(t, console, step, "the console shares the public join link too",
		chromedp.Navigate(pubBase+pub.organizerURL),
		visible("#org-main"),
		waitUntil("the console's join link is the public one",
			`document.querySelector('#org-join-url').textContent === `+q(public+"/j/"+pub.state(t).Event.JoinCode),
			`document.querySelector('#org-join-url').textContent`),
	)
}
