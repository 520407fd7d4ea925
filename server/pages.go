package server

import (
	"bytes"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"openspace/assets"
	"openspace/openspace"
	"openspace/ui"
)

// registerPageRoutes lists every HTML page and the static assets.
func (s *Server) registerPageRoutes(r *gin.Engine) {
	r.GET("/healthz", s.handleHealthz)
	r.HEAD("/healthz", s.handleHealthz)
	r.GET("/assets/*path", gin.WrapH(assets.Handler()))
	r.GET("/", s.handlePage("home"))
	r.GET("/e/:id", s.handleEventPage("attendee"))
	r.GET("/p/:id", s.handleEventPage("projector"))
	r.GET("/o/:id", s.handleOrganizerPage)
	r.GET("/print/:id", s.handlePrintPage) // calendar.go
	r.GET("/j/:code", s.handleJoinLink)
	r.GET("/l/:token", s.handlePersonalLink)     // link.go
	r.POST("/l/:token", s.handlePersonalLinkUse) // link.go
	s.registerWebAppRoutes(r)                    // webapp.go: /sw.js and each event's manifest
}

// handleHealthz handles "GET /healthz" and "HEAD /healthz".
func (s *Server) handleHealthz(c *gin.Context) {
	if s.ping != nil {
		if err := s.ping(c.Request.Context()); err != nil {
			s.logger.Error("health check", "err", err)
			c.JSON(http.StatusServiceUnavailable, gin.H{"status": "unavailable"})
			return
		}
	}
	c.JSON(http.StatusOK, gin.H{"status": "ok"})
}

func (s *Server) render(c *gin.Context, page string, data ui.Page) {
	var buf bytes.Buffer
	if err := ui.Render(&buf, page, data); err != nil {
		s.writeError(c, err)
		return
	}
	c.Header("Cache-Control", "no-cache")
	c.Header("X-Content-Type-Options", "nosniff")
	c.Header("Referrer-Policy", "no-referrer") // the organizer key must never leak in a Referer
	c.Header("Content-Security-Policy", pageCSP(c.Request))
	assets.ServePage(c.Writer, c.Request, buf.Bytes())
}

// handlePage serves a page that belongs to no event.
func (s *Server) handlePage(page string) gin.HandlerFunc {
	return func(c *gin.Context) { s.render(c, page, ui.Page{JoinBase: s.joinBase(c.Request)}) }
}

// handleEventPage serves a page of an existing event: "GET /e/:id", "GET /p/:id".
func (s *Server) handleEventPage(page string) gin.HandlerFunc {
	return func(c *gin.Context) {
		ev, err := s.store.Event(c.Request.Context(), c.Param("id"))
		if err != nil {
			s.writePageError(c, err)
			return
		}
		s.render(c, page, ui.Page{EventID: ev.ID, Title: ev.Title, JoinBase: s.joinBase(c.Request), Reachable: s.reachable})
	}
}

// handleOrganizerPage handles "GET /o/:id". Opened with ?key=, it swaps the
// key for a cookie and redirects, so the secret leaves the address bar and
// the history.
func (s *Server) handleOrganizerPage(c *gin.Context) {
	eventID := c.Param("id")
	if key, ok := c.GetQuery("key"); ok {
		if err := s.checkOrganizerKey(c, eventID, key); err != nil {
			s.writePageError(c, err)
			return
		}
		s.setCookie(c, organizerCookiePrefix+eventID, key)
		c.Redirect(http.StatusSeeOther, "/o/"+eventID)
		return
	}
	s.handleEventPage("organizer")(c)
}

// handleJoinLink handles "GET /j/:code", the address in the QR code.
func (s *Server) handleJoinLink(c *gin.Context) {
	id, err := s.store.EventIDByJoinCode(c.Request.Context(), strings.TrimSpace(c.Param("code")))
	if err != nil {
		s.writePageError(c, openspace.Errorf(openspace.ENOTFOUND, "Unknown join code."))
		return
	}
	c.Redirect(http.StatusSeeOther, "/e/"+id)
}

// writePageError answers a page request with a short bilingual HTML page:
// a person who mistyped a link should read a sentence, not JSON.
func (s *Server) writePageError(c *gin.Context, err error) {
	code := openspace.ErrorCode(err)
	if code == openspace.EINTERNAL {
		s.writeError(c, err)
		return
	}
	text := pageNotFound
	if code == openspace.EUNAUTHORIZED {
		text = pageBadOrganizerLink
	}
	writeErrorPage(c, errorStatus(code), text)
}

// pageText is what an error page says: a title, then French and English.
// The texts are the server's own, never user input: they go in as HTML.
type pageText struct{ title, fr, en string }

var (
	pageNotFound = pageText{"Introuvable · Not found",
		"Ce lien ne mène à aucun événement. Vérifiez le code ou demandez un nouveau lien.",
		"This link leads to no event. Check the code or ask for a new link."}
	pageBadOrganizerLink = pageText{"Lien organisateur invalide · Invalid organizer link",
		"Ce lien organisateur n’est pas (ou plus) valide : la clé a peut-être été remplacée.",
		"This organizer link is not (or no longer) valid: the key may have been rotated."}
)

func writeErrorPage(c *gin.Context, status int, text pageText) {
	c.Header("Content-Type", "text/html; charset=utf-8")
	c.String(status, `<!doctype html><html lang="fr"><meta charset="utf-8">`+
		`<meta name="viewport" content="width=device-width,initial-scale=1"><title>openspace</title>`+
		`<body style="font-family:sans-serif;max-width:30em;margin:3em auto;padding:0 1em">`+
		`<h1>`+text.title+`</h1><p>`+text.fr+`</p><p lang="en">`+text.en+`</p><p><a href="/">openspace</a></p></body></html>`)
	c.Abort()
}
