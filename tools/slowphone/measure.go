package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// Config is one measurement.
type Config struct {
	URL      string
	Runs     int
	Latency  time.Duration
	Rate     int // bytes per second each way; 0: unlimited
	Chromium string
}

// emulateNetworkConditions is the CDP command as Chromium 148 (Debian's)
// knows it: cdproto's newer EmulateNetworkConditionsByRule takes fields
// that Chromium refuses as invalid parameters.
var emulateNetworkConditions = cdp.Command[networkConditions, cdp.Empty]{Method: "Network.emulateNetworkConditions"}

type networkConditions struct {
	Offline            bool    `json:"offline"`
	Latency            float64 `json:"latency"`            // ms added to each request
	DownloadThroughput float64 `json:"downloadThroughput"` // bytes/s; -1: unlimited
	UploadThroughput   float64 `json:"uploadThroughput"`
}

// Visit is what one navigation measured.
type Visit struct {
	Usable   time.Duration // navigation start → first enabled vote button
	Bytes    int64         // transferred over the network (document, assets, HTTP reads; not the WebSocket)
	Requests int           // requests that went to the network
}

// usableJS records, in every new document, the moment the first enabled
// vote button is in the page, relative to the navigation's start.
const usableJS = `(() => {
	const check = () => {
		if (window.__usable) return;
		const b = document.querySelector('.vote-btn:not([disabled])');
		if (b && !b.hidden && b.offsetParent !== null) window.__usable = performance.now();
	};
	new MutationObserver(check).observe(document, {subtree: true, childList: true, attributes: true});
})()`

// transferJS sums what the navigation fetched over the network; entries
// served by a service worker or the memory cache transfer 0 bytes.
const transferJS = `(() => {
	const all = performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'));
	const net = all.filter(e => e.transferSize > 0);
	return {bytes: net.reduce((n, e) => n + e.transferSize, 0), requests: net.length};
})()`

// measure runs one fresh browser profile: a first visit, then a repeat visit.
func measure(ctx context.Context, cfg Config) (first, repeat Visit, err error) {
	eventID, cookie, err := prepare(ctx, cfg.URL)
	if err != nil {
		return first, repeat, err
	}
	dir, err := os.MkdirTemp("", "slowphone-")
	if err != nil {
		return first, repeat, err
	}
	defer os.RemoveAll(dir)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(cfg.Chromium), chromedp.UserDataDir(dir),
		chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(390, 844),
	)
	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelAlloc()
	tab, cancelTab := chromedp.NewContext(alloc)
	defer cancelTab()
	if err := chromedp.Do(tab); err != nil {
		return first, repeat, fmt.Errorf("start chromium: %w", err)
	}
	if _, err := chromedp.Call(tab, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: usableJS}); err != nil {
		return first, repeat, err
	}
	if _, err := chromedp.Call(tab, network.Enable, network.EnableParams{}); err != nil {
		return first, repeat, err
	}
	u, _ := url.Parse(cfg.URL)
	if _, err := chromedp.Call(tab, network.SetCookie, network.SetCookieParams{
		Name: "os_att_" + eventID, Value: cookie, URL: cfg.URL, Path: "/", Domain: u.Hostname(),
	}); err != nil {
		return first, repeat, fmt.Errorf("set the device cookie: %w", err)
	}
	if cfg.Latency > 0 || cfg.Rate > 0 {
		rate := float64(cfg.Rate)
		if cfg.Rate == 0 {
			rate = -1
		}
		if _, err := chromedp.Call(tab, emulateNetworkConditions, networkConditions{
			Latency: float64(cfg.Latency.Milliseconds()), DownloadThroughput: rate, UploadThroughput: rate,
		}); err != nil {
			return first, repeat, fmt.Errorf("emulate the network: %w", err)
		}
	}
	pageURL := cfg.URL + "/e/" + eventID
	if first, err = visit(tab, pageURL); err != nil {
		return first, repeat, fmt.Errorf("first visit: %w", err)
	}
	// The page installs its service worker after the first screen; a
	// phone puts the page away and opens it again a while later.
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		ready, err := chromedp.Run(tab, chromedp.Evaluate[bool](`!!(navigator.serviceWorker && navigator.serviceWorker.controller)`))
		if err != nil || ready {
			break
		}
	}
	if err := chromedp.Do(tab, chromedp.Navigate("about:blank"), chromedp.Sleep(2*time.Second)); err != nil {
		return first, repeat, err
	}
	if repeat, err = visit(tab, pageURL); err != nil {
		return first, repeat, fmt.Errorf("repeat visit: %w", err)
	}
	return first, repeat, nil
}

func visit(tab context.Context, pageURL string) (Visit, error) {
	ctx, cancel := context.WithTimeout(tab, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(pageURL)); err != nil {
		return Visit{}, err
	}
	for {
		at, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`window.__usable || 0`))
		if err != nil {
			return Visit{}, errNotUsable
		}
		if at > 0 {
			t, err := chromedp.Run(ctx, chromedp.Evaluate[struct {
				Bytes    int64 `json:"bytes"`
				Requests int   `json:"requests"`
			}](transferJS))
			if err != nil {
				return Visit{}, err
			}
			return Visit{Usable: time.Duration(at * float64(time.Millisecond)), Bytes: t.Bytes, Requests: t.Requests}, nil
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// prepare creates an event with voting open and ten topics, and joins one
// attendee; it returns the event and the attendee's device token.
func prepare(ctx context.Context, base string) (eventID, token string, err error) {
	var created struct {
		Event struct {
			ID string `json:"id"`
		} `json:"event"`
		OrganizerKey string `json:"organizer_key"`
	}
	setup := `{"title":"Slow phone","language":"fr","sessions":[{"title":"1","duration":30},{"title":"2","duration":30}],` +
		`"rooms":[{"name":"A","capacity":30},{"name":"B","capacity":30}]}`
	if err := call(ctx, "POST", base+"/api/events", setup, nil, &created); err != nil {
		return "", "", fmt.Errorf("create the event: %w", err)
	}
	ev := base + "/api/events/" + created.Event.ID
	org := http.Header{"X-Organizer-Key": {created.OrganizerKey}}
	for i := range 10 {
		body := fmt.Sprintf(`{"title":"Topic %d","description":"What we would talk about in topic %d, in a sentence or two."}`, i+1, i+1)
		if err := call(ctx, "POST", ev+"/topics", body, org, nil); err != nil {
			return "", "", fmt.Errorf("propose: %w", err)
		}
	}
	if err := call(ctx, "PATCH", ev+"/phases", `{"phase":"voting"}`, org, nil); err != nil {
		return "", "", fmt.Errorf("open voting: %w", err)
	}
	var joined struct {
		Token string `json:"token"`
	}
	if err := call(ctx, "POST", ev+"/join", `{"name":"Slow phone"}`, nil, &joined); err != nil {
		return "", "", fmt.Errorf("join: %w", err)
	}
	return created.Event.ID, joined.Token, nil
}

func call(ctx context.Context, method, u, body string, h http.Header, out any) error {
	req, err := http.NewRequestWithContext(ctx, method, u, strings.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	for k, v := range h {
		req.Header[k] = v
	}
	origin, _ := url.Parse(u)
	req.Header.Set("Origin", origin.Scheme+"://"+origin.Host)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode >= 300 {
		return fmt.Errorf("%s %s: %d %s", method, u, resp.StatusCode, data)
	}
	if out != nil {
		return json.Unmarshal(data, out)
	}
	return nil
}
