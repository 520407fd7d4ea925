package main

import (
	"net"
	"slices"
	"testing"
)

func TestParsePublicURL(t *testing.T) {
	tests := []struct {
		in      string
		want    string
		wantErr bool
	}{
		{"", "", false},
		{"https://meetup.example", "https://meetup.example", false},
		{"http://192.168.1.20:8080/", "http://192.168.1.20:8080", false},
		{"meetup.example", "", true},
		{"ftp://meetup.example", "", true},
		{"https://meetup.example/openspace", "", true},
		{"https://meetup.example/?x=1", "", true},
		{"https://user:pw@meetup.example", "", true},
		{"http://", "", true},
	}
	for _, tt := range tests {
		got, err := parsePublicURL(tt.in)
		if got != tt.want || (err != nil) != tt.wantErr {
			t.Errorf("parsePublicURL(%q) = %q, %v; want %q, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestReachableURLs(t *testing.T) {
	ifaces := []net.Addr{
		&net.IPNet{IP: net.ParseIP("127.0.0.1"), Mask: net.CIDRMask(8, 32)},
		&net.IPNet{IP: net.ParseIP("192.168.1.20"), Mask: net.CIDRMask(24, 32)},
		&net.IPNet{IP: net.ParseIP("::1"), Mask: net.CIDRMask(128, 128)},
		&net.IPNet{IP: net.ParseIP("fe80::1"), Mask: net.CIDRMask(64, 128)},
		&net.IPNet{IP: net.ParseIP("2001:db8::20"), Mask: net.CIDRMask(64, 128)},
	}
	tests := []struct {
		name   string
		listen net.Addr
		want   []string
	}{
		{"every interface (:8080)", &net.TCPAddr{IP: net.IPv6unspecified, Port: 8080},
			[]string{"http://192.168.1.20:8080", "http://[2001:db8::20]:8080"}},
		{"every IPv4 interface (0.0.0.0:8080)", &net.TCPAddr{IP: net.IPv4zero, Port: 8080},
			[]string{"http://192.168.1.20:8080"}},
		{"one address", &net.TCPAddr{IP: net.ParseIP("192.168.1.20"), Port: 9000}, []string{"http://192.168.1.20:9000"}},
		{"loopback only: no phone can reach it", &net.TCPAddr{IP: net.ParseIP("127.0.0.1"), Port: 8080}, nil},
	}
	for _, tt := range tests {
		if got := reachableURLs(tt.listen, ifaces); !slices.Equal(got, tt.want) {
			t.Errorf("%s: reachableURLs = %q, want %q", tt.name, got, tt.want)
		}
	}
}
