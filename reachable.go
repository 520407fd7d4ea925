package main

import (
	"fmt"
	"net"
	"net/url"
	"strings"
)

// parsePublicURL checks the -public-url value: the address phones use to
// reach the app (a reverse proxy, a venue domain). The app serves from the
// root, so the URL has a scheme and a host and nothing after them.
func parsePublicURL(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("-public-url %q: want http://host[:port] or https://host[:port]", s)
	}
	if strings.TrimSuffix(u.Path, "/") != "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return "", fmt.Errorf("-public-url %q: the app is served from the root: give only the scheme and host", s)
	}
	return u.Scheme + "://" + u.Host, nil
}

// reachableURLs lists the addresses phones on the venue's network can open:
// the listener's own address when it is a specific one, or else the
// addresses of the machine's interfaces, loopback and link-local left out
// (a phone reaches neither).
func reachableURLs(listen net.Addr, interfaces []net.Addr) []string {
	tcp, ok := listen.(*net.TCPAddr)
	if !ok {
		return nil
	}
	port := fmt.Sprint(tcp.Port)
	var ips []net.IP
	if len(tcp.IP) == 0 || tcp.IP.IsUnspecified() {
		for _, a := range interfaces {
			if n, ok := a.(*net.IPNet); ok {
				ips = append(ips, n.IP)
			}
		}
	} else {
		ips = []net.IP{tcp.IP}
	}
	var out []string
	for _, ip := range ips {
		if ip.IsLoopback() || ip.IsLinkLocalUnicast() || ip.IsUnspecified() {
			continue
		}
		if tcp.IP.To4() != nil && ip.To4() == nil {
			continue // an IPv4 listener does not answer on IPv6 addresses
		}
		out = append(out, "http://"+net.JoinHostPort(ip.String(), port))
	}
	return out
}
