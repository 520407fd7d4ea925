package main

import (
	"context"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// Chromium's network emulation, as this Chromium (148) speaks it: its
// Network.emulateNetworkConditionsByRule takes a required "offline" beside
// the rules, which cdproto v0.159.0 does not have (it has the later
// emulateOfflineServiceWorker instead), so the command is declared here
// with the shape the browser expects.

// networkRule is one NetworkConditions of the protocol; an empty URL
// pattern matches every request.
type networkRule struct {
	URLPattern         string  `json:"urlPattern"`
	Latency            float64 `json:"latency"`            // ms before the response headers
	DownloadThroughput float64 `json:"downloadThroughput"` // bytes/s; -1: no limit
	UploadThroughput   float64 `json:"uploadThroughput"`   // bytes/s; -1: no limit
}

type networkRules struct {
	Offline bool          `json:"offline"`
	Rules   []networkRule `json:"matchedNetworkConditions"`
}

var emulateNetworkByRule = cdp.Command[networkRules, network.EmulateNetworkConditionsByRuleResult]{
	Method: network.CommandEmulateNetworkConditionsByRule,
}

// emulateNetwork puts a tab on the given network: its requests are
// throttled (or refused, offline) and navigator.onLine and
// navigator.connection say so. latency in ms, throughput in bytes/s (0:
// no limit).
func emulateNetwork(tb testing.TB, tab context.Context, offline bool, latency, throughput float64) {
	tb.Helper()
	if throughput == 0 {
		throughput = -1
	}
	if _, err := chromedp.Call(tab, network.Enable, network.EnableParams{}); err != nil {
		tb.Fatalf("network.enable: %v", err)
	}
	rule := networkRule{Latency: latency, DownloadThroughput: throughput, UploadThroughput: throughput}
	if _, err := chromedp.Call(tab, emulateNetworkByRule, networkRules{Offline: offline, Rules: []networkRule{rule}}); err != nil {
		tb.Fatalf("emulate the network (offline %v, %v ms, %v B/s): %v", offline, latency, throughput, err)
	}
	if _, err := chromedp.Call(tab, network.OverrideNetworkState, network.OverrideNetworkStateParams{
		Offline: offline, Latency: latency, DownloadThroughput: throughput, UploadThroughput: throughput,
	}); err != nil {
		tb.Fatalf("override the network state (offline %v): %v", offline, err)
	}
}

// emulateWorkerNetwork cuts a service worker's network (its own fetches,
// which the tab's emulation does not cover), or gives it back.
func emulateWorkerNetwork(tb testing.TB, worker context.Context, offline bool) {
	tb.Helper()
	if _, err := chromedp.Call(worker, network.Enable, network.EnableParams{}); err != nil {
		tb.Fatalf("network.enable on the worker: %v", err)
	}
	rule := networkRule{DownloadThroughput: -1, UploadThroughput: -1}
	if _, err := chromedp.Call(worker, emulateNetworkByRule, networkRules{Offline: offline, Rules: []networkRule{rule}}); err != nil {
		tb.Fatalf("emulate the worker's network (offline %v): %v", offline, err)
	}
}
