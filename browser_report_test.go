package main

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"openspace/openspace"
)

// TestBrowserConsoleFollowsVotesWithoutFetching: while voting is open, the
// organizer's console shows each vote's effect on the draft's score as it
// comes on the organizer stream. The console sends no request while people
// vote: the report is the server's push, computed once for every console,
// not a fetch by each console after each vote.
func TestBrowserConsoleFollowsVotesWithoutFetching(t *testing.T) {
	t.Parallel()
	base, _ := startApp(t)
	const step = 20 * time.Second
	e := evening{
		setup: openspace.EventSetup{Title: "Votes evening", Language: "en", DotBudget: 2,
			Sessions: []openspace.Session{{Title: "Session 1", Duration: 30}, {Title: "Session 2", Duration: 30}},
			Rooms:    []openspace.Room{{Name: "Salle A", Capacity: 10}}},
		people: []person{{name: "Ada"}, {name: "Bob"}, {name: "Cyd"}},
		topics: []proposal{{by: "Ada", title: "Puppet"}, {by: "Bob", title: "Fabric"}},
		grid:   [][]string{{"Puppet"}, {"Fabric"}},
	}
	ev := seedEvening(t, base, e)

	org := newPerson(t, "the organizer")
	var mu sync.Mutex
	var requests []string // what the console asked the server for, in order
	if err := chromedp.Listen(org, func(msg any) {
		if r, ok := msg.(*network.EventRequestWillBeSent); ok && strings.Contains(r.Request.URL, "/api/") {
			mu.Lock()
			requests = append(requests, r.Request.Method+" "+r.Request.URL)
			mu.Unlock()
		}
	}); err != nil {
		t.Fatal(err)
	}
	attended := func(n int) chromedp.Action[chromedp.Void] {
		return waitUntil(fmt.Sprintf("the score shows %d wishes honoured", n),
			`document.querySelector('#plan-score') && document.querySelector('#plan-score').dataset.attended === '`+strconv.Itoa(n)+`'`,
			`document.querySelector('#plan-score') && document.querySelector('#plan-score').textContent`)
	}
	// Before any vote, Ada and Bob are seated in the topic each hosts.
	within(t, org, step, "open the console: nobody has voted",
		chromedp.Navigate(base+ev.organizerURL),
		visible("#org-main"),
		click("#lang-en"),
		waitJS(`document.querySelector('#conn-status').dataset.status === 'live'`),
		attended(2),
	)
	mu.Lock()
	loaded := len(requests)
	opened := strings.Join(requests, "\n")
	mu.Unlock()
	if !strings.Contains(opened, "/api/events/"+ev.id+"/organizer") {
		t.Fatalf("the request listener saw no read of the organizer state while the console opened:\n%s", opened)
	}

	votes := []struct {
		by     string
		topics []string
		want   int
	}{
		{"Cyd", []string{"Puppet"}, 3},
		{"Ada", []string{"Fabric"}, 4},
		{"Bob", []string{"Puppet", "Fabric"}, 5}, // his dot on Fabric, which he hosts, adds no seat
	}
	for _, v := range votes {
		ev.vote(t, v.by, v.topics...)
		within(t, org, step, v.by+"'s dots reach the console's score", attended(v.want))
	}

	mu.Lock()
	during := append([]string(nil), requests[loaded:]...)
	mu.Unlock()
	if len(during) > 0 {
		t.Errorf("the console sent %d requests while people voted, want none (the report comes on its stream):\n%s",
			len(during), strings.Join(during, "\n"))
	}
}
