package loadtest

import (
	"context"
	"net"
	"net/http"
	"net/url"
	"time"

	"github.com/gorilla/websocket"
)

// spread hands each client a source address: on loopback the driver dials
// from 127.0.0.2 … 127.0.0.254, so that no address runs out of ephemeral
// ports and the server's per-address caps (connections, the join bucket)
// see a venue of many phones, not one. Against another host it dials from
// the default address.
type spread struct {
	http []*http.Client
	ws   []*websocket.Dialer
}

func newSpread(target *url.URL, perAddress int) *spread {
	var locals []net.IP
	if ip := net.ParseIP(target.Hostname()); (ip != nil && ip.IsLoopback() && ip.To4() != nil) || target.Hostname() == "localhost" {
		for i := 2; i <= 254; i++ {
			locals = append(locals, net.IPv4(127, 0, 0, byte(i)))
		}
	} else {
		locals = []net.IP{nil}
	}
	s := &spread{}
	for _, ip := range locals {
		d := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
		if ip != nil {
			d.LocalAddr = &net.TCPAddr{IP: ip}
		}
		dial := func(ctx context.Context, network, addr string) (net.Conn, error) {
			if network == "tcp" && d.LocalAddr != nil {
				network = "tcp4"
			}
			return d.DialContext(ctx, network, addr)
		}
		s.http = append(s.http, &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{
			DialContext: dial, MaxIdleConns: perAddress + 4, MaxIdleConnsPerHost: perAddress + 4,
			IdleConnTimeout: time.Minute, DisableCompression: true,
		}})
		// Small buffers: the driver holds thousands of connections and
		// writes almost nothing.
		s.ws = append(s.ws, &websocket.Dialer{NetDialContext: dial, HandshakeTimeout: 15 * time.Second,
			ReadBufferSize: 2048, WriteBufferSize: 512})
	}
	return s
}

func (s *spread) HTTP(i int) *http.Client    { return s.http[i%len(s.http)] }
func (s *spread) WS(i int) *websocket.Dialer { return s.ws[i%len(s.ws)] }
func (s *spread) addresses() int             { return len(s.http) }
func (s *spread) closeIdle() {
	for _, c := range s.http {
		c.CloseIdleConnections()
	}
}
