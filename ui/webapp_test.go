package ui

import (
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"openspace/assets"
)

// TestAttendeePageIsAnApp: the attendee page carries this version, its
// manifest, the theme colour and the preloads of its data; the other pages
// are not apps.
func TestAttendeePageIsAnApp(t *testing.T) {
	html := render(t, "attendee", Page{EventID: "ev1", Title: "Meetup"})
	for _, want := range []string{
		`<meta name="openspace-version" content="` + Version() + `">`,
		`<link rel="manifest" href="/e/ev1/manifest.webmanifest">`,
		`<meta name="theme-color" content="#12263f">`,
		`<link rel="preload" as="fetch" crossorigin href="/api/events/ev1">`,
		`<link rel="preload" as="fetch" crossorigin href="/api/events/ev1/me">`,
		`id="offline-banner"`, `id="new-version"`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("attendee page lacks %s", want)
		}
	}
	for _, page := range []string{"home", "projector", "organizer"} {
		if html := render(t, page, Page{EventID: "ev1"}); strings.Contains(html, "manifest") || strings.Contains(html, "openspace-version") {
			t.Errorf("%s page is an app too", page)
		}
	}
}

// TestAssetURLsAreThePagesOwn: the list the service worker keeps is every
// asset the attendee page refers to, later parts included, each once, and
// every one of them exists.
func TestAssetURLsAreThePagesOwn(t *testing.T) {
	urls, err := AssetURLs("attendee")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"attendee-first.css", "attendee-first.js", "icon.svg",
		"attendee-notes.css", "attendee-now.js", "attendee-admin.js", "webapp.js", "icon-192.png"} {
		if !slices.Contains(urls, assets.Path(name)) {
			t.Errorf("AssetURLs(attendee) lacks %s: %v", name, urls)
		}
	}
	known := map[string]bool{}
	for _, name := range assets.Names() {
		known[assets.Path(name)] = true
	}
	seen := map[string]bool{}
	for _, u := range urls {
		if !known[u] {
			t.Errorf("AssetURLs(attendee) has %s, which is no asset", u)
		}
		if seen[u] {
			t.Errorf("AssetURLs(attendee) lists %s twice", u)
		}
		seen[u] = true
	}
	if _, err := AssetURLs("nope"); err == nil {
		t.Error("AssetURLs(nope): want an error")
	}
}

// TestServiceWorkerCarriesTheVersion: /sw.js names this version, in its
// cache's name, and the attendee page's assets.
func TestServiceWorkerCarriesTheVersion(t *testing.T) {
	js := string(ServiceWorker())
	urls, _ := AssetURLs("attendee")
	for _, want := range []string{
		`var VERSION = "` + Version() + `";`,
		`var CACHE = 'openspace-' + VERSION;`,
		`var STYLE = "` + assets.Path("attendee-first.css") + `";`,
	} {
		if !strings.Contains(js, want) {
			t.Errorf("sw.js lacks %s", want)
		}
	}
	m := regexp.MustCompile(`var ASSETS = (\[[^\]]*\]);`).FindStringSubmatch(js)
	if m == nil {
		t.Fatal("sw.js has no ASSETS list")
	}
	if got, want := m[1], `["`+strings.Join(urls, `","`)+`"]`; got != want {
		t.Errorf("sw.js ASSETS = %s, want %s", got, want)
	}
	if strings.Contains(js, "{{") {
		t.Error("sw.js has a template action left")
	}
}

// TestVersionFollowsTemplatesAndAssets: another template byte, another
// template or other assets give another version.
func TestVersionFollowsTemplatesAndAssets(t *testing.T) {
	if !regexp.MustCompile(`^[0-9a-f]{12}$`).MatchString(Version()) {
		t.Fatalf("Version() = %q, want 12 hex digits", Version())
	}
	if got := versionOf(files, assets.Version()); got != Version() {
		t.Errorf("the same files give %q, want %q", got, Version())
	}
	copyOf := func() fstest.MapFS {
		m := fstest.MapFS{}
		fs.WalkDir(files, ".", func(name string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				data, _ := fs.ReadFile(files, name)
				m[name] = &fstest.MapFile{Data: data}
			}
			return err
		})
		return m
	}
	base := versionOf(copyOf(), assets.Version())
	if base != Version() {
		t.Fatalf("a copy of the templates gives %q, want %q", base, Version())
	}
	edited := copyOf()
	edited["templates/sw.js"].Data = append([]byte("//\n"), edited["templates/sw.js"].Data...)
	added := copyOf()
	added["templates/new.html"] = &fstest.MapFile{Data: []byte("x")}
	for what, got := range map[string]string{
		"an edited sw.js": versionOf(edited, assets.Version()),
		"a new template":  versionOf(added, assets.Version()),
		"other assets":    versionOf(copyOf(), "000000000000"),
	} {
		if got == base {
			t.Errorf("%s: the version stays %q", what, got)
		}
	}
}
