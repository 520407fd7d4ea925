package server_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"image/png"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"testing"

	"openspace/ui"
)

// TestServiceWorkerScript: /sw.js is this version's worker, as JavaScript
// that is never cached without asking, with a policy that lets it fetch
// from this origin only; an unchanged version costs a 304.
func TestServiceWorkerScript(t *testing.T) {
	a := newApp(t)
	c := a.newClient(t)
	r := c.do("GET", "/sw.js", nil)
	if r.status != http.StatusOK {
		t.Fatalf("GET /sw.js: %d %s", r.status, r.body)
	}
	for header, want := range map[string]string{
		"Content-Type":            "text/javascript; charset=utf-8",
		"Cache-Control":           "no-cache",
		"Content-Security-Policy": "default-src 'none'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
		"ETag":                    `"` + ui.Version() + `"`,
	} {
		if got := r.header.Get(header); got != want {
			t.Errorf("GET /sw.js: %s = %q, want %q", header, got, want)
		}
	}
	if !bytes.Equal(r.body, ui.ServiceWorker()) {
		t.Error("GET /sw.js is not ui.ServiceWorker()")
	}
	urls, err := ui.AssetURLs("attendee")
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range urls {
		if !bytes.Contains(r.body, []byte(`"`+u+`"`)) {
			t.Errorf("sw.js does not keep %s", u)
		}
		if got := c.do("GET", u, nil).status; got != http.StatusOK {
			t.Errorf("GET %s (kept by sw.js): %d", u, got)
		}
	}
	c.headers["If-None-Match"] = `"` + ui.Version() + `"`
	if got := c.do("GET", "/sw.js", nil).status; got != http.StatusNotModified {
		t.Errorf("GET /sw.js with its ETag: %d, want 304", got)
	}
}

// TestPageAndWorkerShareTheVersion: the attendee page says the version the
// worker keeps pages of.
func TestPageAndWorkerShareTheVersion(t *testing.T) {
	a := newApp(t)
	_, ev := a.createEvent(t)
	c := a.newClient(t)
	page := c.do("GET", "/e/"+ev.Event.ID, nil)
	m := regexp.MustCompile(`<meta name="openspace-version" content="([0-9a-f]+)">`).FindSubmatch(page.body)
	if m == nil {
		t.Fatalf("the attendee page has no version: %s", page.body)
	}
	w := regexp.MustCompile(`var VERSION = "([0-9a-f]+)";`).FindSubmatch(c.do("GET", "/sw.js", nil).body)
	if w == nil {
		t.Fatal("sw.js has no version")
	}
	if got, want := string(m[1]), string(w[1]); got != want {
		t.Errorf("page version %s, worker version %s", got, want)
	}
}

// TestManifest: each event's page is an app named after the event, whose
// icons exist at the sizes they claim.
func TestManifest(t *testing.T) {
	a := newApp(t)
	_, ev := a.createEvent(t)
	c := a.newClient(t)
	r := c.do("GET", "/e/"+ev.Event.ID+"/manifest.webmanifest", nil)
	if r.status != http.StatusOK {
		t.Fatalf("GET manifest: %d %s", r.status, r.body)
	}
	if got, want := r.header.Get("Content-Type"), "application/manifest+json"; got != want {
		t.Errorf("Content-Type = %q, want %q", got, want)
	}
	var m struct {
		ID, Name, Lang, Scope, Display string
		ShortName                      string `json:"short_name"`
		StartURL                       string `json:"start_url"`
		ThemeColor                     string `json:"theme_color"`
		BackgroundColor                string `json:"background_color"`
		Icons                          []struct{ Src, Sizes, Type, Purpose string }
	}
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("the manifest is not JSON: %v in %s", err, r.body)
	}
	page := "/e/" + ev.Event.ID
	for _, f := range []struct{ name, got, want string }{
		{"id", m.ID, page}, {"name", m.Name, "2ème meetup Paris DevOps"}, {"short_name", m.ShortName, "2ème meetup"},
		{"lang", m.Lang, "fr"}, {"start_url", m.StartURL, page}, {"scope", m.Scope, page}, {"display", m.Display, "standalone"},
		{"theme_color", m.ThemeColor, "#12263f"}, {"background_color", m.BackgroundColor, "#f4f3ef"},
	} {
		if f.got != f.want {
			t.Errorf("manifest %s = %q, want %q", f.name, f.got, f.want)
		}
	}
	purposes := map[string]bool{}
	for _, icon := range m.Icons {
		res, err := http.Get(a.URL + icon.Src)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(res.Body)
		res.Body.Close()
		if err != nil || res.StatusCode != http.StatusOK || icon.Type != "image/png" {
			t.Errorf("icon %s: status %d, %v", icon.Src, res.StatusCode, err)
			continue
		}
		b := img.Bounds()
		if got := strconv.Itoa(b.Dx()) + "x" + strconv.Itoa(b.Dy()); got != icon.Sizes {
			t.Errorf("icon %s is %s, the manifest says %s", icon.Src, got, icon.Sizes)
		}
		purposes[icon.Purpose+" "+icon.Sizes] = true
	}
	for _, want := range []string{"any 192x192", "any 512x512", "maskable 512x512"} {
		if !purposes[want] {
			t.Errorf("the manifest has no %s icon: %+v", want, m.Icons)
		}
	}
	if got := c.do("GET", "/e/nope/manifest.webmanifest", nil); got.status != http.StatusNotFound || got.errorCode(t) != "not_found" {
		t.Errorf("manifest of no event: %d %s", got.status, got.body)
	}
}

// TestPagesAreCompressedAndRevalidated: a page goes out gzip-compressed to
// a browser that accepts it, with an ETag, and asking again for the same
// page costs a 304.
func TestPagesAreCompressedAndRevalidated(t *testing.T) {
	a := newApp(t)
	_, ev := a.createEvent(t)
	for _, tt := range []struct {
		acceptEncoding, wantEncoding string
	}{{"gzip, deflate, br", "gzip"}, {"identity", ""}} {
		req, _ := http.NewRequest("GET", a.URL+"/e/"+ev.Event.ID, nil)
		req.Header.Set("Accept-Encoding", tt.acceptEncoding)
		res, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if got := res.Header.Get("Content-Encoding"); got != tt.wantEncoding {
			t.Errorf("Accept-Encoding %q: Content-Encoding %q, want %q", tt.acceptEncoding, got, tt.wantEncoding)
		}
		if tt.wantEncoding == "gzip" {
			zr, err := gzip.NewReader(bytes.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			if body, err = io.ReadAll(zr); err != nil {
				t.Fatal(err)
			}
		}
		if !bytes.Contains(body, []byte(`data-event-id="`+ev.Event.ID+`"`)) {
			t.Errorf("Accept-Encoding %q: not the attendee page: %.200s", tt.acceptEncoding, body)
		}
		if res.Header.Get("Vary") != "Accept-Encoding" || res.Header.Get("Cache-Control") != "no-cache" {
			t.Errorf("Accept-Encoding %q: Vary %q, Cache-Control %q", tt.acceptEncoding, res.Header.Get("Vary"), res.Header.Get("Cache-Control"))
		}
		etag := res.Header.Get("ETag")
		req.Header.Set("If-None-Match", etag)
		again, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		again.Body.Close()
		if etag == "" || again.StatusCode != http.StatusNotModified {
			t.Errorf("Accept-Encoding %q: ETag %q, asked again: %d, want 304", tt.acceptEncoding, etag, again.StatusCode)
		}
	}
}

// TestStateIsCompressed: the event's state, read by every phone that
// opens the page, goes out gzip-compressed to a client that accepts it,
// and reads the same either way.
func TestStateIsCompressed(t *testing.T) {
	a := newApp(t)
	_, ev := a.createEvent(t)
	c, _ := a.join(t, ev.Event.ID, "Ada", "Dev")
	for i := 0; i < 8; i++ {
		c.propose(ev.Event.ID, "A topic with a title long enough to count "+strconv.Itoa(i))
	}
	for _, path := range []string{"/api/events/" + ev.Event.ID, "/api/events/" + ev.Event.ID + "/organizer"} {
		var bodies []string
		for _, enc := range []string{"gzip", "identity"} {
			req, _ := http.NewRequest("GET", a.URL+path, nil)
			req.Header.Set("Accept-Encoding", enc)
			req.Header.Set("X-Organizer-Key", ev.OrganizerKey)
			res, err := http.DefaultTransport.RoundTrip(req)
			if err != nil {
				t.Fatal(err)
			}
			var rd io.Reader = res.Body
			if enc == "gzip" {
				if got := res.Header.Get("Content-Encoding"); got != "gzip" {
					t.Errorf("GET %s accepting gzip: Content-Encoding %q", path, got)
				}
				if rd, err = gzip.NewReader(res.Body); err != nil {
					t.Fatal(err)
				}
			}
			body, err := io.ReadAll(rd)
			res.Body.Close()
			if err != nil || res.StatusCode != http.StatusOK || !json.Valid(body) {
				t.Fatalf("GET %s (%s): %d %v %.100s", path, enc, res.StatusCode, err, body)
			}
			bodies = append(bodies, string(body))
		}
		if bodies[0] != bodies[1] {
			t.Errorf("GET %s: the compressed state differs from the plain one", path)
		}
	}
}
