package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// The browser tests share one headless Chromium per test binary. TestMain
// prepares its allocator; the first test that asks for a browser starts it
// (so `go test -run TestSchedule .` starts none), and TestMain stops it
// after the last test. Each person of a test gets a tab in a browser
// context of their own: their own cookies and storage, like a separate
// phone or laptop, and nothing leaks from one test to the next.
var chrome struct {
	path string // "" when no Chromium was found

	alloc       context.Context
	cancelAlloc context.CancelFunc

	once          sync.Once
	browser       context.Context // the first tab; its browser is shared
	cancelBrowser context.CancelFunc
	err           error
}

func TestMain(m *testing.M) {
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			chrome.path = p
			break
		}
	}
	if chrome.path != "" {
		dir, err := os.MkdirTemp("", "openspace-chromium-")
		if err != nil {
			fmt.Fprintln(os.Stderr, "chromium profile:", err)
			return 1
		}
		defer os.RemoveAll(dir)
		opts := append(chromedp.DefaultExecAllocatorOptions[:],
			chromedp.ExecPath(chrome.path),
			chromedp.UserDataDir(dir),
			chromedp.NoSandbox, // the tests run as root
			chromedp.DisableGPU,
			chromedp.NoFirstRun,
			chromedp.Flag("disable-quic", true),
			chromedp.Flag("disable-background-networking", true),
			chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-sync", true),
			chromedp.WindowSize(1280, 900),
		)
		chrome.alloc, chrome.cancelAlloc = chromedp.NewExecAllocator(context.Background(), opts...)
		defer func() {
			if chrome.cancelBrowser != nil {
				chrome.cancelBrowser()
			}
			chrome.cancelAlloc()
		}()
	}
	return m.Run()
}

// sharedBrowser is the test binary's Chromium, started on first use.
// Locally a missing browser skips the test; in CI (CI=true) it fails it,
// so that a green CI run means the browser tests ran.
func sharedBrowser(tb testing.TB) context.Context {
	tb.Helper()
	if chrome.path == "" {
		if os.Getenv("CI") == "true" {
			tb.Fatal("no Chromium found and CI=true: install it (apt-get install -y chromium)")
		}
		tb.Skip("no Chromium found: install it with `apt-get install -y chromium` to run the browser tests")
	}
	chrome.once.Do(func() {
		chrome.browser, chrome.cancelBrowser = chromedp.NewContext(chrome.alloc)
		chrome.err = chromedp.Do(chrome.browser) // starts the browser, with no timeout
	})
	if chrome.err != nil {
		tb.Fatalf("start chromium: %v", chrome.err)
	}
	return chrome.browser
}

// tabKey finds a tab's record in the context that newPerson returns.
type tabKey struct{}

// tabRecord is what a failure report tells about a person's tab besides
// its DOM: whose it is and what the page wrote to its console.
type tabRecord struct {
	name  string
	start time.Time

	mu      sync.Mutex
	console []string
	dropped int
}

const keepConsoleLines = 200

func (r *tabRecord) logLine(s string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.console) == keepConsoleLines {
		r.console = r.console[1:]
		r.dropped++
	}
	r.console = append(r.console, s)
}

func (r *tabRecord) consoleText() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.console) == 0 {
		return "  (nothing)"
	}
	var b strings.Builder
	if r.dropped > 0 {
		fmt.Fprintf(&b, "  … %d earlier lines\n", r.dropped)
	}
	for _, l := range r.console {
		b.WriteString("  " + l + "\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

// newPerson opens a tab for one person (Ada's phone, the projector…) in a
// browser context of its own. Its console (console API calls, uncaught
// exceptions, browser log entries) is recorded for failure reports.
func newPerson(tb testing.TB, name string) context.Context {
	tb.Helper()
	ctx, cancel := chromedp.NewContext(sharedBrowser(tb), chromedp.WithNewBrowserContext())
	tb.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil { // creates the tab
		tb.Fatalf("%s's tab: %v", name, err)
	}
	rec := &tabRecord{name: name, start: time.Now()}
	messages := chromedp.Console(ctx) // subscribes now, before any page loads
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			line := fmt.Sprintf("+%.3fs %s", time.Since(rec.start).Seconds(), m)
			if m.URL != "" {
				line += fmt.Sprintf(" (%s:%d)", m.URL, m.Line+1)
			}
			rec.logLine(line)
		}
	}()
	return context.WithValue(ctx, tabKey{}, rec)
}

// speaks sets the browser language of a tab (navigator.language and the
// Accept-Language header), like a browser installed in that language.
// Call it before the first navigation.
func speaks(tb testing.TB, tab context.Context, languages string) {
	tb.Helper()
	ua := value(tb, tab, "read the user agent", chromedp.Evaluate[string](`navigator.userAgent`))
	if _, err := chromedp.Call(tab, emulation.SetUserAgentOverride, emulation.SetUserAgentOverrideParams{
		UserAgent: ua, AcceptLanguage: languages,
	}); err != nil {
		tb.Fatalf("set the browser language to %s: %v", languages, err)
	}
}

// serverClockAhead makes a tab see the server's clock d later than it is:
// the clock answers on its WebSockets carry a later "now", so live.now()
// and every countdown run ahead by d. A test of what happens at the end of
// a session or a pitch sees it without waiting. Call it before the first
// navigation.
func serverClockAhead(tb testing.TB, tab context.Context, d time.Duration) {
	tb.Helper()
	src := fmt.Sprintf(`(() => {
		const Real = window.WebSocket, ahead = %d;
		const onmessage = Object.getOwnPropertyDescriptor(Real.prototype, 'onmessage');
		function Skewed(url, protocols) {
			const ws = protocols === undefined ? new Real(url) : new Real(url, protocols);
			Object.defineProperty(ws, 'onmessage', {
				get() { return onmessage.get.call(ws); },
				set(fn) {
					onmessage.set.call(ws, fn && function (ev) {
						let data = ev.data;
						try { const m = JSON.parse(data); if (m.type === 'clock') { m.now += ahead; data = JSON.stringify(m); } } catch (e) { /* not JSON */ }
						return fn.call(ws, {data: data});
					});
				},
			});
			return ws;
		}
		Skewed.prototype = Real.prototype;
		Object.assign(Skewed, {CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3});
		window.WebSocket = Skewed;
	})()`, d.Milliseconds())
	if _, err := chromedp.Call(tab, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: src}); err != nil {
		tb.Fatalf("skew the server clock: %v", err)
	}
}

// within runs actions with a deadline, so that a page that never shows
// what the test waits for fails the test instead of hanging it. A failure
// says which step failed and prints the page and its console.
func within(tb testing.TB, tab context.Context, d time.Duration, what string, actions ...chromedp.Action[chromedp.Void]) {
	tb.Helper()
	tctx, cancel := context.WithTimeout(tab, d)
	defer cancel()
	for i, a := range actions {
		if err := chromedp.Do(tctx, a); err != nil {
			step := ""
			if len(actions) > 1 {
				step = fmt.Sprintf(" (step %d of %d)", i+1, len(actions))
			}
			tb.Fatalf("%s%s: %v\n%s", what, step, err, pageReport(tab))
		}
	}
}

// value runs one action that reads something from the page, with the
// same deadline and failure report as within.
func value[T any](tb testing.TB, tab context.Context, what string, action chromedp.Action[T]) T {
	tb.Helper()
	tctx, cancel := context.WithTimeout(tab, 20*time.Second)
	defer cancel()
	v, err := chromedp.Run(tctx, action)
	if err != nil {
		tb.Fatalf("%s: %v\n%s", what, err, pageReport(tab))
	}
	return v
}

// pageReport describes a person's page for a failure message: its
// address, its DOM (scripts and styles left out, hidden parts folded,
// trimmed) and its console.
func pageReport(tab context.Context) string {
	rec, _ := tab.Value(tabKey{}).(*tabRecord)
	name := "the"
	if rec != nil {
		name = rec.name + "'s"
	}
	ctx, cancel := context.WithTimeout(tab, 5*time.Second)
	defer cancel()
	var b strings.Builder
	dump, err := chromedp.Run(ctx, chromedp.Evaluate[struct {
		URL  string `json:"url"`
		HTML string `json:"html"`
	}](domOutlineJS))
	if err != nil {
		fmt.Fprintf(&b, "--- %s page: could not be read: %v\n", name, err)
	} else {
		fmt.Fprintf(&b, "--- %s page at %s:\n%s\n", name, dump.URL, trimLines(dump.HTML, 250, 16000))
	}
	if rec != nil {
		fmt.Fprintf(&b, "--- %s console:\n%s\n", name, rec.consoleText())
	}
	b.WriteString("---")
	return b.String()
}

// trimLines keeps at most maxLines lines and maxBytes bytes of s.
func trimLines(s string, maxLines, maxBytes int) string {
	lines := strings.Split(s, "\n")
	cut := 0
	if len(lines) > maxLines {
		cut = len(lines) - maxLines
		lines = lines[:maxLines]
	}
	out := strings.Join(lines, "\n")
	if len(out) > maxBytes {
		out = strings.ToValidUTF8(out[:maxBytes], "")
		cut = -1
	}
	switch {
	case cut > 0:
		out += fmt.Sprintf("\n  … %d more lines", cut)
	case cut < 0:
		out += "\n  … (cut)"
	}
	return out
}

// domOutlineJS writes the body as indented HTML: one line per block
// element, inline content kept on its line, the current value of form
// fields as attributes, scripts, styles and SVG left out, and the content
// of hidden elements folded to "…".
const domOutlineJS = `(() => {
	const skip = new Set(['script', 'style', 'svg', 'link', 'meta', 'noscript', 'template']);
	const inline = new Set(['a', 'abbr', 'b', 'br', 'button', 'code', 'em', 'i', 'img', 'input', 'kbd', 'label', 'option', 'q', 's', 'select', 'small', 'span', 'strong', 'sub', 'sup', 'textarea', 'time', 'u']);
	const field = el => ['input', 'textarea', 'select'].includes(el.localName);
	const esc = s => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
	const text = s => esc(s.replace(/\s+/g, ' '));
	const open = el => {
		let s = '<' + el.localName;
		for (const a of el.attributes) {
			if (a.name === 'value' && field(el)) continue;
			s += ' ' + a.name + (a.value === '' ? '' : '="' + esc(a.value) + '"');
		}
		if (el.localName === 'input' && (el.type === 'checkbox' || el.type === 'radio')) {
			if (el.checked) s += ' :checked';
		} else if (field(el)) {
			s += ' :value="' + esc(String(el.value)) + '"';
		}
		return s + '>';
	};
	const flat = el => {
		if (skip.has(el.localName)) return '';
		if (el.localName === 'input' || el.localName === 'img' || el.localName === 'br') return open(el);
		if (el.hidden) return open(el) + '…</' + el.localName + '>';
		let s = open(el);
		for (const n of el.childNodes) s += n.nodeType === 1 ? flat(n) : n.nodeType === 3 ? text(n.textContent) : '';
		return s + '</' + el.localName + '>';
	};
	const isBlock = n => n.nodeType === 1 && !skip.has(n.localName) && !inline.has(n.localName);
	const out = [];
	const walk = (el, pad) => {
		if (skip.has(el.localName)) return;
		const kids = [...el.childNodes].filter(n => n.nodeType === 1 ? !skip.has(n.localName) : n.nodeType === 3 && n.textContent.trim());
		if (el.hidden || !kids.some(isBlock)) { out.push(pad + flat(el)); return; }
		out.push(pad + open(el));
		let line = '';
		const flush = () => { if (line.trim()) out.push(pad + '  ' + line.trim()); line = ''; };
		for (const n of kids) {
			if (isBlock(n)) { flush(); walk(n, pad + '  '); }
			else line += n.nodeType === 1 ? flat(n) : text(n.textContent);
		}
		flush();
		out.push(pad + '</' + el.localName + '>');
	};
	walk(document.body || document.documentElement, '');
	return {url: location.href, html: out.join('\n')};
})()`

// waitJS waits until a JavaScript expression is truthy in the page. An
// expression that throws (an element not there yet) counts as false; the
// last exception is in the error if the wait fails.
func waitJS(expr string) chromedp.Action[chromedp.Void] {
	return waitUntil("", expr, "")
}

// waitUntil is waitJS with a description of the condition for the error
// and, when saw is not empty, an expression whose value tells what the
// page showed instead.
func waitUntil(desc, expr, saw string) chromedp.Action[chromedp.Void] {
	if desc == "" {
		desc = shorten(expr)
	}
	poll := chromedp.Poll[chromedp.Void](`(() => { try { return (`+expr+`); } catch (e) { window.__osWaitError = String(e); return false; } })()`,
		chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(0))
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		v, err := poll(ctx, t)
		if err == nil {
			return v, nil
		}
		msg := "waiting for " + desc
		lctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
		defer cancel()
		if saw != "" {
			if got, err := chromedp.Evaluate[string](`(() => { try { return String(`+saw+`); } catch (e) { return 'an error: ' + e; } })()`)(lctx, t); err == nil {
				msg += "; the page shows " + got
			}
		}
		if last, _ := chromedp.Evaluate[string](`String(window.__osWaitError || '')`)(lctx, t); last != "" {
			msg += " (the condition last threw " + last + ")"
		}
		return v, fmt.Errorf("%s: %w", msg, err)
	}
}

// visible waits until the element a CSS selector finds is visible.
func visible(sel string) chromedp.Action[chromedp.Void] {
	return explain("waiting for "+sel+" to be visible", chromedp.WaitVisible(chromedp.CSS(sel)))
}

// explain puts what an action was doing in front of its error.
func explain(what string, a chromedp.Action[chromedp.Void]) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		v, err := a(ctx, t)
		if err != nil {
			err = fmt.Errorf("%s: %w", what, err)
		}
		return v, err
	}
}

func shorten(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return s
}

// click clicks the element a CSS selector finds, as a person does; see
// clickOn.
func click(sel string) chromedp.Action[chromedp.Void] {
	return clickOn(sel, `document.querySelector(`+q(sel)+`)`)
}

// clickOn clicks the element that a JavaScript expression gives, as a
// person does: once it is on the page, visible, enabled and no longer
// moving, with a real mouse click at its centre. A guard in the page
// checks where the press and release land: if the page moved under the
// pointer and the click would hit another element, the guard swallows it
// (no handler sees it) and the click is tried again, until the deadline.
func clickOn(what, elementJS string) chromedp.Action[chromedp.Void] {
	aim := chromedp.Evaluate[clickAim](`(async () => {
		let el;
		try { el = (`+elementJS+`); } catch (e) { return {why: 'not on the page (' + e + ')'}; }
		if (!el) return {why: 'not on the page'};
		if (el.disabled) return {why: 'disabled'};
		if (el.scrollIntoViewIfNeeded) el.scrollIntoViewIfNeeded(true); else el.scrollIntoView({block: 'center'});
		const frame = () => new Promise(r => { requestAnimationFrame(() => r()); setTimeout(r, 100); });
		const box = () => { const b = el.getBoundingClientRect(); return [b.left, b.top, b.width, b.height].join(' '); };
		await frame();
		const before = box();
		await frame();
		if (box() !== before) return {why: 'still moving'};
		const r = el.getBoundingClientRect();
		if (!r.width || !r.height || getComputedStyle(el).visibility === 'hidden') return {why: 'not visible'};
		const x = r.left + r.width / 2, y = r.top + r.height / 2;
		const describe = n => n ? '<' + n.localName + (n.id ? '#' + n.id : '') + (n.className && typeof n.className === 'string' ? '.' + n.className.trim().split(/\s+/).join('.') : '') + '> ' + JSON.stringify((n.textContent || '').trim().slice(0, 40)) : 'nothing';
		const inside = n => n === el || el.contains(n);
		const hit = document.elementFromPoint(x, y);
		if (!inside(hit)) return {why: 'covered by ' + describe(hit)};
		const types = ['pointerdown', 'mousedown', 'pointerup', 'mouseup', 'click'];
		const g = {missed: ''};
		g.handler = e => {
			if (e.type !== 'click' && !inside(e.target) && !g.missed) g.missed = 'the click landed on ' + describe(e.target);
			if (g.missed) { e.preventDefault(); e.stopImmediatePropagation(); }
		};
		g.done = () => { types.forEach(t => window.removeEventListener(t, g.handler, true)); delete window.__osClickGuard; return g.missed; };
		if (window.__osClickGuard) window.__osClickGuard.done();
		window.__osClickGuard = g;
		types.forEach(t => window.addEventListener(t, g.handler, true));
		return {ready: true, x, y};
	})()`, chromedp.EvalAwaitPromise)
	done := chromedp.Evaluate[string](`window.__osClickGuard ? window.__osClickGuard.done() : ''`)
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		var why string
		for {
			a, err := aim(ctx, t)
			switch {
			case ctx.Err() != nil:
			case err != nil: // a page still loading: try again
				why = err.Error()
			case !a.Ready:
				why = a.Why
			default:
				if _, err := chromedp.MouseClickXY(a.X, a.Y)(ctx, t); err != nil {
					return chromedp.Void{}, fmt.Errorf("click %s: %w", what, err)
				}
				missed, err := done(ctx, t)
				if ctx.Err() != nil {
					return chromedp.Void{}, fmt.Errorf("click %s: %w", what, ctx.Err())
				}
				if err != nil || missed == "" {
					// Landed; or the page went away while the guard was
					// read back, which only the click can have done (it
					// followed a link).
					return chromedp.Void{}, nil
				}
				why = missed + ", swallowed"
			}
			select {
			case <-ctx.Done():
				return chromedp.Void{}, fmt.Errorf("click %s: %s: %w", what, why, ctx.Err())
			case <-time.After(50 * time.Millisecond):
			}
		}
	}
}

type clickAim struct {
	Ready bool    `json:"ready"`
	Why   string  `json:"why"`
	X     float64 `json:"x"`
	Y     float64 `json:"y"`
}

// fill replaces the text of a field the way a person does: it selects
// what is there and types over it, so the page sees its input events.
func fill(sel, text string) chromedp.Action[chromedp.Void] {
	return explain("fill "+sel, chromedp.Steps(
		chromedp.WaitVisible(chromedp.CSS(sel)),
		chromedp.Evaluate[chromedp.Void](`(() => { const el = document.querySelector(`+q(sel)+`); el.focus(); el.select(); })()`),
		chromedp.SendKeys(chromedp.CSS(sel), text),
	))
}

// choose picks an option of a select by its value, with the input and
// change events a person's choice fires.
func choose(sel, value string) chromedp.Action[chromedp.Void] {
	return explain("choose "+value+" in "+sel, chromedp.Steps(
		chromedp.WaitVisible(chromedp.CSS(sel)),
		waitJS(`[...document.querySelector(`+q(sel)+`).options].some(o => o.value === `+q(value)+`)`),
		chromedp.Evaluate[chromedp.Void](`(() => {
			const el = document.querySelector(`+q(sel)+`);
			el.value = `+q(value)+`;
			el.dispatchEvent(new Event('input', {bubbles: true}));
			el.dispatchEvent(new Event('change', {bubbles: true}));
		})()`),
	))
}

// settled waits until the page has stopped moving: fonts and images
// loaded, no animation or transition running. For screenshots.
func settled() chromedp.Action[chromedp.Void] {
	return waitJS(`document.fonts.status === 'loaded' && [...document.images].every(i => i.complete) && document.getAnimations().every(a => a.playState !== 'running')`)
}

// eventually checks cond until it holds or d has passed; cond says what
// it saw, for the failure message. For API state, which has no page to poll.
func eventually(tb testing.TB, d time.Duration, what string, cond func() (bool, string)) {
	tb.Helper()
	deadline := time.Now().Add(d)
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		ok, saw := cond()
		if ok {
			return
		}
		if time.Now().After(deadline) {
			tb.Fatalf("%s: still %s after %v", what, saw, d)
		}
		<-tick.C
	}
}

// The pages' rows, found by what they read, as a person finds them.

// phoneTopic is the attendee page's topic titled title.
func phoneTopic(title string) string {
	return `[...document.querySelectorAll('#topics li[data-topic-id]')].find(li => li.querySelector('.title').textContent === ` + q(title) + `)`
}

// consoleTopic is the organizer console's topic row titled title.
func consoleTopic(title string) string {
	return `[...document.querySelectorAll('#org-topics li[data-topic-id]')].find(li => li.querySelector('.title').textContent === ` + q(title) + `)`
}

// trayChip is the console's unplaced chip of the topic titled title.
func trayChip(title string) string {
	return `[...document.querySelectorAll('#unplaced button.chip[data-topic-id]')].find(b => b.firstChild && b.firstChild.textContent === ` + q(title) + `)`
}

// votesText is how the pages count votes, in English.
func votesText(n int) string {
	if n == 1 {
		return "1 vote"
	}
	return strconv.Itoa(n) + " votes"
}

// inside is the first element matching css inside the element el.
func inside(el, css string) string { return `(` + el + `).querySelector(` + q(css) + `)` }

// pageLoaded waits until an event page shows its event: the live
// snapshot has arrived and the layout no longer jumps when it does; on a
// page that loads parts after its first screen (body[data-later]), they
// have come too.
func pageLoaded() chromedp.Action[chromedp.Void] {
	return waitJS(`document.querySelector('#event-title').textContent.trim() !== '' && (!document.body.dataset.later || document.body.dataset.parts === 'loaded')`)
}

// markLoaded tags the page's window; pageNotReloaded checks the tag is still
// there, which proves that what the test saw arrived live, not by a reload.
var markLoaded = chromedp.Evaluate[chromedp.Void](`window.__openspaceNoReload = true`)

func pageNotReloaded() chromedp.Action[chromedp.Void] {
	return waitJS(`window.__openspaceNoReload === true`)
}

// q quotes a Go string as a JavaScript string literal.
func q(s string) string { return strconv.Quote(s) }

// jsJSON is v in JSON, as JavaScript's JSON.stringify writes it.
func jsJSON(v any) string {
	data, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(data)
}
