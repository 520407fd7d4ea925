package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"openspace/openspace"
)

// handleTopicCreate handles "POST /api/events/:id/topics": an attendee
// proposes while proposals are open; the organizer may add one any time.
func (s *Server) handleTopicCreate(c *gin.Context) {
	eventID := c.Param("id")
	var in openspace.TopicInput
	if err := decodeJSON(c, &in); err != nil {
		s.writeError(c, err)
		return
	}
	byOrganizer := s.isOrganizer(c)
	proposerID := ""
	if !byOrganizer {
		a, err := s.currentAttendee(c)
		if err != nil {
			s.writeError(c, err)
			return
		}
		proposerID = a.ID
	}
	t, err := s.store.CreateTopic(c.Request.Context(), eventID, proposerID, in, byOrganizer)
	if err != nil {
		s.writeError(c, err)
		return
	}
	s.announce(c, eventID, openspace.Change{Topics: []string{t.ID}})
	c.JSON(http.StatusCreated, t)
}

// handleTopicUpdate handles "PATCH /api/events/:id/topics/:tid".
func (s *Server) handleTopicUpdate(c *gin.Context) {
	eventID := c.Param("id")
	var in openspace.TopicInput
	if err := decodeJSON(c, &in); err != nil {
		s.writeError(c, err)
		return
	}
	t, err := s.store.UpdateTopic(c.Request.Context(), eventID, c.Param("tid"), in)
	if err != nil {
		s.writeError(c, err)
		return
	}
	// New needs may have taken the topic out of a room without them.
	s.announce(c, eventID, openspace.Change{Topics: []string{t.ID}, Plan: true, Draft: true})
	c.JSON(http.StatusOK, t)
}

type hostSessionsRequest struct {
	HostSessions []string `json:"host_sessions"`
}

// handleTopicHostSessions handles "PUT /api/events/:id/topics/:tid/host-sessions":
// the topic's proposer (or the organizer) says in which sessions they can
// host it; an empty list means any.
func (s *Server) handleTopicHostSessions(c *gin.Context) {
	eventID := c.Param("id")
	var req hostSessionsRequest
	if err := decodeJSON(c, &req); err != nil {
		s.writeError(c, err)
		return
	}
	organizer, attendeeID := s.isOrganizer(c), ""
	if !organizer {
		a, err := s.currentAttendee(c)
		if err != nil {
			s.writeError(c, err)
			return
		}
		attendeeID = a.ID
	}
	t, err := s.store.SetHostSessions(c.Request.Context(), eventID, c.Param("tid"), attendeeID, organizer, req.HostSessions)
	if err != nil {
		s.writeError(c, err)
		return
	}
	s.announce(c, eventID, openspace.Change{Topics: []string{t.ID}})
	c.JSON(http.StatusOK, t)
}

// handleTopicDelete handles "DELETE /api/events/:id/topics/:tid".
func (s *Server) handleTopicDelete(c *gin.Context) {
	eventID, topicID := c.Param("id"), c.Param("tid")
	if err := s.store.DeleteTopic(c.Request.Context(), eventID, topicID); err != nil {
		s.writeError(c, err)
		return
	}
	s.announce(c, eventID, openspace.Change{Removed: []string{topicID}, Plan: true, Draft: true, Event: true}) // Event: it may leave the pitch queue
	c.Status(http.StatusNoContent)
}

type mergeRequest struct {
	Source string `json:"source"`
}

// handleTopicMerge handles "POST /api/events/:id/topics/:tid/merge".
func (s *Server) handleTopicMerge(c *gin.Context) {
	eventID, targetID := c.Param("id"), c.Param("tid")
	var req mergeRequest
	if err := decodeJSON(c, &req); err != nil {
		s.writeError(c, err)
		return
	}
	if req.Source == "" {
		s.writeError(c, openspace.Errorf(openspace.EINVALID, "Say which topic to merge into this one (source)."))
		return
	}
	t, err := s.store.MergeTopics(c.Request.Context(), eventID, targetID, req.Source)
	if err != nil {
		s.writeError(c, err)
		return
	}
	s.announce(c, eventID, openspace.Change{Topics: []string{t.ID}, Removed: []string{req.Source}, Plan: true, Draft: true, Event: true, Notes: []string{t.ID}, Feedback: true}) // Event: the source may leave the pitch queue
	c.JSON(http.StatusOK, t)
}

// handleVotePut handles "PUT /api/events/:id/topics/:tid/vote".
func (s *Server) handleVotePut(c *gin.Context) {
	s.handleVote(c, true)
}

// handleVoteDelete handles "DELETE /api/events/:id/topics/:tid/vote".
func (s *Server) handleVoteDelete(c *gin.Context) {
	s.handleVote(c, false)
}

func (s *Server) handleVote(c *gin.Context, put bool) {
	eventID, topicID := c.Param("id"), c.Param("tid")
	a, err := s.currentAttendee(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	vote := s.store.Unvote
	if put {
		vote = s.store.Vote
	}
	ballot, err := vote(c.Request.Context(), eventID, a.ID, topicID)
	if err != nil {
		s.writeError(c, err)
		return
	}
	s.announce(c, eventID, openspace.Change{Topics: []string{topicID}})
	c.JSON(http.StatusOK, ballot)
}
