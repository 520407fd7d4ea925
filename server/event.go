package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"openspace/openspace"
)

type eventCreateResponse struct {
	Event        openspace.Event `json:"event"`
	OrganizerKey string          `json:"organizer_key"`
	OrganizerURL string          `json:"organizer_url"`
	JoinURL      string          `json:"join_url"`
	AttendeeURL  string          `json:"attendee_url"`
	ProjectorURL string          `json:"projector_url"`
}

func organizerURL(eventID, key string) string { return "/o/" + eventID + "?key=" + key }

// handleEventCreate handles "POST /api/events": the organizer key is
// returned once and only its hash is stored.
func (s *Server) handleEventCreate(c *gin.Context) {
	var setup openspace.EventSetup
	if err := decodeJSON(c, &setup); err != nil {
		s.writeError(c, err)
		return
	}
	key := newSecret()
	ev, err := s.store.CreateEvent(c.Request.Context(), setup, hashSecret(key))
	if err != nil {
		s.writeError(c, err)
		return
	}
	s.setCookie(c, organizerCookiePrefix+ev.ID, key)
	c.JSON(http.StatusCreated, eventCreateResponse{
		Event: ev, OrganizerKey: key, OrganizerURL: organizerURL(ev.ID, key),
		JoinURL: "/j/" + ev.JoinCode, AttendeeURL: "/e/" + ev.ID, ProjectorURL: "/p/" + ev.ID,
	})
}

// handleJoinCode handles "GET /api/join/:code".
func (s *Server) handleJoinCode(c *gin.Context) {
	id, err := s.store.EventIDByJoinCode(c.Request.Context(), c.Param("code"))
	if openspace.ErrorCode(err) == openspace.ENOTFOUND {
		err = openspace.Errorf(openspace.ENOTFOUND, "No event has this code: check it on the projector.")
	}
	if err != nil {
		s.writeError(c, err)
		return
	}
	ev, err := s.store.Event(c.Request.Context(), id)
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"event_id": ev.ID, "title": ev.Title})
}

// handleEventView handles "GET /api/events/:id": the public state.
func (s *Server) handleEventView(c *gin.Context) {
	st, err := s.store.State(c.Request.Context(), c.Param("id"), false)
	if err != nil {
		s.writeError(c, err)
		return
	}
	s.writeBigJSON(c, http.StatusOK, st.Public()) // pagebody.go
}

// handleOrganizerView handles "GET /api/events/:id/organizer": the state with the draft.
func (s *Server) handleOrganizerView(c *gin.Context) {
	st, err := s.store.State(c.Request.Context(), c.Param("id"), true)
	if err != nil {
		s.writeError(c, err)
		return
	}
	s.writeBigJSON(c, http.StatusOK, st)
}

// handleSetupUpdate handles "PUT /api/events/:id/setup".
func (s *Server) handleSetupUpdate(c *gin.Context) {
	var setup openspace.EventSetup
	if err := decodeJSON(c, &setup); err != nil {
		s.writeError(c, err)
		return
	}
	eventID := c.Param("id")
	ev, err := s.store.UpdateSetup(c.Request.Context(), eventID, setup)
	if err != nil {
		s.writeError(c, err)
		return
	}
	// Removed sessions or rooms take their cells with them.
	s.announce(c, eventID, openspace.Change{Event: true, Plan: true, Draft: true})
	c.JSON(http.StatusOK, ev)
}

// handlePhasesUpdate handles "PATCH /api/events/:id/phases".
func (s *Server) handlePhasesUpdate(c *gin.Context) {
	var u openspace.PhaseUpdate
	if err := decodeJSON(c, &u); err != nil {
		s.writeError(c, err)
		return
	}
	eventID := c.Param("id")
	ev, err := s.store.SetPhases(c.Request.Context(), eventID, u)
	if err != nil {
		s.writeError(c, err)
		return
	}
	s.announce(c, eventID, openspace.Change{Event: true})
	c.JSON(http.StatusOK, ev)
}

// handleOrganizerKeyRotate handles "POST /api/events/:id/organizer-key":
// the old key stops working at once, for everyone who holds it.
func (s *Server) handleOrganizerKeyRotate(c *gin.Context) {
	eventID := c.Param("id")
	key := newSecret()
	if err := s.store.SetOrganizerKeyHash(c.Request.Context(), eventID, hashSecret(key)); err != nil {
		s.writeError(c, err)
		return
	}
	s.setCookie(c, organizerCookiePrefix+eventID, key)
	s.live.DropOrganizers(eventID) // open consoles must show the new key, or nothing
	c.JSON(http.StatusOK, gin.H{"organizer_key": key, "organizer_url": organizerURL(eventID, key)})
}
