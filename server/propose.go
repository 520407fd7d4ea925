package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"openspace/openspace"
	"openspace/openspace/schedule"
)

type proposeRequest struct {
	Seed int64 `json:"seed"`
}

// handleDraftPropose handles "POST /api/events/:id/draft/propose": the
// scheduler computes the draft that lets the most people attend what they
// voted for. Locked cells stay, even where a host said they cannot be;
// after a publish, sessions marked as started keep their published cells
// and the rest moves as few topics as it can.
func (s *Server) handleDraftPropose(c *gin.Context) {
	eventID := c.Param("id")
	var req proposeRequest
	if err := decodeOptionalJSON(c, &req); err != nil {
		s.writeError(c, err)
		return
	}
	ctx := c.Request.Context()
	in, err := s.store.PlanningInput(ctx, eventID)
	if err != nil {
		s.writeError(c, err)
		return
	}
	proposal, err := schedule.ProposeDraft(in, req.Seed)
	if err != nil {
		s.writeError(c, err)
		return
	}
	// The report is stored with the draft: a replay answers both as first
	// computed, not a solution found again on the draft proposed since.
	out, err := s.store.ProposeDraft(ctx, eventID, in.Draft, proposal)
	if err != nil {
		s.writeError(c, err)
		return
	}
	s.announce(c, eventID, openspace.Change{Draft: true})
	c.JSON(http.StatusOK, out)
}

// handleDraftReport handles "GET /api/events/:id/draft/report": the score
// of the current draft, as the organizer left it, with the exact attendance.
func (s *Server) handleDraftReport(c *gin.Context) {
	in, err := s.store.PlanningInput(c.Request.Context(), c.Param("id"))
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, schedule.DraftReport(in))
}
