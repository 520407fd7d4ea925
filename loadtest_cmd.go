package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"openspace/loadtest"
)

// runLoadtest implements `openspace loadtest`: it drives a server the way
// phones do (docs/PERFORMANCE.md) and prints what it measured. Exit
// status: 0 the run was healthy, 1 it could not be run or its final check
// failed, 2 bad flags.
func runLoadtest(args []string, stdout, stderr io.Writer, env []string) int {
	fs := flag.NewFlagSet("openspace loadtest", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg := loadtest.Config{Env: env}
	fs.StringVar(&cfg.URL, "url", "", "the server to drive, e.g. http://127.0.0.1:8080 (default: start a fresh one in its own process on a temporary data file)")
	fs.IntVar(&cfg.Clients, "clients", 300, "connected clients; in a join storm, the screens open and the people who join")
	fs.Float64Var(&cfg.Rate, "rate", 50, "votes and unvotes per second, every voter together")
	fs.DurationVar(&cfg.For, "for", 15*time.Second, "how long the voting lasts; in a join storm, the time over which people arrive")
	fs.StringVar(&cfg.Scenario, "scenario", loadtest.Steady, "steady, join-storm, reconnect-storm or events")
	fs.IntVar(&cfg.Events, "events", 100, "events scenario: how many events")
	fs.IntVar(&cfg.PerEvent, "per-event", 50, "events scenario: clients on each event")
	fs.BoolVar(&cfg.Bare, "bare", false, "also drive a bare gorilla/websocket broadcaster in its own process with the same clients and rate, and print our p99 over its p99")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: openspace loadtest [-scenario steady] [-clients 300] [-rate 50] [-for 15s] [-bare] [-url http://host:port]")
		fmt.Fprintln(fs.Output(), "Drives a server as phones do and reports latency, cost and a final consistency check.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "openspace loadtest: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	if err := cfg.Validate(); err != nil {
		fmt.Fprintf(stderr, "openspace loadtest: %v\n", err)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	raiseFileLimit() // every client holds a socket, some two
	rep, err := loadtest.Run(ctx, cfg)
	if rep != nil {
		if *asJSON {
			_ = rep.JSON(stdout)
		} else {
			rep.Print(stdout)
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "openspace loadtest: %v\n", err)
		return 1
	}
	if !rep.Check.OK {
		fmt.Fprintln(stderr, "openspace loadtest: the final check failed")
		return 1
	}
	return 0
}

// runLoadtestBare implements `openspace loadtest-bare`: the bare
// broadcaster a load test compares the app with, in its own process.
func runLoadtestBare(args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("openspace loadtest-bare", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:0", "listen address")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "openspace loadtest-bare: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	raiseFileLimit()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := loadtest.ServeBare(ctx, *addr, slog.New(slog.NewTextHandler(stderr, nil))); err != nil {
		fmt.Fprintf(stderr, "openspace loadtest-bare: %v\n", err)
		return 1
	}
	return 0
}

// runLoadtestWriter implements `openspace loadtest-writer`: the process
// that sends a load test's writes, as phones apart from the screens.
func runLoadtestWriter(args []string) int {
	if len(args) > 0 {
		fmt.Fprintf(os.Stderr, "openspace loadtest-writer: unexpected argument %q\n", args[0])
		return 2
	}
	raiseFileLimit()
	if err := loadtest.Writer(context.Background(), os.Stdin, os.Stdout); err != nil {
		fmt.Fprintf(os.Stderr, "openspace loadtest-writer: %v\n", err)
		return 1
	}
	return 0
}

// runLoadtestCommand runs `openspace loadtest`, `openspace loadtest-bare`
// or `openspace loadtest-writer`.
func runLoadtestCommand(name string, args []string) int {
	switch name {
	case "loadtest-bare":
		return runLoadtestBare(args, os.Stderr)
	case "loadtest-writer":
		return runLoadtestWriter(args)
	}
	return runLoadtest(args, os.Stdout, os.Stderr, nil)
}
