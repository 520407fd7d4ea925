package server

import (
	"net/http/httptest"
	"testing"
)

func TestJoinBase(t *testing.T) {
	tests := []struct {
		name, public, host, forwardedProto, want string
	}{
		{"the address the projector was opened at", "", "192.168.1.20:8080", "", "http://192.168.1.20:8080"},
		{"behind an HTTPS proxy", "", "meetup.example", "https", "https://meetup.example"},
		{"the public URL wins", "https://meetup.example", "localhost:8080", "", "https://meetup.example"},
	}
	for _, tt := range tests {
		s := &Server{publicURL: tt.public}
		r := httptest.NewRequest("GET", "/p/ev1", nil)
		r.Host = tt.host
		if tt.forwardedProto != "" {
			r.Header.Set("X-Forwarded-Proto", tt.forwardedProto)
		}
		if got := s.joinBase(r); got != tt.want {
			t.Errorf("%s: joinBase = %q, want %q", tt.name, got, tt.want)
		}
	}
}
