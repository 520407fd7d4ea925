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
// voted for. Locked cells stay; after a publish, sessions marked as started
// keep their published cells and the rest moves as few topics as it can.
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
	problem, err := schedule.ProblemFor(in.Event, in.Topics, in.Votes).PinSlots(schedule.LockedSlots(in.Draft))
	if err != nil {
		s.writeError(c, err)
		return
	}
	opts := schedule.Options{Seed: req.Seed}
	if in.Published != nil {
		// Sessions under way keep their published cells; the rest moves as
		// little as possible from the published plan.
		opts.Previous, opts.Frozen = schedule.SlotsOf(*in.Published), in.Event.StartedSessions()
	}
	sol := schedule.Solve(problem, opts)
	// The report is stored with the draft: a replay answers both as first
	// computed, not a solution found again on the draft proposed since.
	out, err := s.store.ProposeDraft(ctx, eventID, in.Draft, openspace.DraftProposal{
		Draft: schedule.PlanFromSlots(in.Draft, sol.Slots), Report: schedule.Report(problem, sol, in.Names),
	})
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
