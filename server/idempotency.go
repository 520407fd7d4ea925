package server

import (
	"bytes"
	"crypto/sha256"
	"io"
	"net/http"

	"github.com/gin-gonic/gin"

	"openspace/openspace"
)

// idempotencyHeader lets a phone on bad Wi-Fi send a write again after a
// lost answer: the same key and request answer as the first time and
// change nothing (the store checks and records the key in the write's own
// transaction).
const idempotencyHeader = "Idempotency-Key"

// replayedHeader marks the answer to a request the key had answered before.
const replayedHeader = "Idempotent-Replayed"

// claimIdempotency is the middleware of the event routes: a write that
// carries an Idempotency-Key gets its claim in the request's context, for
// the store. The key belongs to the caller: the attendee whose device
// token checks out, else the organizer; a request with neither (its
// handler refuses it) and a join (no caller yet) ignore the header.
//
// The attendee comes first when a browser holds both secrets (an
// organizer who also joined): their keys then go with their attendee
// record, and "forget me" forgets them.
func (s *Server) claimIdempotency(c *gin.Context) {
	k := c.GetHeader(idempotencyHeader)
	switch c.Request.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		c.Next()
		return
	}
	if k == "" || isJoin(c) {
		c.Next()
		return
	}
	caller := ""
	switch id := s.callerOf(c); {
	case id.hasAttendee():
		caller = id.attendee.ID
	case id.organizer:
		caller = openspace.IdempotencyOrganizer
	default:
		c.Next()
		return
	}
	claim := &openspace.Idempotency{EventID: c.Param("id"), Caller: caller, Key: k}
	if err := claim.Validate(); err != nil {
		s.writeError(c, err)
		return
	}
	// The body is read once, for the fingerprint, and put back for the
	// handler; limitBody already refused a declared length over the limit.
	body, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, maxBodyBytes))
	if err != nil {
		s.writeError(c, bodyReadError(err))
		return
	}
	c.Request.Body = io.NopCloser(bytes.NewReader(body))
	claim.Fingerprint = fingerprint(c.Request.Method, c.Request.URL.EscapedPath(), body)
	c.Request = c.Request.WithContext(openspace.NewContextWithIdempotency(c.Request.Context(), claim))
	c.Next()
}

// fingerprint is the SHA-256 of the method, the path and the body. The
// escaped path holds no NUL byte, so the separators are unambiguous.
func fingerprint(method, path string, body []byte) []byte {
	h := sha256.New()
	h.Write([]byte(method))
	h.Write([]byte{0})
	h.Write([]byte(path))
	h.Write([]byte{0})
	h.Write(body)
	return h.Sum(nil)
}

// announce publishes a change once its write committed. A replayed write
// changed nothing: nothing goes out (see replayed).
func (s *Server) announce(c *gin.Context, eventID string, ch openspace.Change) {
	if !s.replayed(c) {
		s.live.Publish(eventID, ch)
	}
}

// replayed reports whether the request's write was a replay of its
// Idempotency-Key, and if so says it in the answer's headers.
func (s *Server) replayed(c *gin.Context) bool {
	claim := openspace.IdempotencyFromContext(c.Request.Context())
	if claim == nil || !claim.Replayed {
		return false
	}
	c.Header(replayedHeader, "true")
	return true
}
