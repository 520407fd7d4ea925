package server

import (
	"context"
	"encoding/base64"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	qrcode "github.com/skip2/go-qrcode"

	"openspace/openspace"
)

// LinkStore is what personal links ("use on another device") need from
// the store.
type LinkStore interface {
	CreateLink(ctx context.Context, eventID, attendeeID string, linkHash []byte) (openspace.PersonalLink, error)
	RevokeLink(ctx context.Context, eventID, attendeeID string, keepDevice []byte) error
	LinkOwner(ctx context.Context, linkHash []byte) (openspace.Attendee, error)
	UseLink(ctx context.Context, linkHash, deviceHash []byte) (openspace.Attendee, error)
}

// registerLinkRoutes adds the personal link's API routes: ev for everyone,
// org for the organizer (see docs/API.md). The link itself, GET /l/:token,
// is a page (pages.go).
func (s *Server) registerLinkRoutes(ev, org *gin.RouterGroup) {
	ev.POST("/me/link", s.handleLinkCreate)
	ev.DELETE("/me/link", s.handleLinkDelete)
	org.DELETE("/attendees/:aid/link", s.handleAttendeeLinkDelete)
}

// linkQRSize is the side of the link's QR code in pixels: sharp on a
// phone held up to another phone's camera.
const linkQRSize = 320

type linkResponse struct {
	URL       string    `json:"url"`
	QR        string    `json:"qr"` // a data: URL of a PNG
	CreatedAt time.Time `json:"created_at"`
}

// handleLinkCreate handles "POST /api/events/:id/me/link": a new personal
// link for the attendee, shown once (only its hash is stored); the one
// before stops working.
func (s *Server) handleLinkCreate(c *gin.Context) {
	a, err := s.currentAttendee(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	token := newLinkToken()
	url := s.joinBase(c.Request) + "/l/" + token
	png, err := qrcode.Encode(url, qrcode.Medium, linkQRSize)
	if err != nil { // only an absurd Host header makes the URL too long to encode
		s.writeError(c, openspace.Errorf(openspace.EINVALID, "The address is too long for a QR code."))
		return
	}
	link, err := s.store.CreateLink(c.Request.Context(), c.Param("id"), a.ID, hashSecret(token))
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusCreated, linkResponse{
		URL: url, QR: "data:image/png;base64," + base64.StdEncoding.EncodeToString(png), CreatedAt: link.CreatedAt,
	})
}

// handleLinkDelete handles "DELETE /api/events/:id/me/link": the link stops
// working and every browser that came in through one of the attendee's
// links is signed out, but the one asking.
func (s *Server) handleLinkDelete(c *gin.Context) {
	a, err := s.currentAttendee(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	if err := s.store.RevokeLink(c.Request.Context(), c.Param("id"), a.ID, s.deviceTokenHash(c)); err != nil {
		s.writeError(c, err)
		return
	}
	s.replayed(c)
	c.Status(http.StatusNoContent)
}

// handleAttendeeLinkDelete handles "DELETE /api/events/:id/attendees/:aid/link"
// (organizer): the attendee's link stops working and every browser that
// came in through one of their links is signed out.
func (s *Server) handleAttendeeLinkDelete(c *gin.Context) {
	if err := s.store.RevokeLink(c.Request.Context(), c.Param("id"), c.Param("aid"), nil); err != nil {
		s.writeError(c, err)
		return
	}
	s.replayed(c)
	c.Status(http.StatusNoContent)
}

// handlePersonalLink handles "GET /l/:token", the address of a personal
// link: this browser is signed in as the link's attendee (a device token
// of its own, the same ballot and budget) and sent to the event's page, so
// the secret leaves the address bar and the history. A browser already
// signed in as that attendee keeps its device. An unknown, replaced or
// revoked link is a 404 page, counted by the failed-secret meter
// (guess.go).
func (s *Server) handlePersonalLink(c *gin.Context) {
	ctx := c.Request.Context()
	linkHash := hashSecret(c.Param("token"))
	owner, err := s.store.LinkOwner(ctx, linkHash)
	if err != nil {
		s.writeLinkPageError(c, err)
		return
	}
	if token := attendeeToken(c, owner.EventID); token != "" {
		if a, err := s.store.AttendeeByToken(ctx, owner.EventID, hashSecret(token)); err == nil && a.ID == owner.ID {
			c.Redirect(http.StatusSeeOther, "/e/"+owner.EventID)
			return
		}
	}
	token := newSecret()
	a, err := s.store.UseLink(ctx, linkHash, hashSecret(token))
	if err != nil { // revoked since LinkOwner
		s.writeLinkPageError(c, err)
		return
	}
	s.setCookie(c, attendeeCookiePrefix+a.EventID, token)
	c.Redirect(http.StatusSeeOther, "/e/"+a.EventID)
}

var pageBadPersonalLink = pageText{"Lien personnel invalide · Invalid personal link",
	"Ce lien personnel n’est pas (ou plus) valide\u202f: il a peut-être été remplacé ou révoqué. " +
		"Créez-en un nouveau sur l’appareil où vous avez rejoint l’événement, ou rejoignez-le avec son code.",
	"This personal link is not (or no longer) valid: it may have been replaced or revoked. " +
		"Make a new one on the device you joined the event from, or join it with its code."}

// writeLinkPageError is writePageError with the personal link's words for
// a link that leads nowhere.
func (s *Server) writeLinkPageError(c *gin.Context, err error) {
	if openspace.ErrorCode(err) != openspace.ENOTFOUND {
		s.writePageError(c, err)
		return
	}
	writeErrorPage(c, http.StatusNotFound, pageBadPersonalLink)
}
