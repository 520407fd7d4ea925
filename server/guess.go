package server

import (
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"golang.org/x/time/rate"
)

// Failed lookups are metered per address, reads included: a script must
// not try join codes or secrets at the speed of the machine.
//
// Join codes are 6 characters out of 32: 32^6 ≈ 1.07e9 of them. An address
// may fail 100 times at once (a room of 300 behind one NAT typing the code
// from the projector, a third of them mistyping it) and then once every
// 6 seconds (600 an hour, 14,400 a day). Past that, a code is refused
// before it is looked up, so a right guess and a wrong one look the same
// (429). With 1,000 events open on one server, one address needs on
// average 1.07e9 / 1,000 / 14,400 ≈ 74 days to land in any of them; a given
// event stays out of reach (0.0013 % a day). Before the meter, 14,000
// lookups a second went through the space in 21 hours.
//
// Device tokens and organizer keys are 128 random bits, personal links
// 256: at any speed, guessing one is hopeless (2^128 / 9,000 a second ≈
// 1e27 years), so the meter is not what protects them. It is there so that a made-up secret
// costs the server one read and nothing else: an address may fail 150 times
// at once, then once a second; past that, a request whose secrets do not
// check out is refused (429) instead of going on as a first join (which
// would spend the joins bucket) or reaching its handler. Secrets are still
// looked up first, so a real attendee or organizer behind the same NAT is
// never refused because of a stranger's junk. The 150 leave room for
// honest failures: consoles still open on a rotated key, phones whose
// attendee was removed, a test that tries four wrong keys on every
// organizer route (about 90).
const (
	codeFailBurst        = 100
	codeFailEvery        = 6 * time.Second
	secretFailBurst      = 150
	secretFailsPerSecond = 1
)

var codeFailsPerSecond = rate.Every(codeFailEvery)

func codeFailKey(ip string) string   { return "guess-code:" + ip }
func secretFailKey(ip string) string { return "guess-secret:" + ip }

// countFailedSecret counts a device token or organizer key that did not
// check out; false when the address had no failure left.
func (s *Server) countFailedSecret(c *gin.Context) bool {
	return s.limiter.allow(secretFailKey(c.ClientIP()), secretFailsPerSecond, secretFailBurst)
}

// level is a token bucket that can be given a token back: a lookup pays
// before it runs and is repaid when it found something.
type level struct {
	tokens float64
	at     time.Time
}

// fill brings the key's level up to now. l.mu is held.
func (l *writeLimiter) fill(key string, perSecond rate.Limit, burst int, now time.Time) *level {
	l.forgetIdle(now)
	v, ok := l.levels[key]
	if !ok {
		v = &level{tokens: float64(burst), at: now}
		l.levels[key] = v
	}
	if d := now.Sub(v.at); d > 0 {
		v.tokens = min(float64(burst), v.tokens+d.Seconds()*float64(perSecond))
	}
	v.at = now
	return v
}

// take takes a token of the key's level; giveBack returns it.
func (l *writeLimiter) take(key string, perSecond rate.Limit, burst int) (ok bool, giveBack func()) {
	l.mu.Lock()
	defer l.mu.Unlock()
	v := l.fill(key, perSecond, burst, l.now())
	if v.tokens < 1 {
		return false, nil
	}
	v.tokens--
	return true, func() {
		l.mu.Lock()
		defer l.mu.Unlock()
		v := l.fill(key, perSecond, burst, l.now())
		v.tokens = min(float64(burst), v.tokens+1)
	}
}

// levelRetryAfter is how many whole seconds until the key's level holds a
// token again (at least 1).
func (l *writeLimiter) levelRetryAfter(key string, perSecond rate.Limit, burst int) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	missing := 1 - l.fill(key, perSecond, burst, l.now()).tokens
	return max(1, int(math.Ceil(missing/float64(perSecond)-1e-9)))
}

// meterGuesses is a middleware of every route: it meters failed lookups of
// join codes, device tokens and organizer keys per address.
func (s *Server) meterGuesses(c *gin.Context) {
	ip := c.ClientIP()
	switch path := c.FullPath(); {
	case path == "/api/join/:code" || path == "/j/:code":
		// A failure is paid before the lookup, so that a thousand guesses
		// sent at once cannot all get through; a hit is given back.
		key := codeFailKey(ip)
		ok, giveBack := s.limiter.take(key, codeFailsPerSecond, codeFailBurst)
		if !ok {
			s.refuseGuess(c, s.limiter.levelRetryAfter(key, codeFailsPerSecond, codeFailBurst))
			return
		}
		c.Next()
		if c.Writer.Status() != http.StatusNotFound {
			giveBack()
		}
	case path == "/o/:id":
		key, ok := c.GetQuery("key")
		if !ok {
			c.Next()
			return
		}
		if s.limiter.empty(secretFailKey(ip), secretFailsPerSecond, secretFailBurst) &&
			isLookupFailure(s.checkOrganizerKey(c, c.Param("id"), key)) {
			s.refuseGuess(c, s.limiter.retryAfter(secretFailKey(ip), secretFailsPerSecond, secretFailBurst))
			return
		}
		c.Next()
		if st := c.Writer.Status(); st == http.StatusUnauthorized || st == http.StatusNotFound {
			s.countFailedSecret(c)
		}
	case path == "/l/:token":
		// A personal link is a secret like a device token: a wrong one
		// counts, and once the address has failed too often it is refused
		// before the page runs, unless it is a real one.
		if s.limiter.empty(secretFailKey(ip), secretFailsPerSecond, secretFailBurst) {
			if _, err := s.store.LinkOwner(c.Request.Context(), hashSecret(c.Param("token"))); isLookupFailure(err) {
				s.refuseGuess(c, s.limiter.retryAfter(secretFailKey(ip), secretFailsPerSecond, secretFailBurst))
				return
			}
		}
		c.Next()
		if c.Writer.Status() == http.StatusNotFound {
			s.countFailedSecret(c)
		}
	case strings.HasPrefix(path, "/api/events/:id"):
		eventID := c.Param("id")
		if attendeeToken(c, eventID) == "" && organizerKey(c, eventID) == "" {
			c.Next()
			return
		}
		// Once the address has failed too often, the secrets are checked
		// before anything else runs: a real one goes on, a made-up one is
		// refused here.
		if s.limiter.empty(secretFailKey(ip), secretFailsPerSecond, secretFailBurst) {
			// Someone whose own secret checks out goes on, whatever stale
			// secret their browser also sends (an old organizer cookie
			// after a rotation): they are a real person, not a guesser.
			if id := s.callerOf(c); id.failedSecret && !id.hasAttendee() && !id.organizer {
				s.refuseGuess(c, s.limiter.retryAfter(secretFailKey(ip), secretFailsPerSecond, secretFailBurst))
				return
			}
		}
		c.Next()
		// A handler that checks the token in its own store read (GET /me)
		// does not resolve the identity: its 401 is the failure.
		if v, _ := c.Get(identityKey{}); v == nil || !v.(*identity).resolved {
			if c.Writer.Status() == http.StatusUnauthorized {
				s.countFailedSecret(c)
			}
		}
	default:
		c.Next()
	}
}

// refuseGuess answers 429 with the seconds to wait: JSON under /api/, a
// short page for the links people open (/j/…, /o/…?key=, /l/…).
func (s *Server) refuseGuess(c *gin.Context, seconds int) {
	if strings.HasPrefix(c.FullPath(), "/api/") {
		s.tooMany(c, seconds)
		return
	}
	c.Header("Retry-After", strconv.Itoa(seconds))
	c.Header("Content-Type", "text/html; charset=utf-8")
	c.String(http.StatusTooManyRequests, `<!doctype html><html lang="fr"><meta charset="utf-8">`+
		`<meta name="viewport" content="width=device-width,initial-scale=1"><title>openspace</title>`+
		`<body style="font-family:sans-serif;max-width:30em;margin:3em auto;padding:0 1em">`+
		`<h1>Trop d’essais · Too many attempts</h1>`+
		`<p>Trop de codes ou de liens erronés ont été essayés depuis votre réseau. Patientez quelques secondes, puis rechargez la page.</p>`+
		`<p lang="en">Too many wrong codes or links were tried from your network. Wait a few seconds, then reload the page.</p>`+
		`<p><a href="/">openspace</a></p></body></html>`)
	c.Abort()
}
