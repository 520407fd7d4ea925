package ui

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"openspace/assets"
)

func render(t *testing.T, page string, data Page) string {
	t.Helper()
	var buf bytes.Buffer
	if err := Render(&buf, page, data); err != nil {
		t.Fatalf("Render(%q): %v", page, err)
	}
	return buf.String()
}

func TestPagesRender(t *testing.T) {
	scripts := map[string][]string{
		"home":      {"i18n.js", "api.js", "setupform.js", "home.js"},
		"attendee":  {"attendee-first.js"}, // a bundle: see bundled below
		"projector": {"i18n.js", "api.js", "live.js", "projector-clock.js", "projector-views.js", "projector-grid.js", "projector.js"},
		"organizer": {"i18n.js", "api.js", "live.js", "setupform.js", "org-setup.js", "org-topics.js", "org-report.js", "org-grid.js",
			"org-pitch.js", "org-run.js", "org-steps.js", "org-notes.js", "org-feedback.js", "org-recap.js", "org-calendar.js", "org-admin.js", "org-moderation.js", "organizer.js",
			"attendee-notes.js"}, // the notes editor is the phone's
	}
	// Each page's own style sheet, after app.css.
	styles := map[string][]string{"attendee": {"attendee-first.css"}, "projector": {"projector.css"},
		"organizer": {"console.css", "attendee-notes.css"}}
	// The bundles a page loads (assets/bundles.go) and what they hold: the
	// attendee page's first screen, app.css within.
	bundled := map[string][]string{
		"attendee-first.js":  {"i18n.js", "api.js", "queue.js", "live.js", "offline.js", "later.js", "attendee-queue.js", "attendee.js"},
		"attendee-first.css": {"app.css", "attendee.css"},
	}
	for name, want := range bundled {
		if got := assets.Parts(name); strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("bundle %s holds %v, want %v", name, got, want)
		}
	}
	// What a page loads after its first screen (body[data-later], later.js),
	// in that order.
	later := map[string][]string{"attendee": {"attendee-notes.css", "attendee-pitch.js", "attendee-plan.js", "attendee-now.js",
		"attendee-notes.js", "attendee-feedback.js", "attendee-calendar.js", "attendee-admin.js", "attendee-device.js", "webapp.js"}}
	hashed := regexp.MustCompile(`/assets/[a-z0-9_-]+\.[0-9a-f]{8}\.(css|js)`)
	for page, want := range scripts {
		html := render(t, page, Page{EventID: "ev123", Title: "Meetup"})
		must := []string{`<!doctype html>`, `<meta name="viewport"`}
		common := 0 // app.css, unless in the page's bundle
		if styles[page] == nil || bundled[styles[page][0]] == nil {
			must, common = append(must, assets.Path("app.css")), 1
		}
		if page != "projector" { // a stage display: no app chrome
			must = append(must, `id="lang-switch"`)
		}
		for _, s := range must {
			if !strings.Contains(html, s) {
				t.Errorf("%s: missing %q", page, s)
			}
		}
		for _, name := range want {
			if src := `src="` + assets.Path(name) + `"`; !strings.Contains(html, src) {
				t.Errorf("%s: missing script %s", page, src)
			}
		}
		for _, name := range styles[page] {
			if href := `href="` + assets.Path(name) + `"`; !strings.Contains(html, href) {
				t.Errorf("%s: missing style sheet %s", page, href)
			}
		}
		if len(later[page]) > 0 {
			urls := make([]string, len(later[page]))
			for i, name := range later[page] {
				urls[i] = assets.Path(name)
			}
			if attr := `data-later="` + strings.Join(urls, " ") + `"`; !strings.Contains(html, attr) {
				t.Errorf("%s: missing %s", page, attr)
			}
		}
		if got, want := len(hashed.FindAllString(html, -1)), len(want)+common+len(styles[page])+len(later[page]); got != want {
			t.Errorf("%s: %d hashed asset URLs, want %d", page, got, want)
		}
		if page != "home" && !strings.Contains(html, `data-event-id="ev123"`) {
			t.Errorf("%s: missing data-event-id", page)
		}
	}
}

func TestPageHooks(t *testing.T) {
	hooks := map[string][]string{
		"home": {`id="create-form"`, `id="create-title"`, `id="create-submit"`, `id="organizer-link"`, `id="join-code"`, `id="code-form"`},
		"attendee": {`id="join-form"`, `id="join-name"`, `id="join-submit"`, `id="dots-left"`, `id="topics"`, `id="propose-form"`, `id="propose-title"`, `id="propose-submit"`, `id="propose-needs"`, `id="my-schedule"`,
			`id="queue-box"`, `id="queue-pending"`, `id="queue-refused"`, `id="propose-queued"`, `id="device-section"`, `id="device-make"`, `id="device-qr"`, `id="device-revoke"`},
		"projector": {`id="qr"`, `id="attendee-count"`, `id="profile-split"`, `id="tally"`, `id="grid"`, `id="join-code"`},
		"organizer": {`id="toggle-proposals"`, `id="toggle-voting"`, `id="unplaced"`, `id="draft-grid"`, `id="publish-btn"`, `id="setup-form"`, `id="org-topics"`,
			`id="propose-plan"`, `id="plan-score"`, `id="plan-unscheduled"`, `id="plan-losses"`},
	}
	for page, want := range hooks {
		html := render(t, page, Page{EventID: "e1"})
		for _, s := range want {
			if !strings.Contains(html, s) {
				t.Errorf("%s: missing hook %s", page, s)
			}
		}
	}
}

func TestEventIDIsEscaped(t *testing.T) {
	evil := `"><script>alert(1)</script>`
	for page := range pages {
		html := render(t, page, Page{EventID: evil, Title: evil})
		if strings.Contains(html, "<script>alert") || strings.Contains(html, `data-event-id=""`) {
			t.Errorf("%s: event ID rendered unescaped", page)
		}
		if !strings.Contains(html, `data-event-id="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"`) {
			t.Errorf("%s: event ID not escaped as expected", page)
		}
	}
}

func TestUnknownPage(t *testing.T) {
	var buf bytes.Buffer
	if err := Render(&buf, "admin", Page{}); err == nil {
		t.Fatal("Render(admin): want an error")
	}
	if buf.Len() != 0 {
		t.Errorf("Render(admin) wrote %d bytes", buf.Len())
	}
	if err := Render(&buf, "layout", Page{}); err == nil {
		t.Fatal("Render(layout): want an error")
	}
}

// TestProjectorCarriesTheJoinAddresses: the projector page tells its script
// what the QR code encodes and which addresses phones can reach, escaped
// as attribute values.
func TestProjectorCarriesTheJoinAddresses(t *testing.T) {
	html := render(t, "projector", Page{EventID: "ev1", JoinBase: "http://localhost:8080",
		Reachable: []string{"http://192.168.1.20:8080", `http://"x"`}})
	for _, want := range []string{`data-join-base="http://localhost:8080"`, `data-reachable="http://192.168.1.20:8080 http://&#34;x&#34;"`} {
		if !strings.Contains(html, want) {
			t.Errorf("projector page lacks %s", want)
		}
	}
}
