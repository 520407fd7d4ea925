package server

import (
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"golang.org/x/time/rate"

	"openspace/openspace"
)

// Write limits per client. A person taps a few times a second at most, so
// joined attendees and organizers are counted by their secret, in a bucket
// of their own: what strangers send never spends it.
//
// Requests without a valid secret are counted per address, and a whole
// room behind one venue NAT shares an address, so they are split by what
// they cost:
//   - joins without a token create an identity: the room joins at once
//     when the QR code appears, so the burst holds 300 people, then one
//     more a second;
//   - a made-up secret spends no bucket at all: the failed-secret meter of
//     guess.go counts it (150 at once, then one a second) and refuses it
//     once the address has failed too often, so junk with random tokens
//     never spends the joins bucket. A join with a token the event does
//     not know (a phone whose attendee was forgotten) is such a failure
//     and still joins;
//   - other writes without any secret (creating an event) share the old,
//     larger address bucket.
//
// So one address creates at most 450 identities at once and 120 a minute
// after that (joins, plus joins with unknown tokens), where it could create
// 3,300 a minute before; 300 people behind one NAT still all get in.
const (
	personWritesPerSecond  = 10
	personWriteBurst       = 30
	joinsPerSecond         = 1
	joinBurst              = 300
	addressWritesPerSecond = 50
	addressWriteBurst      = 300
	limiterIdle            = 10 * time.Minute
)

// writeLimiter hands out one token bucket per client key.
type writeLimiter struct {
	mu       sync.Mutex
	buckets  map[string]*bucket
	levels   map[string]*level // guess.go's meters that give tokens back
	lastScan time.Time
	now      func() time.Time
}

type bucket struct {
	limiter *rate.Limiter
	seen    time.Time
}

func newWriteLimiter() *writeLimiter {
	return &writeLimiter{buckets: map[string]*bucket{}, levels: map[string]*level{}, now: time.Now}
}

// get returns the key's bucket, made full on first use; idle buckets are
// forgotten so the map does not grow with every address seen. l.mu is held.
func (l *writeLimiter) get(key string, perSecond rate.Limit, burst int, now time.Time) *bucket {
	l.forgetIdle(now)
	b, ok := l.buckets[key]
	if !ok {
		b = &bucket{limiter: rate.NewLimiter(perSecond, burst)}
		l.buckets[key] = b
	}
	b.seen = now
	return b
}

// forgetIdle drops the buckets and levels nobody used for limiterIdle,
// every limiterIdle at most. l.mu is held.
func (l *writeLimiter) forgetIdle(now time.Time) {
	if now.Sub(l.lastScan) <= limiterIdle {
		return
	}
	for k, b := range l.buckets {
		if now.Sub(b.seen) > limiterIdle {
			delete(l.buckets, k)
		}
	}
	for k, v := range l.levels {
		if now.Sub(v.at) > limiterIdle {
			delete(l.levels, k)
		}
	}
	l.lastScan = now
}

// allow takes a token for the key from a bucket of the given size.
func (l *writeLimiter) allow(key string, perSecond rate.Limit, burst int) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	return l.get(key, perSecond, burst, now).limiter.AllowN(now, 1)
}

// retryAfter is how many whole seconds until the key's bucket holds a
// token again (at least 1), for the Retry-After header; it takes nothing.
func (l *writeLimiter) retryAfter(key string, perSecond rate.Limit, burst int) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	missing := 1 - l.get(key, perSecond, burst, now).limiter.TokensAt(now)
	return max(1, int(math.Ceil(missing/float64(perSecond))))
}

// empty reports whether the key's bucket has no token left; it takes nothing.
func (l *writeLimiter) empty(key string, perSecond rate.Limit, burst int) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b, ok := l.buckets[key]
	return ok && b.limiter.TokensAt(now) < 1
}

// tooMany answers 429 with the seconds to wait.
func (s *Server) tooMany(c *gin.Context, seconds int) {
	c.Header("Retry-After", strconv.Itoa(seconds))
	s.writeError(c, openspace.Errorf(ERATELIMITED, "Too many requests: wait a moment and try again."))
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
	ip := c.ClientIP()
	key, perSecond, burst := "ip:"+ip, rate.Limit(addressWritesPerSecond), addressWriteBurst
	switch id := s.callerOf(c); {
	case id.hasAttendee():
		// Per attendee, not per device token: personal links give one
		// person several devices, which must not multiply the bucket.
		key, perSecond, burst = "attendee:"+id.attendee.EventID+"/"+id.attendee.ID, personWritesPerSecond, personWriteBurst
	case id.organizer:
		key, perSecond, burst = "org:"+string(hashSecret(id.key)), personWritesPerSecond, personWriteBurst
	case id.overGuessed:
		s.tooMany(c, s.limiter.retryAfter(secretFailKey(ip), secretFailsPerSecond, secretFailBurst))
		return
	case id.failedSecret:
		// A made-up secret, already counted by the failed-secret meter and
		// by nothing else: on any write but a join the handler refuses it
		// (401); on a join it is a device whose token the event no longer
		// knows joining again, which must not spend the room's joins.
		c.Next()
		return
	case isJoin(c):
		key, perSecond, burst = "join:"+ip, joinsPerSecond, joinBurst
	}
	if !s.limiter.allow(key, perSecond, burst) {
		s.tooMany(c, s.limiter.retryAfter(key, perSecond, burst))
		return
	}
	c.Next()
}

// isJoin reports whether the request is an event's join route.
func isJoin(c *gin.Context) bool {
	return c.Request.Method == http.MethodPost && c.FullPath() == "/api/events/:id/join"
}
