package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"openspace/openspace"
)

// TestBrowserPhoneOpensOffline: Ada's phone opens the event once with the
// network (the service worker takes the page in charge and keeps it, the
// page keeps its state), votes, then loses the network, worker included.
// Reopened, the page shows the event, the topics and her vote from the
// phone itself, the other vote buttons usable, and says it is offline and
// as of when. Meanwhile Bob proposes a topic; back online, the banner goes
// and his topic shows, live, without a reload. Signed out (a 401 from
// /me), the phone forgets what it kept. With OPENSPACE_SCREENSHOTS set, it
// takes the offline page at 390×844 in English and French.
func TestBrowserPhoneOpensOffline(t *testing.T) {
	t.Parallel()
	sharedBrowser(t)
	const step = 20 * time.Second
	base, _ := startApp(t)
	ev := seedEvening(t, base, evening{
		setup: openspace.EventSetup{Title: "2ème meetup Paris DevOps", Language: "fr",
			Sessions: []openspace.Session{{Title: "1ère session", Duration: 30}}, Rooms: []openspace.Room{{Name: "Grande salle", Capacity: 20}}},
		people: []person{{name: "Bob"}, {name: "Ada"}},
		topics: []proposal{{by: "Bob", title: "Kanban"}, {by: "Bob", title: "Puppet"}},
	})
	kept := `localStorage.getItem(` + q("openspace.offline."+ev.id) + `)`

	tab := newPerson(t, "Ada's phone")
	if _, err := chromedp.Call(tab, network.SetCookie, network.SetCookieParams{
		Name: "os_att_" + ev.id, Value: ev.people["Ada"].token, URL: base + "/"}); err != nil {
		t.Fatal(err)
	}
	within(t, tab, step, "Ada opens the page with the network and votes for Kanban",
		chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch),
		chromedp.Navigate(base+"/e/"+ev.id),
		visible("#main-view"), pageLoaded(), click("#lang-en"),
		clickOn("Kanban's vote button", inside(phoneTopic("Kanban"), ".vote-btn")),
		waitJS(inside(phoneTopic("Kanban"), ".vote-btn")+`.getAttribute('aria-pressed') === 'true'`),
		waitUntil("the service worker controls the page", `!!navigator.serviceWorker.controller`, `'no controller'`),
		waitUntil("the worker keeps the page", keptPageJS(`location.pathname`), `'not kept'`),
		waitUntil("the phone keeps the state with Ada's vote", kept+` && JSON.parse(`+kept+`).me.ballot.topics.length === 1`, kept),
	)
	installable, err := chromedp.Call(tab, getInstallabilityErrors, cdp.Empty{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range installable.Errors {
		// Each person's browser context is an incognito one: the only
		// reason Chromium may give.
		if e.ErrorID != "in-incognito" {
			t.Errorf("Chromium finds the page not installable: %s %v", e.ErrorID, e.ErrorArguments)
		}
	}
	manifest, err := chromedp.Call(tab, getAppManifest, cdp.Empty{})
	if err != nil || len(manifest.Errors) > 0 || !strings.HasSuffix(manifest.URL, "/e/"+ev.id+"/manifest.webmanifest") {
		t.Errorf("the page's manifest: %s, errors %v (%v)", manifest.URL, manifest.Errors, err)
	}
	asOf := value(t, tab, "the time of the kept state", chromedp.Evaluate[float64](`JSON.parse(`+kept+`).at`))

	offline(t, tab, true)
	apiCall(t, base, ev.as(t, "Bob"), "POST", ev.path("/topics"), map[string]any{"title": "Terraform"}, nil)
	within(t, tab, step, "offline, a page the phone never opened says so, in both languages",
		chromedp.Navigate(base+"/e/never-opened"),
		waitUntil("the offline page", `document.body.innerText.includes('Hors ligne') && document.body.innerText.includes('This phone has not kept this page yet')`, `document.body.innerText`),
	)
	within(t, tab, step, "reopened offline, the page shows what the phone kept",
		chromedp.Navigate(base+"/e/"+ev.id),
		pageLoaded(),
		markLoaded,
		visible("#main-view"),
		waitUntil("the event's title", `document.querySelector('#event-title').textContent === '2ème meetup Paris DevOps'`, `document.querySelector('#event-title').textContent`),
		waitJS(phoneTopic("Kanban")+` && `+phoneTopic("Puppet")),
		waitUntil("Ada's vote, and Puppet's button usable", inside(phoneTopic("Kanban"), ".vote-btn")+`.getAttribute('aria-pressed') === 'true' && !`+
			inside(phoneTopic("Puppet"), ".vote-btn")+`.disabled`, `document.querySelector('#topics').innerText`),
		visible("#offline-banner"),
		waitJS(`!`+phoneTopic("Terraform")),
	)
	banner := value(t, tab, "the offline banner", chromedp.Evaluate[struct {
		Text string `json:"text"`
		At   string `json:"at"`
		Want string `json:"want"`
	}](`({text: document.querySelector('#offline-when').textContent, at: document.querySelector('#offline-banner').dataset.at,
		want: new Intl.DateTimeFormat('en', {hour: 'numeric', minute: '2-digit'}).format(new Date(+document.querySelector('#offline-banner').dataset.at))})`))
	if at, _ := strconv.ParseFloat(banner.At, 64); at != asOf {
		t.Errorf("the banner is for a state as of %s, the phone kept one as of %.0f", banner.At, asOf)
	}
	if got, want := banner.Text, "Offline · as of "+banner.Want; got != want {
		t.Errorf("offline banner %q, want %q", got, want)
	}
	if dir := os.Getenv("OPENSPACE_SCREENSHOTS"); dir != "" {
		for _, lang := range []string{"en", "fr"} {
			within(t, tab, step, "switch to "+lang, click("#lang-"+lang), waitJS(`document.documentElement.lang === `+q(lang)),
				chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`), settled())
			png := value(t, tab, "screenshot", chromedp.CaptureScreenshot())
			if err := os.WriteFile(filepath.Join(dir, "offline-phone-"+lang+".png"), png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		within(t, tab, step, "back to English", click("#lang-en"), waitJS(`document.documentElement.lang === 'en'`))
	}
	if text := value(t, tab, "the French banner", chromedp.Evaluate[string](`(() => { OS.i18n.setLang('fr'); const s = document.querySelector('#offline-when').textContent; OS.i18n.setLang('en'); return s; })()`)); !regexp.MustCompile(`^Hors ligne · état de \d\d:\d\d$`).MatchString(text) {
		t.Errorf("French offline banner %q, want « Hors ligne · état de 20:41 »", text)
	}

	offline(t, tab, false)
	within(t, tab, step, "back online: the banner goes and Bob's topic shows, live",
		waitUntil("the page is live", `document.querySelector('#conn-status').dataset.status === 'live'`, `document.querySelector('#conn-status').dataset.status`),
		waitJS(`document.querySelector('#offline-banner').hidden`),
		waitUntil("Bob's topic", phoneTopic("Terraform"), `document.querySelector('#topics').innerText`),
		pageNotReloaded(),
	)

	if _, err := chromedp.Call(tab, network.ClearBrowserCookies, struct{}{}); err != nil {
		t.Fatal(err)
	}
	within(t, tab, step, "signed out, the phone forgets what it kept",
		chromedp.Reload(),
		visible("#join-view"),
		waitUntil("nothing kept", kept+` === null`, kept),
	)
}

// Page.getInstallabilityErrors and Page.getAppManifest as this Chromium
// answers them.
var (
	getInstallabilityErrors = cdp.Command[cdp.Empty, struct {
		Errors []*page.InstallabilityError `json:"installabilityErrors"`
	}]{Method: "Page.getInstallabilityErrors"}
	getAppManifest = cdp.Command[cdp.Empty, struct {
		URL    string `json:"url"`
		Errors []any  `json:"errors"`
	}]{Method: "Page.getAppManifest"}
)

// keptPageJS is true once one of the worker's caches holds the page at
// path (a JavaScript expression); each poll asks again.
func keptPageJS(path string) string {
	return `(() => {
		caches.keys().then(ks => Promise.all(ks.map(k => caches.open(k).then(c => c.match(` + path + `)))))
			.then(hits => { window.__osKept = hits.some(Boolean); });
		return window.__osKept === true;
	})()`
}

// offline cuts a tab's network, its service worker's too, or gives it back.
func offline(tb testing.TB, tab context.Context, off bool) {
	tb.Helper()
	emulateNetwork(tb, tab, off, 0, 0)
	workers := serviceWorkers(tb, tab)
	if len(workers) == 0 {
		tb.Fatal("the tab has no service worker to take offline")
	}
	want := map[bool]string{true: "failed", false: "ok"}[off]
	for _, w := range workers {
		emulateWorkerNetwork(tb, w, off)
		// The worker's own fetch says whether it is offline.
		got, err := chromedp.Run(w, chromedp.Evaluate[string](`fetch('/healthz', {cache: 'no-store'}).then(() => 'ok', () => 'failed')`, chromedp.EvalAwaitPromise))
		if err != nil || got != want {
			tb.Fatalf("the service worker's fetch: %q (%v), want %q", got, err, want)
		}
	}
}

// serviceWorkers are the service worker targets of a tab's browser
// context, each attached in a context of its own.
func serviceWorkers(tb testing.TB, tab context.Context) []context.Context {
	tb.Helper()
	infos, err := chromedp.Targets(tab)
	if err != nil {
		tb.Fatalf("list the targets: %v", err)
	}
	self := chromedp.FromContext(tab).Target.TargetID
	var bc string
	for _, i := range infos {
		if i.TargetID == self {
			bc = string(i.BrowserContextID)
		}
	}
	var out []context.Context
	for _, i := range infos {
		if i.Type == "service_worker" && string(i.BrowserContextID) == bc {
			w, cancel := chromedp.NewContext(tab, chromedp.WithTargetID(i.TargetID))
			tb.Cleanup(cancel)
			if err := chromedp.Do(w); err != nil {
				tb.Fatalf("attach to the service worker %s: %v", i.URL, err)
			}
			out = append(out, w)
		}
	}
	return out
}

// deployProxy stands in front of the server and plays a deploy: it can
// serve the attendee page with another version in its
// <meta name="openspace-version"> and a marker on its <main>, and /sw.js
// with another version (new bytes, so the browser installs it).
type deployProxy struct {
	*httptest.Server
	eventID string

	mu                  sync.Mutex
	page, worker, label string // "": as the server sends it
}

func newDeployProxy(tb testing.TB, origin, eventID string) *deployProxy {
	tb.Helper()
	target, err := url.Parse(origin)
	if err != nil {
		tb.Fatal(err)
	}
	p := &deployProxy{eventID: eventID}
	rp := &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			r.SetURL(target)
			r.Out.Host = r.In.Host              // the page's origin stays the proxy's
			r.Out.Header.Del("Accept-Encoding") // a body to edit, not gzip
			r.Out.Header.Del("If-None-Match")
		},
		ModifyResponse: p.rewrite,
	}
	p.Server = httptest.NewServer(rp)
	tb.Cleanup(p.Close)
	return p
}

// deploy says what to serve from now on.
func (p *deployProxy) deploy(page, worker, label string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.page, p.worker, p.label = page, worker, label
}

var (
	pageVersion   = regexp.MustCompile(`<meta name="openspace-version" content="[0-9a-f]+">`)
	workerVersion = regexp.MustCompile(`var VERSION = "[0-9a-f]+";`)
)

func (p *deployProxy) rewrite(res *http.Response) error {
	p.mu.Lock()
	page, worker, label := p.page, p.worker, p.label
	p.mu.Unlock()
	edit := func(f func([]byte) []byte) error {
		body, err := io.ReadAll(res.Body)
		res.Body.Close()
		if err != nil {
			return err
		}
		body = f(body)
		res.Body = io.NopCloser(bytes.NewReader(body))
		res.ContentLength = int64(len(body))
		res.Header.Set("Content-Length", strconv.Itoa(len(body)))
		res.Header.Del("ETag")
		return nil
	}
	switch res.Request.URL.Path {
	case "/e/" + p.eventID:
		if label == "" {
			return nil
		}
		return edit(func(b []byte) []byte {
			if page != "" {
				b = pageVersion.ReplaceAll(b, []byte(`<meta name="openspace-version" content="`+page+`">`))
			}
			return bytes.Replace(b, []byte("<main>"), []byte(`<main data-label="`+label+`">`), 1)
		})
	case "/sw.js":
		if worker == "" {
			return nil
		}
		return edit(func(b []byte) []byte { return workerVersion.ReplaceAll(b, []byte(`var VERSION = "`+worker+`";`)) })
	}
	return nil
}

// keptLabelJS reads the label of the page the worker keeps: ” when it
// keeps none, 'as served' when it keeps the server's own.
const keptLabelJS = `(async () => {
	for (const k of await caches.keys()) {
		const hit = await (await caches.open(k)).match(location.pathname);
		if (hit) return (/data-label="([^"]*)"/.exec(await hit.text()) || [, 'as served'])[1];
	}
	return '';
})()`

// TestBrowserWorkerKeepsOnlyItsVersion: the service worker keeps a page
// only if it carries the worker's own version, so that a page never
// comes from the phone with assets of another version. The proxy serves
// the attendee page with another version: the phone shows it (it came
// from the network) but its worker does not keep it. The same page with
// the worker's version is kept. The worker's cache is emptied before each
// load, so each load asks the network, and the worker keeps the page, or
// not, before the browser gets it.
func TestBrowserWorkerKeepsOnlyItsVersion(t *testing.T) {
	t.Parallel()
	sharedBrowser(t)
	const step = 20 * time.Second
	origin, _ := startApp(t)
	ev := seedEvening(t, origin, evening{
		setup: openspace.EventSetup{Title: "Meetup", Language: "en",
			Sessions: []openspace.Session{{Title: "S1", Duration: 30}}, Rooms: []openspace.Room{{Name: "A", Capacity: 20}}},
		people: []person{{name: "Ada"}}, topics: []proposal{{by: "Ada", title: "Kanban"}},
	})
	front := newDeployProxy(t, origin, ev.id)
	tab := newPerson(t, "Ada's phone")
	within(t, tab, step, "the phone opens the page and its worker keeps it",
		chromedp.Navigate(front.URL+"/e/"+ev.id),
		pageLoaded(),
		waitUntil("the service worker controls the page", `!!navigator.serviceWorker.controller`, `'no controller'`),
		waitUntil("the worker keeps the page", keptPageJS(`location.pathname`), `'not kept'`),
	)
	empty := chromedp.Evaluate[chromedp.Void](`(async () => {
		for (const k of await caches.keys()) await (await caches.open(k)).delete(location.pathname);
	})()`, chromedp.EvalAwaitPromise)
	for _, tt := range []struct {
		name, version, label, wantKept string
	}{
		{"a page of another version", "0123456789ab", "deployed", ""},
		{"a page of the worker's version", "", "same", "same"},
	} {
		front.deploy(tt.version, "", tt.label)
		within(t, tab, step, tt.name+" comes from the network",
			empty,
			chromedp.Reload(),
			pageLoaded(),
			waitUntil("the page the proxy served", `document.querySelector('main').dataset.label === `+q(tt.label), `document.querySelector('main').dataset.label`),
		)
		if got := value(t, tab, "what the worker kept", chromedp.Evaluate[string](keptLabelJS, chromedp.EvalAwaitPromise)); got != tt.wantKept {
			t.Errorf("%s: the worker kept %q, want %q", tt.name, got, tt.wantKept)
		}
	}
}

// TestBrowserPhoneTakesTheNewVersion: a deploy (new bytes at /sw.js, a
// page of the new version) reaches a phone that opens the page from its
// cache: the new worker installs, keeps the new page, drops the old cache
// and takes over, and the page reloads itself into the new version. While
// the person types, it does not: "A new version of this page is ready"
// and its button, which reloads.
func TestBrowserPhoneTakesTheNewVersion(t *testing.T) {
	t.Parallel()
	sharedBrowser(t)
	const step = 20 * time.Second
	origin, _ := startApp(t)
	ev := seedEvening(t, origin, evening{
		setup: openspace.EventSetup{Title: "Meetup", Language: "en",
			Sessions: []openspace.Session{{Title: "S1", Duration: 30}}, Rooms: []openspace.Room{{Name: "A", Capacity: 20}}},
		people: []person{{name: "Ada"}}, topics: []proposal{{by: "Ada", title: "Kanban"}},
	})
	front := newDeployProxy(t, origin, ev.id)
	tab := newPerson(t, "Ada's phone")
	if _, err := chromedp.Call(tab, network.SetCookie, network.SetCookieParams{
		Name: "os_att_" + ev.id, Value: ev.people["Ada"].token, URL: front.URL + "/"}); err != nil {
		t.Fatal(err)
	}
	version := `document.querySelector('meta[name="openspace-version"]').content`
	caches := `window.__osCaches = (caches.keys().then(k => { window.__osCacheNames = k.join(' '); }), window.__osCacheNames)`
	within(t, tab, step, "the phone opens the page and its worker keeps it",
		chromedp.Navigate(front.URL+"/e/"+ev.id),
		visible("#main-view"), pageLoaded(),
		waitUntil("the service worker controls the page", `!!navigator.serviceWorker.controller`, `'no controller'`),
		waitUntil("the worker keeps the page", keptPageJS(`location.pathname`), `'not kept'`),
	)
	first := value(t, tab, "the version", chromedp.Evaluate[string](version))

	front.deploy("0123456789ab", "0123456789ab", "v2")
	within(t, tab, step, "opened again, the page comes from the phone, then reloads into the new version",
		chromedp.Reload(),
		throughReloads(waitUntil("the new version", version+` === '0123456789ab' && document.querySelector('main').dataset.label === 'v2'`, version)),
		visible("#main-view"), pageLoaded(),
		waitUntil("only the new version's cache", caches+` === 'openspace-0123456789ab'`, `window.__osCacheNames`),
		markLoaded,
	)
	if first == "0123456789ab" {
		t.Fatalf("the first version is already %s", first)
	}

	front.deploy("0123456789ac", "0123456789ac", "v3")
	within(t, tab, step, "while Ada types, the new version waits for her",
		waitJS(`document.body.dataset.parts === 'loaded'`),
		fill("#propose-title", "Half a thought"),
		chromedp.Evaluate[chromedp.Void](`navigator.serviceWorker.getRegistration().then(r => r.update())`),
		visible("#new-version"),
		waitUntil("the button", `document.querySelector('#new-version-btn').textContent === 'Reload'`, `document.querySelector('#new-version').textContent`),
		pageNotReloaded(),
		waitJS(`document.querySelector('#propose-title').value === 'Half a thought'`),
		click("#new-version-btn"),
		throughReloads(waitUntil("the new version", version+` === '0123456789ac' && document.querySelector('main').dataset.label === 'v3'`, version)),
		visible("#main-view"),
	)
}

// throughReloads runs a wait again when the page navigated under it: a
// page that reloads itself ends the evaluations that ran in it
// (-32000 "Inspected target navigated or closed", "Cannot find context").
func throughReloads(a chromedp.Action[chromedp.Void]) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		for {
			v, err := a(ctx, t)
			if err == nil || ctx.Err() != nil || !strings.Contains(err.Error(), "(-32000)") {
				return v, err
			}
			select {
			case <-ctx.Done():
				return v, err
			case <-time.After(50 * time.Millisecond):
			}
		}
	}
}
