package assets

import (
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

func get(t *testing.T, url string, header map[string]string) *http.Response {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, url, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	Handler().ServeHTTP(rec, req)
	return rec.Result()
}

func TestPathIsContentHashed(t *testing.T) {
	data, err := embedded.ReadFile("static/app.css")
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	if got, want := Path("app.css"), "/assets/app."+hex.EncodeToString(sum[:])[:8]+".css"; got != want {
		t.Fatalf("Path(app.css) = %q, want %q", got, want)
	}
	re := regexp.MustCompile(`^/assets/[a-z0-9_-]+\.[0-9a-f]{8}\.(css|js|svg|png)$`)
	for _, name := range Names() {
		if p := Path(name); !re.MatchString(p) {
			t.Errorf("Path(%q) = %q, not a hashed URL", name, p)
		}
	}
}

func TestServeHashedURL(t *testing.T) {
	for name, wantType := range map[string]string{
		"app.css":     "text/css; charset=utf-8",
		"attendee.js": "text/javascript; charset=utf-8",
	} {
		res := get(t, Path(name), nil)
		if got, want := res.StatusCode, http.StatusOK; got != want {
			t.Fatalf("%s: status = %d, want %d", name, got, want)
		}
		if got := res.Header.Get("Content-Type"); got != wantType {
			t.Errorf("%s: Content-Type = %q, want %q", name, got, wantType)
		}
		if got, want := res.Header.Get("Cache-Control"), "public, max-age=31536000, immutable"; got != want {
			t.Errorf("%s: Cache-Control = %q, want %q", name, got, want)
		}
		if got, want := res.Header.Get("ETag"), `"`+files[name].hash+`"`; got != want {
			t.Errorf("%s: ETag = %q, want %q", name, got, want)
		}
		body, _ := io.ReadAll(res.Body)
		want, _ := embedded.ReadFile("static/" + name)
		if string(body) != string(want) {
			t.Errorf("%s: body differs from the embedded file", name)
		}
	}
}

func TestNotModifiedOnETag(t *testing.T) {
	p := Path("app.css")
	etag := get(t, p, nil).Header.Get("ETag")
	if etag == "" {
		t.Fatal("no ETag")
	}
	for _, inm := range []string{etag, `"nope", ` + etag, "*"} {
		res := get(t, p, map[string]string{"If-None-Match": inm})
		if got, want := res.StatusCode, http.StatusNotModified; got != want {
			t.Errorf("If-None-Match %s: status = %d, want %d", inm, got, want)
		}
	}
	res := get(t, p, map[string]string{"If-None-Match": `"00000000"`})
	if got, want := res.StatusCode, http.StatusOK; got != want {
		t.Errorf("stale If-None-Match: status = %d, want %d", got, want)
	}
}

func TestNotFound(t *testing.T) {
	good := Path("app.css")
	for _, url := range []string{
		strings.Replace(good, files["app.css"].hash, "deadbeef", 1), // wrong hash
		"/assets/app.css",           // no hash
		"/assets/nope.12345678.css", // unknown name
		"/assets/",
		"/assets/../assets.go",
		"/other/app.css",
	} {
		if got, want := get(t, url, nil).StatusCode, http.StatusNotFound; got != want {
			t.Errorf("GET %s: status = %d, want %d", url, got, want)
		}
	}
}

func TestHeadAndMethods(t *testing.T) {
	req := httptest.NewRequest(http.MethodHead, Path("app.css"), nil)
	rec := httptest.NewRecorder()
	Handler().ServeHTTP(rec, req)
	if got, want := rec.Code, http.StatusOK; got != want {
		t.Errorf("HEAD: status = %d, want %d", got, want)
	}
	req = httptest.NewRequest(http.MethodPost, Path("app.css"), nil)
	rec = httptest.NewRecorder()
	Handler().ServeHTTP(rec, req)
	if got, want := rec.Code, http.StatusMethodNotAllowed; got != want {
		t.Errorf("POST: status = %d, want %d", got, want)
	}
}

func TestGzip(t *testing.T) {
	res := get(t, Path("attendee.js"), map[string]string{"Accept-Encoding": "br, gzip"})
	if got, want := res.Header.Get("Content-Encoding"), "gzip"; got != want {
		t.Fatalf("Content-Encoding = %q, want %q", got, want)
	}
	if got, want := res.Header.Get("Vary"), "Accept-Encoding"; got != want {
		t.Errorf("Vary = %q, want %q", got, want)
	}
	if got, want := res.Header.Get("ETag"), `"`+files["attendee.js"].hash+`-gz"`; got != want { // another representation, another ETag
		t.Errorf("ETag = %q, want %q", got, want)
	}
	zr, err := gzip.NewReader(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(zr)
	want, _ := embedded.ReadFile("static/attendee.js")
	if string(body) != string(want) {
		t.Error("gunzipped body differs from the embedded file")
	}
	for _, ae := range []string{"", "identity", "gzip;q=0", "br"} {
		res := get(t, Path("attendee.js"), map[string]string{"Accept-Encoding": ae})
		if got := res.Header.Get("Content-Encoding"); got != "" {
			t.Errorf("Accept-Encoding %q: Content-Encoding = %q, want none", ae, got)
		}
	}
}

// TestVersionFollowsEveryFile: the version changes when any file's content
// changes, or a file comes or goes, and only then.
func TestVersionFollowsEveryFile(t *testing.T) {
	if !regexp.MustCompile(`^[0-9a-f]{12}$`).MatchString(Version()) {
		t.Fatalf("Version() = %q, want 12 hex digits", Version())
	}
	with := func(change func(map[string]*file)) string {
		m := map[string]*file{}
		for name, f := range files {
			c := *f
			m[name] = &c
		}
		change(m)
		return versionOf(m)
	}
	if got := with(func(map[string]*file) {}); got != Version() {
		t.Errorf("the same files give version %q, want %q", got, Version())
	}
	for what, change := range map[string]func(map[string]*file){
		"one byte of attendee.js": func(m map[string]*file) {
			m["attendee.js"].data = append([]byte(nil), m["attendee.js"].data...)
			m["attendee.js"].data[0] ^= 1
		},
		"a new file":     func(m map[string]*file) { m["new.js"] = &file{name: "new.js", data: []byte("1")} },
		"a removed file": func(m map[string]*file) { delete(m, "icon.svg") },
	} {
		if got := with(change); got == Version() {
			t.Errorf("%s: the version stays %q", what, got)
		}
	}
}

// TestBundlesJoinTheirParts: a bundle is served like a file, its parts
// joined in order, and changes when one of them does.
func TestBundlesJoinTheirParts(t *testing.T) {
	for name, parts := range bundles {
		res := get(t, Path(name), nil)
		body, _ := io.ReadAll(res.Body)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d", name, res.StatusCode)
		}
		rest := string(body)
		for _, part := range parts {
			data, err := embedded.ReadFile("static/" + part)
			if err != nil {
				t.Fatal(err)
			}
			i := strings.Index(rest, string(data))
			if i < 0 {
				t.Fatalf("%s lacks %s, or has it out of order", name, part)
			}
			rest = rest[i+len(data):]
		}
		if got := Parts(name); strings.Join(got, " ") != strings.Join(parts, " ") {
			t.Errorf("Parts(%s) = %v, want %v", name, got, parts)
		}
	}
	if Parts("app.css") != nil {
		t.Error("Parts(app.css): a plain file has parts")
	}
	for _, tt := range []struct {
		name    string
		bundles map[string][]string
	}{
		{"a bundle named like a file", map[string][]string{"app.css": {"attendee.css"}}},
		{"a missing part", map[string][]string{"x.js": {"api.js", "nope.js"}}},
		{"a part of another kind", map[string][]string{"x.js": {"api.js", "app.css"}}},
	} {
		m := map[string]*file{}
		for k, v := range files {
			m[k] = v
		}
		if err := addBundles(m, tt.bundles); err == nil {
			t.Errorf("%s: no error", tt.name)
		}
	}
}

// TestScriptsDoNotRunIntoEachOther: joined scripts are separated by a
// semicolon on a line of its own.
func TestScriptsDoNotRunIntoEachOther(t *testing.T) {
	m := map[string]*file{"a.js": newFile("a.js", []byte("f()")), "b.js": newFile("b.js", []byte("(g)()"))}
	if err := addBundles(m, map[string][]string{"ab.js": {"a.js", "b.js"}}); err != nil {
		t.Fatal(err)
	}
	if got, want := string(m["ab.js"].data), "f()\n;\n(g)()"; got != want {
		t.Errorf("joined %q, want %q", got, want)
	}
}
