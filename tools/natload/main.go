// Command natload measures the venue-NAT case: a room of honest people join
// from one address while a script on the same Wi-Fi floods the server with
// junk writes carrying made-up device tokens. It prints how many of the
// honest people got in.
//
//	go run ./tools/natload                       # starts the app in-process on a temporary file
//	go run ./tools/natload -url http://host:8080 # or targets a running server
//
// Each person, like a phone that scanned the QR code: opens /j/{code} (and
// the page it leads to), POSTs /join, GETs /me, opens the WebSocket and
// reads its first message. A step that meets a 429 or an error is tried
// again (after Retry-After, or one second); a person who has met nothing but
// 429s and errors for -patience gives up, as a person would.
package main

import (
	"context"
	"flag"
	"fmt"
	"openspace/tools/inprocess"
	"os"
	"time"
)

func main() {
	cfg := defaultConfig()
	flag.StringVar(&cfg.URL, "url", "", "server to target; empty: start the app in-process on a temporary data file")
	flag.IntVar(&cfg.People, "people", cfg.People, "honest people joining")
	flag.DurationVar(&cfg.Spread, "over", cfg.Spread, "time over which they arrive")
	flag.IntVar(&cfg.AttackPerSecond, "attack", cfg.AttackPerSecond, "junk writes per second with made-up tokens (0: no attacker)")
	flag.StringVar(&cfg.AttackKind, "kind", cfg.AttackKind, "junk writes: mix (votes, topics, joins), vote, topic or join")
	flag.DurationVar(&cfg.Patience, "patience", cfg.Patience, "a person gives up after this long of 429s or errors")
	flag.Parse()

	ctx := context.Background()
	if cfg.URL == "" {
		url, stop, err := inprocess.Start()
		if err != nil {
			fmt.Fprintln(os.Stderr, "natload:", err)
			os.Exit(1)
		}
		defer stop()
		cfg.URL = url
	}
	start := time.Now()
	res, err := Run(ctx, cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "natload:", err)
		os.Exit(1)
	}
	fmt.Printf("%d of %d people got in (%d gave up) in %s; attacker: %d junk writes sent, %s\n",
		res.In, cfg.People, cfg.People-res.In, time.Since(start).Round(time.Second), res.AttackSent, res.attackSummary())
	fmt.Printf("honest requests answered 429: %d; slowest person in: %s\n", res.Honest429, res.Slowest.Round(time.Millisecond))
	for why, n := range res.GaveUp {
		fmt.Printf("  %d gave up at %s\n", n, why)
	}
}
