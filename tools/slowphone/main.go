// Command slowphone measures how long a joined attendee waits for a usable
// page on a slow network: from the start of the navigation to the first
// enabled vote button, on a first visit (nothing cached) and on a repeat
// visit (same browser, a second navigation), in Chromium with network
// emulation.
//
//	go run ./tools/slowphone                     # 400 ms latency, 50,000 bytes/s each way, 5 runs
//	go run ./tools/slowphone -latency 0 -rate 0  # no emulation
//	go run ./tools/slowphone -url http://host:8080
//
// It starts the app in-process on a temporary file unless -url is given,
// creates an event with ten topics and voting open, joins one attendee
// through the API and hands its device cookie to a fresh browser profile
// per run. It needs Chromium (apt-get install -y chromium).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"openspace/tools/inprocess"
	"os"
	"os/exec"
	"slices"
	"time"
)

func main() {
	cfg := Config{}
	flag.StringVar(&cfg.URL, "url", "", "server to target; empty: start the app in-process on a temporary data file")
	flag.IntVar(&cfg.Runs, "runs", 5, "fresh browser profiles to measure, each a first visit then a repeat visit")
	flag.DurationVar(&cfg.Latency, "latency", 400*time.Millisecond, "emulated latency per request (0: none)")
	flag.IntVar(&cfg.Rate, "rate", 50000, "emulated throughput each way, in bytes per second (0: unlimited)")
	flag.StringVar(&cfg.Chromium, "chromium", "", "Chromium to run (default: chromium on the PATH)")
	flag.Parse()
	if cfg.Chromium == "" {
		p, err := exec.LookPath("chromium")
		if err != nil {
			fmt.Fprintln(os.Stderr, "slowphone: no chromium on the PATH: apt-get install -y chromium, or pass -chromium")
			os.Exit(2)
		}
		cfg.Chromium = p
	}
	if cfg.Runs < 1 {
		fmt.Fprintln(os.Stderr, "slowphone: -runs must be at least 1")
		os.Exit(2)
	}
	ctx := context.Background()
	if cfg.URL == "" {
		url, stop, err := inprocess.Start()
		if err != nil {
			fmt.Fprintln(os.Stderr, "slowphone:", err)
			os.Exit(1)
		}
		defer stop()
		cfg.URL = url
	}
	var first, repeat []Visit
	for i := range cfg.Runs {
		f, r, err := measure(ctx, cfg)
		if err != nil {
			fmt.Fprintf(os.Stderr, "slowphone: run %d: %v\n", i+1, err)
			os.Exit(1)
		}
		fmt.Printf("run %d: first visit %s (%s, %d requests), repeat visit %s (%s, %d requests)\n",
			i+1, ms(f.Usable), kB(f.Bytes), f.Requests, ms(r.Usable), kB(r.Bytes), r.Requests)
		first, repeat = append(first, f), append(repeat, r)
	}
	fmt.Printf("\nlatency %s, %d bytes/s each way, %d runs\n", cfg.Latency, cfg.Rate, cfg.Runs)
	fmt.Printf("first visit:  median %s (min %s, max %s), %s over the network\n", ms(median(first)), ms(minOf(first)), ms(maxOf(first)), kB(first[0].Bytes))
	fmt.Printf("repeat visit: median %s (min %s, max %s), %s over the network\n", ms(median(repeat)), ms(minOf(repeat)), ms(maxOf(repeat)), kB(repeat[0].Bytes))
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) }
func kB(n int64) string         { return fmt.Sprintf("%.1f kB", float64(n)/1000) }

func sorted(v []Visit) []time.Duration {
	out := make([]time.Duration, len(v))
	for i, x := range v {
		out[i] = x.Usable
	}
	slices.Sort(out)
	return out
}

func median(v []Visit) time.Duration { s := sorted(v); return s[len(s)/2] }
func minOf(v []Visit) time.Duration  { return sorted(v)[0] }
func maxOf(v []Visit) time.Duration  { s := sorted(v); return s[len(s)-1] }

var errNotUsable = errors.New("no enabled vote button within 30 s")
