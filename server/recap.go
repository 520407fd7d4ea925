package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"openspace/openspace/recap"
)

// RecapStore is what the recap routes need from the store.
type RecapStore interface{}

// registerRecapRoutes adds the recap routes: ev for everyone, org for the
// organizer (see docs/API.md).
func (s *Server) registerRecapRoutes(ev, org *gin.RouterGroup) {
	ev.GET("/recap.md", s.handleRecap)
}

// handleRecap handles "GET /api/events/:id/recap.md".
func (s *Server) handleRecap(c *gin.Context) {
	ctx := c.Request.Context()
	eventID := c.Param("id")
	// The draft is the organizer's; others see the published plan only.
	st, err := s.store.State(ctx, eventID, s.isOrganizer(c))
	if err != nil {
		s.writeError(c, err)
		return
	}
	md := recap.Render(st)
	c.Header("Content-Disposition", `inline; filename="recap.md"`)
	c.Data(http.StatusOK, "text/markdown; charset=utf-8", []byte(md))
}
