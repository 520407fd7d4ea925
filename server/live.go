package server

import (
	"net"

	"github.com/gin-gonic/gin"
)

// handleWS handles "GET /api/events/:id/ws": the live stream of an event.
// role=organizer asks for the organizer stream, which carries the draft.
func (s *Server) handleWS(c *gin.Context) {
	eventID := c.Param("id")
	if _, err := s.store.Event(c.Request.Context(), eventID); err != nil {
		s.writeError(c, err)
		return
	}
	organizer := false
	if c.Query("role") == "organizer" {
		if id := s.callerOf(c); !id.organizer {
			s.writeError(c, s.notOrganizer(id))
			return
		}
		organizer = true
	}
	// The hub counts connections per address: behind a trusted proxy that
	// is the client's (gin's ClientIP), not the proxy's.
	r := c.Request
	if ip := c.ClientIP(); ip != "" {
		if host, _, err := net.SplitHostPort(r.RemoteAddr); err != nil || host != ip {
			r = r.Clone(r.Context())
			r.RemoteAddr = net.JoinHostPort(ip, "0")
		}
	}
	s.live.ServeWS(c.Writer, r, eventID, organizer)
}
