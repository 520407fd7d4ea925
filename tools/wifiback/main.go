// Command wifiback measures the moment a venue's Wi-Fi comes back: N phones
// lost their connection at once, missed what happened meanwhile (new topics,
// votes), and each tapped one vote while offline. When the network returns
// they all reconnect at the same instant (the page reconnects on the
// browser's "online" event, with no back-off), resume their stream with
// since/epoch, replay their queued vote with its Idempotency-Key (retried,
// like the page's queue, after a network error or a 429's Retry-After) and
// read /me again; each then sends its vote once more with the same key, as
// after a lost answer. It reports how long until every phone is current and every
// vote acknowledged, how /healthz answered throughout, and checks that the
// stored votes equal the acknowledged ones.
//
//	go run ./tools/wifiback                 # 300 phones, app in-process on a temporary file
//	go run ./tools/wifiback -phones 1000
//	go run ./tools/wifiback -url http://host:8080
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
	cfg := Config{}
	flag.StringVar(&cfg.URL, "url", "", "server to target; empty: start the app in-process on a temporary data file")
	flag.IntVar(&cfg.Phones, "phones", 300, "phones on the event")
	flag.DurationVar(&cfg.Outage, "outage", 5*time.Second, "how long the Wi-Fi is down")
	flag.IntVar(&cfg.Missed, "missed", 5, "topics proposed while the phones are offline")
	flag.Parse()
	if cfg.Phones < 1 || cfg.Outage < 0 || cfg.Missed < 0 {
		fmt.Fprintln(os.Stderr, "wifiback: -phones must be at least 1, -outage and -missed not negative")
		os.Exit(2)
	}
	if cfg.URL == "" {
		url, stop, err := inprocess.Start()
		if err != nil {
			fmt.Fprintln(os.Stderr, "wifiback:", err)
			os.Exit(1)
		}
		defer stop()
		cfg.URL = url
	}
	res, err := Run(context.Background(), cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "wifiback:", err)
		os.Exit(1)
	}
	res.print(cfg)
	if !res.consistent() {
		os.Exit(1)
	}
}
