package server

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"openspace/openspace"
)

// Metrics is what the server counts for operators; *metrics.Registry
// implements it. Its methods run on every request: they must be cheap.
type Metrics interface {
	// Handler serves GET /metrics (the Prometheus text format).
	Handler() http.Handler
	// ObserveRequest records a request's duration by route pattern (""
	// when none matched), method and status.
	ObserveRequest(route, method string, status int, d time.Duration)
	Voted(op string) // "vote" or "unvote", answered with success
	Joined()         // an attendee joined
}

// The routes whose success the request meter counts as votes and joins:
// counting them here, from the matched route and the status, keeps the
// handlers free of metrics.
const (
	voteRoute = "/api/events/:id/topics/:tid/vote"
	joinRoute = "/api/events/:id/join"
)

// observe is the first middleware of every route when metrics are on: it
// times the request, then counts a vote or a join that succeeded. A
// WebSocket is left out (its "request" lasts as long as the connection;
// the hub's gauge counts those), and so is a replayed Idempotency-Key (the
// vote was counted the first time).
func (s *Server) observe(c *gin.Context) {
	if s.metrics == nil || c.IsWebsocket() {
		c.Next()
		return
	}
	start := time.Now()
	c.Next()
	route, status := c.FullPath(), c.Writer.Status()
	s.metrics.ObserveRequest(route, c.Request.Method, status, time.Since(start))
	if status < 200 || status > 299 || c.Writer.Header().Get(replayedHeader) != "" {
		return
	}
	switch {
	case route == voteRoute && c.Request.Method == http.MethodPut:
		s.metrics.Voted("vote")
	case route == voteRoute && c.Request.Method == http.MethodDelete:
		s.metrics.Voted("unvote")
	case route == joinRoute && c.Request.Method == http.MethodPost && status == http.StatusCreated:
		s.metrics.Joined() // 200 is a device that had already joined
	}
}

// registerMetricsRoute adds GET /metrics when metrics are on.
func (s *Server) registerMetricsRoute(r *gin.Engine) {
	if s.metrics != nil {
		r.GET("/metrics", s.handleMetrics)
	}
}

// handleMetrics handles "GET /metrics": the Prometheus metrics, for the
// operator. They name events (connections are counted per event ID, and an
// event ID opens its attendee page), so they are not public: a request
// straight from this machine's loopback may read them (a Prometheus or a
// curl on the box), any other only with Authorization: Bearer <operator
// token>; without an operator token the route does not exist for it.
func (s *Server) handleMetrics(c *gin.Context) {
	switch {
	case s.fromLoopback(c.Request), s.operatorToken != "" && s.hasOperatorToken(c):
		s.metrics.Handler().ServeHTTP(c.Writer, c.Request)
	case s.operatorToken == "":
		s.writeError(c, openspace.Errorf(openspace.ENOTFOUND, "No such page."))
	default:
		c.Header("WWW-Authenticate", `Bearer realm="openspace metrics"`)
		s.writeError(c, openspace.Errorf(openspace.EUNAUTHORIZED, "The operator token is missing or wrong."))
	}
}

// fromLoopback reports whether the request came straight from this
// machine: the connection's address is a loopback one, not a trusted
// proxy's, and no proxy header is present. A reverse proxy on the same
// machine connects from loopback too, on behalf of anyone: what it
// forwards is not local, whether it says so in a header or is known by its
// address (-trusted-proxies).
func (s *Server) fromLoopback(r *http.Request) bool {
	for _, h := range []string{"Forwarded", "X-Forwarded-For", "X-Real-Ip"} {
		if r.Header.Get(h) != "" {
			return false
		}
	}
	ap, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil || !ap.Addr().IsLoopback() {
		return false
	}
	ip := ap.Addr().Unmap()
	for _, p := range s.proxyNets {
		if p.Contains(ip) {
			return false
		}
	}
	return true
}

// proxyNets parses the trusted proxies (main checked them: one that does
// not parse is skipped).
func proxyNets(proxies []string) []netip.Prefix {
	var out []netip.Prefix
	for _, p := range proxies {
		if pfx, err := netip.ParsePrefix(p); err == nil {
			out = append(out, pfx.Masked())
		} else if ip, err := netip.ParseAddr(p); err == nil {
			ip = ip.Unmap()
			out = append(out, netip.PrefixFrom(ip, ip.BitLen()))
		}
	}
	return out
}

// hasOperatorToken reports whether the request carries the operator token
// (compared in constant time, through hashes so the lengths do not show).
func (s *Server) hasOperatorToken(c *gin.Context) bool {
	given, ok := strings.CutPrefix(c.GetHeader("Authorization"), "Bearer ")
	given = strings.TrimSpace(given)
	want := sha256.Sum256([]byte(s.operatorToken))
	got := sha256.Sum256([]byte(given))
	return ok && given != "" && subtle.ConstantTimeCompare(got[:], want[:]) == 1
}
