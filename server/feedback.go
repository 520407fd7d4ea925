package server

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"openspace/openspace"
)

// FeedbackStore is what the feedback routes need from the store.
type FeedbackStore interface {
	SaveFeedback(ctx context.Context, eventID, attendeeID string, in openspace.FeedbackInput) (openspace.Feedback, error)
	MyFeedback(ctx context.Context, eventID, attendeeID string) (openspace.MyFeedback, error)
	FeedbackReport(ctx context.Context, eventID string) (openspace.FeedbackReport, error)
}

// registerFeedbackRoutes adds the feedback routes: ev for everyone, org for
// the organizer (see docs/API.md).
func (s *Server) registerFeedbackRoutes(ev, org *gin.RouterGroup) {
	ev.PUT("/feedback", s.handleFeedbackPut)
	ev.GET("/feedback/me", s.handleFeedbackMe)
	org.GET("/feedback", s.handleFeedbackList)
}

// handleFeedbackPut handles "PUT /api/events/:id/feedback": the attendee's
// ROTI and comments, replacing what they gave before.
func (s *Server) handleFeedbackPut(c *gin.Context) {
	eventID := c.Param("id")
	a, err := s.currentAttendee(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	var in openspace.FeedbackInput
	if err := decodeJSON(c, &in); err != nil {
		s.writeError(c, err)
		return
	}
	f, err := s.store.SaveFeedback(c.Request.Context(), eventID, a.ID, in)
	if err != nil {
		s.writeError(c, err)
		return
	}
	s.announce(c, eventID, openspace.Change{Feedback: true})
	c.JSON(http.StatusOK, f)
}

// handleFeedbackMe handles "GET /api/events/:id/feedback/me".
func (s *Server) handleFeedbackMe(c *gin.Context) {
	a, err := s.currentAttendee(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	out, err := s.store.MyFeedback(c.Request.Context(), c.Param("id"), a.ID)
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, out)
}

// handleFeedbackList handles "GET /api/events/:id/feedback" (organizer).
func (s *Server) handleFeedbackList(c *gin.Context) {
	out, err := s.store.FeedbackReport(c.Request.Context(), c.Param("id"))
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, out)
}
