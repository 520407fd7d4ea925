package server

import (
	"mime"
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"openspace/openspace"
)

// The error codes that only the HTTP layer produces, besides ERATELIMITED.
const (
	EUNSUPPORTED = "unsupported_media_type" // a body that is not application/json
	ETIMEOUT     = "timeout"                // a body that arrived too slowly
)

func init() {
	codes[EUNSUPPORTED] = http.StatusUnsupportedMediaType
	codes[ETIMEOUT] = http.StatusRequestTimeout
}

// secretRoutes answer with a secret (an organizer key, a device token):
// no cache, shared or private, may keep them.
var secretRoutes = map[string]bool{
	"POST /api/events":                   true,
	"POST /api/events/import":            true,
	"POST /api/events/:id/join":          true,
	"POST /api/events/:id/organizer-key": true,
	"POST /api/events/:id/copy":          true,
	"POST /api/events/:id/me/link":       true,
}

// secure runs before every route: it sets the security headers every
// response carries, and refuses writes that a page of another origin could
// have sent with the visitor's cookies (a page on another port of the same
// host, or on a sibling subdomain, is "same-site" for SameSite=Lax).
//
// A write (any method but GET, HEAD, OPTIONS) must come from this origin:
// its Origin is this server's scheme and host, the public URL's, or one of
// -allowed-origins. Without Origin, the request is not a browser's
// cross-origin one only when Sec-Fetch-Site is absent too (curl, scripts,
// tests) or says same-origin or none (typed in the address bar). A write
// with a body must say Content-Type: application/json, which no HTML form
// and no no-cors fetch can send (it needs a CORS preflight, never granted);
// see jsonBody for a body without Content-Type.
func (s *Server) secure(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer") // the organizer key must never leak in a Referer
	if strings.HasSuffix(c.Request.URL.Path, "/recap.html") {
		h.Set("X-Frame-Options", "SAMEORIGIN") // the console's sandboxed preview
	} else {
		h.Set("X-Frame-Options", "DENY")
		// Pages replace it with pageCSP; what is not a page runs nothing.
		h.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
	}
	r := c.Request
	if secretRoutes[r.Method+" "+c.FullPath()] || (c.FullPath() == "/o/:id" && r.URL.Query().Has("key")) || c.FullPath() == "/l/:token" {
		h.Set("Cache-Control", "no-store")
	}
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		c.Next()
		return
	}
	if err := s.checkSameOrigin(r); err != nil {
		s.writeError(c, err)
		return
	}
	if r.ContentLength != 0 && !jsonBody(r) { // -1: a body of unknown length (chunked)
		s.writeError(c, openspace.Errorf(EUNSUPPORTED, "The request body must be JSON (Content-Type: application/json)."))
		return
	}
	c.Next()
}

// jsonBody reports whether a request's body is declared JSON. A body
// without Content-Type is taken as JSON only from a client that is not a
// browser (neither Origin nor Sec-Fetch-Site): a script that forgot the
// header, never a page.
func jsonBody(r *http.Request) bool {
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		return r.Header.Get("Origin") == "" && r.Header.Get("Sec-Fetch-Site") == ""
	}
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && mt == "application/json"
}

// checkSameOrigin returns a 403 error for a write a browser sent from a
// page of another origin.
func (s *Server) checkSameOrigin(r *http.Request) error {
	origin := r.Header.Get("Origin")
	if origin == "" {
		switch site := r.Header.Get("Sec-Fetch-Site"); site {
		case "", "same-origin", "none":
			return nil
		default:
			return openspace.Errorf(openspace.EFORBIDDEN, "Refused: this request comes from a page of another site (%s). Only this server's pages can change anything.", site)
		}
	}
	if s.allowsOrigin(r, origin) {
		return nil
	}
	return openspace.Errorf(openspace.EFORBIDDEN, "Refused: this request comes from a page of another origin (%s). Only this server's pages can change anything (see -allowed-origins).", origin)
}

// allowsOrigin reports whether origin ("scheme://host[:port]") is this
// server's: the request's own scheme and host (https when over TLS, behind
// a proxy that says X-Forwarded-Proto: https, or with -secure-cookies), the
// public URL's, or one of -allowed-origins (as realtime compares them: the
// whole origin, or a bare host[:port]).
func (s *Server) allowsOrigin(r *http.Request, origin string) bool {
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return false // "null" (a sandboxed frame, a file:) included
	}
	if strings.EqualFold(u.Host, r.Host) {
		if u.Scheme == "https" && (r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https" || s.secureCookies) {
			return true
		}
		// Served over HTTPS (-secure-cookies says so even behind a proxy
		// that does not tell): a plain-http page of the same host is not
		// this server's.
		if u.Scheme == "http" && r.TLS == nil && r.Header.Get("X-Forwarded-Proto") != "https" && !s.secureCookies {
			return true
		}
	}
	if s.publicURL != "" {
		if p, err := url.Parse(s.publicURL); err == nil && strings.EqualFold(p.Scheme, u.Scheme) && strings.EqualFold(p.Host, u.Host) {
			return true
		}
	}
	for _, a := range s.allowedOrigins {
		a = strings.TrimSuffix(strings.TrimSpace(a), "/")
		if a != "" && (strings.EqualFold(a, origin) || strings.EqualFold(a, u.Host)) {
			return true
		}
	}
	return false
}

// pageCSP is the pages' Content-Security-Policy: this origin only, and the
// WebSocket of this host (CSP Level 3 lets 'self' match ws: and wss: on the
// same host, as Chromium and Firefox do, but Safari before 15.4 does not:
// both schemes are named, for this host only, since behind a proxy the
// server cannot always tell which one the page used).
func pageCSP(r *http.Request) string {
	connect := "'self'"
	if host := r.Host; host != "" && strings.IndexFunc(host, func(c rune) bool {
		return !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune(".-:[]", c))
	}) < 0 {
		connect += " ws://" + host + " wss://" + host
	}
	return "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src " + connect +
		"; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
}
