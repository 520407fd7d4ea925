package server

import (
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
	s.live.ServeWS(c.Writer, c.Request, eventID, organizer, c.ClientIP())
}
