package main

import (
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"net/netip"
	"runtime"
	"strconv"
	"time"
)

// checkPprofAddr accepts only a loopback address for -pprof: profiles show
// the program's memory (secrets included, in a heap dump's strings) and a
// CPU profile costs the server, so they must never be reachable from the
// venue's network.
func checkPprofAddr(addr string) error {
	host, port, err := net.SplitHostPort(addr)
	if err == nil {
		_, err = strconv.ParseUint(port, 10, 16)
	}
	if err != nil {
		return fmt.Errorf("-pprof: %q is not host:port (e.g. 127.0.0.1:6060)", addr)
	}
	if host == "localhost" {
		return nil
	}
	if ip, err := netip.ParseAddr(host); err != nil || !ip.IsLoopback() {
		return fmt.Errorf("-pprof: %q is not a loopback address: profiles must not be reachable from the network; use 127.0.0.1:6060, [::1]:6060 or localhost:6060 (and an SSH tunnel from elsewhere)", addr)
	}
	return nil
}

// servePprof serves net/http/pprof's pages on addr, on a listener and a
// server of their own (never the app's router, so no route of the app can
// reach them), until stop is called.
func servePprof(addr string, logger *slog.Logger) (stop func(), err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, usageError{fmt.Errorf("-pprof: listen on %s: %w", addr, err)}
	}
	// "localhost" is whatever the resolver says: check what it gave.
	if tcp, ok := ln.Addr().(*net.TCPAddr); !ok || !tcp.IP.IsLoopback() {
		ln.Close()
		return nil, usageError{fmt.Errorf("-pprof: %s resolved to %s, not a loopback address", addr, ln.Addr())}
	}
	// Lock contention is what a profile of the hub looks for; sampling
	// one contended lock in 100 costs next to nothing.
	runtime.SetMutexProfileFraction(100)
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index) // heap, goroutine, allocs, mutex, block, threadcreate
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	srv := &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      pprofWriteTimeout,
		IdleTimeout:       120 * time.Second,
	}
	go func() {
		if err := srv.Serve(ln); err != nil && err != http.ErrServerClosed {
			logger.Error("pprof server", "err", err)
		}
	}()
	logger.Info("profiling", "url", "http://"+ln.Addr().String()+"/debug/pprof/")
	return func() { srv.Close() }, nil
}

// pprofWriteTimeout outlasts a CPU profile or a trace of up to 2 minutes
// (?seconds=30 is the usual one): pprof refuses a duration past it.
const pprofWriteTimeout = 130 * time.Second
