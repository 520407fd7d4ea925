package server

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"openspace/openspace"
)

// Cookie names carry the event ID so that one browser can attend or run
// several events at once.
const (
	attendeeCookiePrefix  = "os_att_"
	organizerCookiePrefix = "os_org_"
	organizerKeyHeader    = "X-Organizer-Key"
	cookieMaxAge          = 60 * 60 * 24 * 90 // an event's people come back for the recap
)

// newSecret returns 128 random bits, base64url: attendee tokens and organizer keys.
func newSecret() string {
	b := make([]byte, 16)
	rand.Read(b) // never fails: crypto/rand panics rather than return short output
	return base64.RawURLEncoding.EncodeToString(b)
}

// hashSecret is what the store keeps: a stolen file holds no usable secret.
func hashSecret(secret string) []byte {
	sum := sha256.Sum256([]byte(secret))
	return sum[:]
}

func (s *Server) setCookie(c *gin.Context, name, value string) {
	http.SetCookie(c.Writer, &http.Cookie{
		Name: name, Value: value, Path: "/", MaxAge: cookieMaxAge,
		HttpOnly: true, Secure: s.secureCookies, SameSite: http.SameSiteLaxMode,
	})
}

// attendeeToken returns the device token from the Authorization header or
// the event's cookie.
func attendeeToken(c *gin.Context, eventID string) string {
	if h := c.GetHeader("Authorization"); strings.HasPrefix(h, "Bearer ") {
		return strings.TrimSpace(strings.TrimPrefix(h, "Bearer "))
	}
	if v, err := c.Cookie(attendeeCookiePrefix + eventID); err == nil {
		return v
	}
	return ""
}

// Keys of what the write limiter already checked, kept on the request so
// that a vote reads its attendee once.
const (
	ctxAttendee  = "openspace.attendee"
	ctxOrganizer = "openspace.organizer"
)

// currentAttendee resolves the caller to an attendee of the event.
func (s *Server) currentAttendee(c *gin.Context, eventID string) (openspace.Attendee, error) {
	if a, ok := c.Get(ctxAttendee); ok {
		return a.(openspace.Attendee), nil
	}
	token := attendeeToken(c, eventID)
	if token == "" {
		if _, err := s.store.Event(c.Request.Context(), eventID); err != nil {
			return openspace.Attendee{}, err // an unknown event is a 404 for everyone
		}
		return openspace.Attendee{}, openspace.Errorf(openspace.EUNAUTHORIZED, "Join the event first.")
	}
	return s.store.AttendeeByToken(c.Request.Context(), eventID, hashSecret(token))
}

// organizerKey returns the organizer key from the header or the event's cookie.
func organizerKey(c *gin.Context, eventID string) string {
	if k := c.GetHeader(organizerKeyHeader); k != "" {
		return k
	}
	if v, err := c.Cookie(organizerCookiePrefix + eventID); err == nil {
		return v
	}
	return ""
}

// checkOrganizerKey compares in constant time with the stored hash.
func (s *Server) checkOrganizerKey(c *gin.Context, eventID, key string) error {
	want, err := s.store.OrganizerKeyHash(c.Request.Context(), eventID)
	if err != nil {
		return err
	}
	if key == "" || subtle.ConstantTimeCompare(hashSecret(key), want) != 1 {
		return openspace.Errorf(openspace.EUNAUTHORIZED, "Open your organizer link first.")
	}
	return nil
}

// isOrganizer reports whether the caller holds the event's organizer key,
// for routes open to everyone that the organizer may use differently.
func (s *Server) isOrganizer(c *gin.Context, eventID string) bool {
	if c.GetBool(ctxOrganizer) {
		return true
	}
	key := organizerKey(c, eventID)
	return key != "" && s.checkOrganizerKey(c, eventID, key) == nil
}

// requireOrganizer is the middleware of every organizer route.
func (s *Server) requireOrganizer(c *gin.Context) {
	eventID := c.Param("id")
	if c.GetBool(ctxOrganizer) {
		c.Next()
		return
	}
	if err := s.checkOrganizerKey(c, eventID, organizerKey(c, eventID)); err != nil {
		s.writeError(c, err)
		return
	}
	c.Next()
}
