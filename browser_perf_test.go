package main

import (
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// TestMeasureAttendePageOnASlowNetwork measures, with Chromium's network
// emulation (400 ms latency, 50,000 bytes/s each way), how long a joined
// attendee's page takes to become usable (a vote button present and
// enabled) on a first visit (empty cache) and on a repeat visit, and lists
// the requests of each. A measure, not an assertion: it runs only with
// OPENSPACE_MEASURE=1 and writes its figures to the test log (-v). See
// docs/OFFLINE.md, "Measured on a slow network".
func TestMeasureAttendePageOnASlowNetwork(t *testing.T) {
	if os.Getenv("OPENSPACE_MEASURE") == "" {
		t.Skip("a measure: set OPENSPACE_MEASURE=1 (and -v) to run it")
	}
	sharedBrowser(t)
	base, _ := startApp(t)
	e := parisDevOps()
	e.publish, e.grid = false, nil
	ev := seedEvening(t, base, e)
	apiCall(t, base, ev.organizer, "PATCH", ev.path("/phases"), map[string]any{"phase": "voting"}, nil)
	ada := ev.join(t, "Ada", "Dev")

	tab := newPerson(t, "Ada's phone")
	usable := `(() => {
		const check = () => {
			const b = document.querySelector('#topics .vote-btn');
			if (!window.__titleAt && document.querySelector('#event-title') && document.querySelector('#event-title').textContent) window.__titleAt = performance.now();
			if (!window.__mainAt && document.querySelector('#main-view') && !document.querySelector('#main-view').hidden) window.__mainAt = performance.now();
			if (b && !b.disabled && !b.hidden && b.offsetParent) { window.__usableAt = performance.now(); return; }
			setTimeout(check, 5);
		};
		check();
	})()`
	if _, err := chromedp.Call(tab, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: usable}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(tab, network.SetCookie, network.SetCookieParams{Name: "os_att_" + ev.id, Value: ada.token, URL: base + "/"}); err != nil {
		t.Fatal(err)
	}
	emulateNetwork(t, tab, false, 400, 50000)
	// Every request the browser sends, from the page or its worker, counted
	// by path: a fetch that reuses a preload sends none of its own.
	var mu sync.Mutex
	sent := map[string]int{}
	if err := chromedp.Listen(tab, func(ev any) {
		if e, ok := ev.(*network.EventRequestWillBeSent); ok {
			mu.Lock()
			sent[strings.TrimPrefix(e.Request.URL, base)]++
			mu.Unlock()
		}
	}); err != nil {
		t.Fatal(err)
	}
	visit := func(name string) {
		t.Helper()
		within(t, tab, time.Minute, name,
			chromedp.Navigate(base+"/e/"+ev.id),
			waitJS(`window.__usableAt > 0`),
		)
		// Let the page finish what it does after the first screen (later
		// parts, the service worker, the saved state) before reading.
		within(t, tab, time.Minute, name+": settle", chromedp.Sleep(3*time.Second))
		type entry struct {
			Name     string  `json:"name"`
			Start    float64 `json:"start"`
			End      float64 `json:"end"`
			Transfer float64 `json:"transfer"`
		}
		got := value(t, tab, name+": timings", chromedp.Evaluate[struct {
			Usable  float64 `json:"usable"`
			Title   float64 `json:"title"`
			Main    float64 `json:"main"`
			DCL     float64 `json:"dcl"`
			Doc     entry   `json:"doc"`
			Entries []entry `json:"entries"`
		}](`(() => {
			const n = performance.getEntriesByType('navigation')[0];
			const e = x => ({name: x.name.replace(location.origin, ''), start: x.startTime, end: x.responseEnd, transfer: x.transferSize});
			return {usable: window.__usableAt, title: window.__titleAt || 0, main: window.__mainAt || 0, dcl: n.domContentLoadedEventStart, doc: e(n), entries: performance.getEntriesByType('resource').map(e)};
		})()`))
		var b strings.Builder
		total := got.Doc.Transfer
		fmt.Fprintf(&b, "%s: usable after %.0f ms (DOMContentLoaded %.0f ms, title %.0f ms, main view %.0f ms)\n", name, got.Usable, got.DCL, got.Title, got.Main)
		fmt.Fprintf(&b, "  %6.0f → %6.0f ms  %6.0f B  %s\n", got.Doc.Start, got.Doc.End, got.Doc.Transfer, got.Doc.Name)
		for _, x := range got.Entries {
			fmt.Fprintf(&b, "  %6.0f → %6.0f ms  %6.0f B  %s\n", x.Start, x.End, x.Transfer, x.Name)
			if x.End <= got.Usable {
				total += x.Transfer
			}
		}
		fmt.Fprintf(&b, "  bytes received before usable (the document, and what ended before): %.0f\n", total)
		mu.Lock()
		for path, n := range sent {
			if n > 1 {
				fmt.Fprintf(&b, "  %s sent %d times\n", path, n)
			}
		}
		clear(sent)
		mu.Unlock()
		t.Log(b.String())
	}
	visit("first visit")
	visit("repeat visit")
}
