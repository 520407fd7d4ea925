package server

import (
	"bytes"
	"context"
	"encoding/base64"
	"html/template"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
	qrcode "github.com/skip2/go-qrcode"

	"openspace/assets"
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
// link. Opening it changes nothing: a browser already signed in as the
// link's attendee goes straight to the event's page; any other gets a page
// that asks before it signs in (handlePersonalLinkUse), so that a link
// preview, a prerender or a link planted on another site never replaces
// the identity a browser holds. An unknown, replaced or revoked link is a
// 404 page, counted by the failed-secret meter (guess.go).
func (s *Server) handlePersonalLink(c *gin.Context) {
	ctx := c.Request.Context()
	owner, _, done := s.openLink(c)
	if done {
		return
	}
	ev, err := s.store.Event(ctx, owner.EventID)
	if err != nil {
		s.writeLinkPageError(c, err)
		return
	}
	var buf bytes.Buffer
	if err := linkConfirmPage.Execute(&buf, linkConfirm{CSS: assets.Path("app.css"), Event: ev.Title, Name: owner.Name, Action: c.Request.URL.EscapedPath(), Replaces: attendeeToken(c, owner.EventID) != ""}); err != nil {
		s.writeError(c, err)
		return
	}
	// same-origin, not no-referrer: under no-referrer the browser posts the
	// form with "Origin: null", which the same-origin check refuses; the
	// address (with the link) still never leaves this site.
	c.Header("Referrer-Policy", "same-origin")
	c.Header("Content-Security-Policy", "default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	c.Data(http.StatusOK, "text/html; charset=utf-8", buf.Bytes())
}

// handlePersonalLinkUse handles "POST /l/:token", the button of the page
// above: this browser is signed in as the link's attendee (a device token
// of its own, the same ballot and budget) and sent to the event's page, so
// the secret leaves the address bar. It creates a device, so it draws on
// the address's joins bucket like a join; secure() has checked that the
// form came from this site.
func (s *Server) handlePersonalLinkUse(c *gin.Context) {
	ctx := c.Request.Context()
	_, linkHash, done := s.openLink(c)
	if done {
		return
	}
	if key := "join:" + c.ClientIP(); !s.limiter.allow(key, joinsPerSecond, joinBurst) {
		c.Header("Retry-After", strconv.Itoa(s.limiter.retryAfter(key, joinsPerSecond, joinBurst)))
		writeErrorPage(c, http.StatusTooManyRequests, pageTooMany)
		return
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

// openLink finds the link's attendee. done means the answer is written:
// the link leads nowhere (404 page), or the browser is already that
// attendee and goes to the event's page.
func (s *Server) openLink(c *gin.Context) (owner openspace.Attendee, linkHash []byte, done bool) {
	linkHash = hashSecret(c.Param("token"))
	owner, err := s.store.LinkOwner(c.Request.Context(), linkHash)
	if err != nil {
		s.writeLinkPageError(c, err)
		return owner, linkHash, true
	}
	if s.signedInAs(c, owner) {
		c.Redirect(http.StatusSeeOther, "/e/"+owner.EventID)
		return owner, linkHash, true
	}
	return owner, linkHash, false
}

// signedInAs reports whether the request's device token is already one of
// that attendee's.
func (s *Server) signedInAs(c *gin.Context, owner openspace.Attendee) bool {
	token := attendeeToken(c, owner.EventID)
	if token == "" {
		return false
	}
	a, err := s.store.AttendeeByToken(c.Request.Context(), owner.EventID, hashSecret(token))
	return err == nil && a.ID == owner.ID
}

type linkConfirm struct {
	CSS, Event, Name, Action string
	Replaces                 bool // the browser holds another identity for this event
}

// linkConfirmPage is bilingual like the other pages drawn without script.
var linkConfirmPage = template.Must(template.New("link").Parse(`<!doctype html><html lang="fr"><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>openspace</title>
<link rel="stylesheet" href="{{.CSS}}"><body><main class="card"><h1>{{.Event}}</h1>
<p>Ce lien personnel fait de ce navigateur un appareil de plus pour {{if .Name}}«{{"\u202f"}}{{.Name}}{{"\u202f"}}»{{else}}la personne qui l’a créé{{end}}{{" "}}: mêmes votes, mêmes points.</p>
<p lang="en">This personal link makes this browser one more device of {{if .Name}}“{{.Name}}”{{else}}the person who made it{{end}}: the same votes, the same dots.</p>
{{if .Replaces}}<p><strong>Ce navigateur a déjà rejoint l’événement sous une autre identité{{" "}}: il la quittera.</strong></p>
<p lang="en"><strong>This browser already joined the event as someone else: it will leave that identity.</strong></p>{{end}}
<form method="post" action="{{.Action}}"><button type="submit">Utiliser ce navigateur · Use this browser</button></form>
<p><a href="/">openspace</a></p></main></body></html>`))

var pageTooMany = pageText{"Trop de demandes · Too many requests",
	"Trop de demandes depuis ce réseau : réessayez dans un instant.",
	"Too many requests from this network: try again in a moment."}

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
