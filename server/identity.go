package server

import (
	"crypto/subtle"

	"github.com/gin-gonic/gin"

	"openspace/openspace"
)

// identityKey is the context key of the request's identity.
type identityKey struct{}

// identity is who the caller of an event route is, from the secrets the
// request carries: a device token (attendee) and an organizer key. It is
// resolved at most once per request, on first use, so a request that
// never asks (a public read) costs no store lookup and one that asks
// twice (the write limiter, then the handler) costs one.
type identity struct {
	s       *Server
	c       *gin.Context
	eventID string

	resolved     bool
	token        string // the device token sent, "" if none
	attendee     openspace.Attendee
	attendeeErr  error  // why the token did not check out; nil when it did or none was sent
	key          string // the organizer key sent, "" if none
	organizer    bool   // the key checked out
	organizerErr error  // why it did not (unknown event, wrong key)

	// failedSecret: a token or key was sent and did not check out (and
	// no organizer key made up for a stale token); the address's
	// failed-secret meter counted it. overGuessed: the meter was already
	// empty, so the request is refused (429) before it reaches anything.
	failedSecret bool
	overGuessed  bool
}

// identify is the middleware of the API's event routes: it attaches the
// caller's identity to the request, resolved lazily.
func (s *Server) identify(c *gin.Context) {
	if v, ok := c.Get(identityKey{}); !ok || v.(*identity).eventID != c.Param("id") {
		// The guess meter (guess.go) may have resolved it already.
		c.Set(identityKey{}, &identity{s: s, c: c, eventID: c.Param("id")})
	}
	c.Next()
}

// callerOf returns the identity of the request, resolving it on first use.
// Requests outside identify (pages, tests of single handlers) get one made
// on the spot.
func (s *Server) callerOf(c *gin.Context) *identity {
	v, ok := c.Get(identityKey{})
	id, _ := v.(*identity)
	if !ok || id == nil || id.eventID != c.Param("id") {
		id = &identity{s: s, c: c, eventID: c.Param("id")}
		c.Set(identityKey{}, id)
	}
	id.resolve()
	return id
}

func (id *identity) resolve() {
	if id.resolved || id.eventID == "" {
		return
	}
	id.resolved = true
	ctx := id.c.Request.Context()
	if id.token = attendeeToken(id.c, id.eventID); id.token != "" {
		id.attendee, id.attendeeErr = id.s.store.AttendeeByToken(ctx, id.eventID, hashSecret(id.token))
	}
	if id.key = organizerKey(id.c, id.eventID); id.key != "" {
		id.organizerErr = id.s.checkOrganizerKey(id.c, id.eventID, id.key)
		id.organizer = id.organizerErr == nil
	}
	badToken := id.token != "" && isLookupFailure(id.attendeeErr)
	badKey := id.key != "" && isLookupFailure(id.organizerErr)
	// A stale device token beside a good organizer key is the organizer's
	// own browser; a good token beside a wrong key is someone guessing.
	if badKey || (badToken && !id.organizer) {
		id.failedSecret = true
		id.overGuessed = !id.s.countFailedSecret(id.c)
	}
}

// isLookupFailure: the secret is unknown, or so is the event it names (not
// a store failure, which says nothing about the caller).
func isLookupFailure(err error) bool {
	code := openspace.ErrorCode(err)
	return code == openspace.EUNAUTHORIZED || code == openspace.ENOTFOUND
}

func errWrongKey() error {
	return openspace.Errorf(openspace.EUNAUTHORIZED, "Open your organizer link first.")
}

// deviceTokenHash is the hash of the device token the request carries, nil
// if none, for a handler that checks it in its own store read (GET /me)
// rather than through currentAttendee.
func (s *Server) deviceTokenHash(c *gin.Context) []byte {
	if token := attendeeToken(c, c.Param("id")); token != "" {
		return hashSecret(token)
	}
	return nil
}

// hasAttendee reports whether a device token was sent and checked out.
func (id *identity) hasAttendee() bool { return id.token != "" && id.attendeeErr == nil }

// currentAttendee resolves the caller to an attendee of the event.
func (s *Server) currentAttendee(c *gin.Context) (openspace.Attendee, error) {
	id := s.callerOf(c)
	if id.token != "" {
		return id.attendee, id.attendeeErr
	}
	// No token: the store says why, a 404 for an unknown event before a 401.
	return s.store.AttendeeByToken(c.Request.Context(), id.eventID, nil)
}

// isOrganizer reports whether the caller holds the event's organizer key,
// for routes open to everyone that the organizer may use differently.
func (s *Server) isOrganizer(c *gin.Context) bool {
	return s.callerOf(c).organizer
}

// requireOrganizer is the middleware of every organizer route.
func (s *Server) requireOrganizer(c *gin.Context) {
	if id := s.callerOf(c); !id.organizer {
		s.writeError(c, s.notOrganizer(id))
		return
	}
	// An organizer route's keys are the organizer's, even from a browser
	// that also joined as an attendee: a retry must find its key whatever
	// becomes of that attendee (removed, signed out by a revoked link).
	if claim := openspace.IdempotencyFromContext(c.Request.Context()); claim != nil {
		claim.Caller = openspace.IdempotencyOrganizer
	}
	c.Next()
}

// notOrganizer says why the caller is not the organizer: an unknown event
// (404) or a missing or wrong key (401).
func (s *Server) notOrganizer(id *identity) error {
	if id.organizerErr != nil {
		return id.organizerErr
	}
	return s.checkOrganizerKey(id.c, id.eventID, "") // no key sent
}

// checkOrganizerKey compares in constant time with the stored hash.
func (s *Server) checkOrganizerKey(c *gin.Context, eventID, key string) error {
	want, err := s.store.OrganizerKeyHash(c.Request.Context(), eventID)
	if err != nil {
		return err
	}
	if key == "" || subtle.ConstantTimeCompare(hashSecret(key), want) != 1 {
		return errWrongKey()
	}
	return nil
}
