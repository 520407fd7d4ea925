package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"openspace/openspace"
)

// handleDraftOp handles "POST /api/events/:id/draft/ops".
func (s *Server) handleDraftOp(c *gin.Context) {
	eventID := c.Param("id")
	var op openspace.PlanOp
	if err := decodeJSON(c, &op); err != nil {
		s.writeError(c, err)
		return
	}
	p, err := s.store.ApplyPlanOp(c.Request.Context(), eventID, op)
	if err != nil {
		s.writeError(c, err)
		return
	}
	s.announce(c, eventID, openspace.Change{Draft: true})
	c.JSON(http.StatusOK, p)
}

// handleDraftReplace handles "PUT /api/events/:id/draft".
func (s *Server) handleDraftReplace(c *gin.Context) {
	eventID := c.Param("id")
	var in openspace.Plan
	if err := decodeJSON(c, &in); err != nil {
		s.writeError(c, err)
		return
	}
	p, err := s.store.ReplaceDraft(c.Request.Context(), eventID, in)
	if err != nil {
		s.writeError(c, err)
		return
	}
	s.announce(c, eventID, openspace.Change{Draft: true})
	c.JSON(http.StatusOK, p)
}

// handlePublish handles "POST /api/events/:id/publish".
func (s *Server) handlePublish(c *gin.Context) {
	eventID := c.Param("id")
	p, err := s.store.Publish(c.Request.Context(), eventID)
	if err != nil {
		s.writeError(c, err)
		return
	}
	s.announce(c, eventID, openspace.Change{Plan: true, Draft: true})
	c.JSON(http.StatusOK, p)
}
