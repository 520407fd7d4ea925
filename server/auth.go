package server

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
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
func newSecret() string { return randomSecret(16) }

// newLinkToken returns 256 random bits, base64url: a personal link, which
// travels in an address (QR codes, messages) and lives the whole evening.
func newLinkToken() string { return randomSecret(32) }

func randomSecret(bytes int) string {
	b := make([]byte, bytes)
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
