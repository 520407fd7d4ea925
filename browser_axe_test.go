package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// axeViolation is one rule axe-core finds broken on a page.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target []any  `json:"target"`
		HTML   string `json:"html"`
	} `json:"nodes"`
}

// checkAccessibility runs axe-core (testdata/axe, from the npm registry)
// on the page the tab shows and fails the test on every serious or
// critical violation: what keeps a screen-reader or keyboard user, or
// someone reading a projector from the back, from using the page.
func checkAccessibility(tb testing.TB, tab context.Context, what string) {
	tb.Helper()
	src, err := os.ReadFile("testdata/axe/axe.min.js")
	if err != nil {
		tb.Fatal(err)
	}
	within(tb, tab, 20*time.Second, what+": load axe-core",
		chromedp.Evaluate[chromedp.Void](`if (!window.axe) { `+string(src)+` }`))
	raw := value(tb, tab, what+": run axe-core", chromedp.Evaluate[string](
		`axe.run(document, {resultTypes: ['violations']}).then(r => JSON.stringify(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')))`,
		chromedp.EvalAwaitPromise))
	var found []axeViolation
	if err := json.Unmarshal([]byte(raw), &found); err != nil {
		tb.Fatalf("%s: axe-core answered %q: %v", what, raw, err)
	}
	for _, v := range found {
		var nodes []string
		for i, n := range v.Nodes {
			if i == 5 {
				nodes = append(nodes, fmt.Sprintf("… %d more", len(v.Nodes)-5))
				break
			}
			nodes = append(nodes, fmt.Sprintf("%v %s", n.Target, shorten(n.HTML)))
		}
		tb.Errorf("%s: %s (%s): %s\n\t%s", what, v.ID, v.Impact, v.Help, strings.Join(nodes, "\n\t"))
	}
}

// TestAccessibilityInEachPhase walks the seed's evening through every
// phase and checks the home page, a phone, the projector and the console
// in each, in the event's language, with axe-core.
func TestAccessibilityInEachPhase(t *testing.T) {
	t.Parallel()
	const step = 20 * time.Second
	base, _ := startApp(t)
	ev := seedEvening(t, base, parisDevOps())

	home := newPerson(t, "the home page")
	within(t, home, step, "open the home page", chromedp.Navigate(base+"/"), visible("#create-form"))
	checkAccessibility(t, home, "home")

	phone := newPerson(t, "Camille's phone")
	within(t, phone, step, "open the join link",
		chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch),
		chromedp.Navigate(base+"/j/"+ev.code), visible("#join-form"), pageLoaded())
	checkAccessibility(t, phone, "the join form")
	within(t, phone, step, "Camille joins",
		fill("#join-name", "Camille"), click("#answer-0"), click("#join-submit"), visible("#main-view"))

	projector := newPerson(t, "the projector")
	within(t, projector, step, "open the projector",
		chromedp.EmulateViewport(1920, 1080), chromedp.Navigate(base+"/p/"+ev.id))
	console := newPerson(t, "the console")
	within(t, console, step, "open the console",
		chromedp.EmulateViewport(1440, 900), chromedp.Navigate(base+ev.organizerURL))

	sessions := ev.event.Sessions
	for _, phase := range []string{"welcome", "marketplace", "voting", "plan", "sessions", "wrapup", "closed"} {
		switch phase {
		case "plan":
			apiCall(t, base, ev.organizer, "POST", ev.path("/draft/propose"), nil, nil)
			apiCall(t, base, ev.organizer, "POST", ev.path("/publish"), nil, nil)
		case "sessions":
			apiCall(t, base, ev.organizer, "POST", ev.path("/sessions/"+sessions[0].ID+"/start"), nil, nil)
		}
		apiCall(t, base, ev.organizer, "PATCH", ev.path("/phases"), map[string]string{"phase": phase}, nil)
		for _, s := range []struct {
			name string
			tab  context.Context
		}{{"the phone", phone}, {"the projector", projector}, {"the console", console}} {
			within(t, s.tab, step, s.name+" shows the "+phase+" phase",
				waitJS(`document.body.dataset.phase === `+q(phase)))
			checkAccessibility(t, s.tab, s.name+" in the "+phase+" phase")
		}
	}
}
