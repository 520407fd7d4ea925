package server

import (
	"net/http"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"golang.org/x/time/rate"

	"openspace/openspace"
)

// Write limits per client. A person taps a few times a second at most, so
// joined attendees and organizers are counted by their secret. A whole room
// behind one venue NAT shares an IP and joins at once after the QR code
// appears, so requests without a secret get a far larger bucket per address.
const (
	personWritesPerSecond  = 10
	personWriteBurst       = 30
	addressWritesPerSecond = 50
	addressWriteBurst      = 300
	limiterIdle            = 10 * time.Minute
)

// writeLimiter hands out one token bucket per client key.
type writeLimiter struct {
	mu       sync.Mutex
	buckets  map[string]*bucket
	lastScan time.Time
	now      func() time.Time
}

type bucket struct {
	limiter *rate.Limiter
	seen    time.Time
}

func newWriteLimiter() *writeLimiter {
	return &writeLimiter{buckets: map[string]*bucket{}, now: time.Now}
}

// allow takes a token for the key from a bucket of the given size; idle
// buckets are forgotten so the map does not grow with every address seen.
func (l *writeLimiter) allow(key string, perSecond rate.Limit, burst int) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if now.Sub(l.lastScan) > limiterIdle {
		for k, b := range l.buckets {
			if now.Sub(b.seen) > limiterIdle {
				delete(l.buckets, k)
			}
		}
		l.lastScan = now
	}
	b, ok := l.buckets[key]
	if !ok {
		b = &bucket{limiter: rate.NewLimiter(perSecond, burst)}
		l.buckets[key] = b
	}
	b.seen = now
	return b.limiter.AllowN(now, 1)
}

// limitWrites is the middleware of the API: reads are free, writes are
// counted per caller (see identity.go for who the caller is).
func (s *Server) limitWrites(c *gin.Context) {
	switch c.Request.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		c.Next()
		return
	}
	// Only a secret that checks out earns its own bucket: made-up tokens
	// would otherwise each get a fresh one.
	key, perSecond, burst := "ip:"+c.ClientIP(), rate.Limit(addressWritesPerSecond), addressWriteBurst
	switch id := s.callerOf(c); {
	case id.hasAttendee():
		key, perSecond, burst = "token:"+string(hashSecret(id.token)), personWritesPerSecond, personWriteBurst
	case id.organizer:
		key, perSecond, burst = "org:"+string(hashSecret(id.key)), personWritesPerSecond, personWriteBurst
	}
	if !s.limiter.allow(key, perSecond, burst) {
		c.Header("Retry-After", "1")
		s.writeError(c, openspace.Errorf(ERATELIMITED, "Too many requests: wait a moment and try again."))
		return
	}
	c.Next()
}
