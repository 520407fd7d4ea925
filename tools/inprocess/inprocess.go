// Package inprocess starts the app inside a measuring tool's own process,
// on a temporary data file and a loopback port, for the tools that target
// a fresh server when no -url is given.
package inprocess

import (
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"openspace/realtime"
	"openspace/server"
	"openspace/store"
)

// Start serves the app; stop closes it and removes its data.
func Start() (base string, stop func(), err error) {
	dir, err := os.MkdirTemp("", "openspace-tool-")
	if err != nil {
		return "", nil, err
	}
	st, err := store.Open(filepath.Join(dir, "openspace.db"))
	if err != nil {
		os.RemoveAll(dir)
		return "", nil, err
	}
	hub := realtime.NewHub(server.LiveSource{Store: st}, realtime.Options{})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		hub.Close()
		st.Close()
		os.RemoveAll(dir)
		return "", nil, err
	}
	srv := &http.Server{Handler: server.New(server.Config{Store: st, Live: hub}), ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	return "http://" + ln.Addr().String(), func() {
		srv.Close()
		hub.Close()
		st.Close()
		os.RemoveAll(dir)
	}, nil
}
