// Command openspace serves the open-space meetup app: one binary, one
// bbolt file. `openspace schedule` solves a scheduling problem from JSON.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"
	_ "time/tzdata" // time zones on a machine without them (a distroless image)

	"openspace/metrics"
	"openspace/realtime"
	"openspace/server"
	"openspace/store"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "schedule" {
		os.Exit(runSchedule(os.Args[2:], os.Stdin, os.Stdout, os.Stderr))
	}
	if len(os.Args) > 1 && (os.Args[1] == "loadtest" || os.Args[1] == "loadtest-bare" || os.Args[1] == "loadtest-writer") {
		os.Exit(runLoadtestCommand(os.Args[1], os.Args[2:]))
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	code := exitCode(run(ctx, os.Args[1:], os.Getenv, os.Stderr, nil), os.Stderr)
	stop()
	os.Exit(code)
}

// usageError is a bad flag or environment value: exit status 2.
type usageError struct{ error }

func (u usageError) Unwrap() error { return u.error }

// exitCode prints what went wrong and returns the exit status: 0 when run
// ended cleanly or printed the help asked for, 2 for a usage error, 1 for
// anything else.
func exitCode(err error, stderr io.Writer) int {
	var usage usageError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &usage):
		fmt.Fprintln(stderr, "openspace:", err)
		return 2
	default:
		fmt.Fprintln(stderr, "openspace:", err)
		return 1
	}
}

// config is what flags and environment set; flags win over the environment.
type config struct {
	addr           string
	dbPath         string
	allowedOrigins []string
	secureCookies  bool
	publicURL      string   // what the QR code encodes; "" for the address the projector was opened at
	operatorToken  string   // opens GET /api/backup; "" leaves the route out
	trustedProxies []string // addresses or CIDRs whose X-Forwarded-For is believed
	pprofAddr      string   // loopback address of net/http/pprof (pprof.go); "" for none
}

func parseConfig(args []string, getenv func(string) string, stderr io.Writer) (config, error) {
	fs := flag.NewFlagSet("openspace", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: openspace [flags]          serve the app")
		fmt.Fprintln(stderr, "       openspace schedule -h      solve a scheduling problem from JSON")
		fmt.Fprintln(stderr, "       openspace loadtest -h      drive a server as phones do (docs/PERFORMANCE.md)")
		fmt.Fprintln(stderr, "Flags:")
		fs.PrintDefaults()
	}
	cfg := config{}
	fs.StringVar(&cfg.addr, "addr", envOr(getenv, "OPENSPACE_ADDR", ":8080"), "listen address (env OPENSPACE_ADDR)")
	fs.StringVar(&cfg.dbPath, "db", envOr(getenv, "OPENSPACE_DB", "openspace.db"), "bbolt data file (env OPENSPACE_DB)")
	origins := fs.String("allowed-origins", getenv("OPENSPACE_ALLOWED_ORIGINS"), "extra origins whose pages may open WebSockets and write, comma-separated (env OPENSPACE_ALLOWED_ORIGINS)")
	publicURL := fs.String("public-url", getenv("OPENSPACE_PUBLIC_URL"), "the address phones open, e.g. https://meetup.example, encoded in the QR code (env OPENSPACE_PUBLIC_URL); default: the address the projector page was opened at")
	fs.BoolVar(&cfg.secureCookies, "secure-cookies", getenv("OPENSPACE_SECURE_COOKIES") == "true", "mark cookies Secure, when served over HTTPS (env OPENSPACE_SECURE_COOKIES=true)")
	fs.StringVar(&cfg.operatorToken, "operator-token", getenv("OPENSPACE_OPERATOR_TOKEN"), "a secret that lets the operator download the whole database at /api/backup (env OPENSPACE_OPERATOR_TOKEN); default: no backup route")
	proxies := fs.String("trusted-proxies", getenv("OPENSPACE_TRUSTED_PROXIES"), "reverse proxies whose X-Forwarded-For gives the client's address, comma-separated addresses or CIDRs, e.g. 127.0.0.1,10.0.0.0/8 (env OPENSPACE_TRUSTED_PROXIES); default: none, the connection's address counts")
	fs.StringVar(&cfg.pprofAddr, "pprof", getenv("OPENSPACE_PPROF"), "serve Go profiles (net/http/pprof) on this loopback address, e.g. 127.0.0.1:6060 (env OPENSPACE_PPROF); default: off")
	if err := fs.Parse(args); err != nil {
		return cfg, usageError{err}
	}
	if fs.NArg() > 0 {
		return cfg, usageError{fmt.Errorf("unexpected argument %q", fs.Arg(0))}
	}
	var err error
	if cfg.publicURL, err = parsePublicURL(strings.TrimSpace(*publicURL)); err != nil {
		return cfg, usageError{err}
	}
	if cfg.trustedProxies, err = parseTrustedProxies(*proxies); err != nil {
		return cfg, usageError{err}
	}
	if cfg.pprofAddr != "" {
		if err := checkPprofAddr(cfg.pprofAddr); err != nil {
			return cfg, usageError{err}
		}
	}
	for _, o := range strings.Split(*origins, ",") {
		if o = strings.TrimSpace(o); o != "" {
			cfg.allowedOrigins = append(cfg.allowedOrigins, o)
		}
	}
	return cfg, nil
}

// parseTrustedProxies reads a comma-separated list of addresses and CIDRs.
func parseTrustedProxies(list string) ([]string, error) {
	var out []string
	for _, p := range strings.Split(list, ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		if _, err := netip.ParsePrefix(p); err != nil {
			if _, err := netip.ParseAddr(p); err != nil {
				return nil, fmt.Errorf("-trusted-proxies: %q is neither an address nor a CIDR", p)
			}
		}
		out = append(out, p)
	}
	return out, nil
}

func envOr(getenv func(string) string, key, fallback string) string {
	if v := getenv(key); v != "" {
		return v
	}
	return fallback
}

// run serves until ctx is done, then shuts down: WebSockets get close code
// 1001, in-flight requests finish, the store closes. ready, when not nil,
// receives the address actually listened on (tests use port 0).
func run(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer, ready chan<- string) error {
	cfg, err := parseConfig(args, getenv, stderr)
	if err != nil {
		return err
	}
	logger := slog.New(slog.NewTextHandler(stderr, nil))

	st, err := store.Open(cfg.dbPath)
	if errors.Is(err, store.ErrInUse) {
		return fmt.Errorf("the data file %s is in use by another openspace process: stop it, or give this one another file with -db", cfg.dbPath)
	}
	if err != nil {
		return fmt.Errorf("open store: %w", err)
	}
	defer st.Close()

	// Listen before serving so that a busy port fails at once.
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return usageError{fmt.Errorf("listen on %s: %w", cfg.addr, err)}
	}
	if cfg.pprofAddr != "" {
		stopPprof, err := servePprof(cfg.pprofAddr, logger)
		if err != nil {
			ln.Close()
			return err
		}
		defer stopPprof()
	}
	logger.Info("serving", "url", "http://"+displayAddr(ln.Addr()), "db", cfg.dbPath)
	interfaces, _ := net.InterfaceAddrs() // none listed is only a missing hint
	reachable := reachableURLs(ln.Addr(), interfaces)
	switch {
	case cfg.publicURL != "":
		logger.Info("phones join at", "url", cfg.publicURL)
	case len(reachable) == 0:
		logger.Warn("no address phones can reach: listen on all interfaces (-addr :8080) or set -public-url")
	default:
		for _, u := range reachable {
			logger.Info("phones can join at", "url", u)
		}
	}

	reg := metrics.New() // GET /metrics: the hub's, the server's and the store's counts
	st.OnCommit(reg.ObserveCommit)
	hub := realtime.NewHub(server.LiveSource{Store: st}, withConnectionCaps(realtime.Options{AllowedOrigins: cfg.allowedOrigins, Logger: logger, Metrics: reg}, logger))
	srv := newHTTPServer(server.New(server.Config{
		Store: st, Live: hub, Logger: logger, SecureCookies: cfg.secureCookies,
		Ping: st.Ping, PublicURL: cfg.publicURL, ReachableURLs: reachable,
		OperatorToken:  strings.TrimSpace(cfg.operatorToken),
		TrustedProxies: cfg.trustedProxies, AllowedOrigins: cfg.allowedOrigins,
		Metrics: reg,
	}))
	if ready != nil {
		ready <- ln.Addr().String()
	}

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		hub.Close()
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	hub.Close() // http.Server.Shutdown does not touch hijacked WebSocket connections
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		if !errors.Is(err, context.DeadlineExceeded) {
			return fmt.Errorf("shutdown: %w", err)
		}
		// A request still running after the grace period (a body trickling
		// in, say) is the client's: cut it, and the stop is still a clean one.
		logger.Warn("requests still running after the grace period were cut", "grace", shutdownGrace)
		srv.Close()
	}
	return nil
}

// shutdownGrace is how long in-flight requests get to finish after SIGTERM.
var shutdownGrace = 10 * time.Second

// newHTTPServer wraps the handler in the server's timeouts: a client that
// sends its headers a byte at a time is cut off after ReadHeaderTimeout.
func newHTTPServer(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       120 * time.Second,
	}
}

// displayAddr turns ":8080" into "localhost:8080" for the log line.
func displayAddr(a net.Addr) string {
	if tcp, ok := a.(*net.TCPAddr); ok && tcp.IP.IsUnspecified() {
		return fmt.Sprintf("localhost:%d", tcp.Port)
	}
	return a.String()
}
