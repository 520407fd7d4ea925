package server

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"openspace/assets"
	"openspace/ui"
)

// The attendee page as an installable web app that opens offline
// (docs/OFFLINE.md): its service worker and each event's manifest.

// workerCSP is the service worker's own policy (a worker follows the CSP
// of its script's response): it fetches from this origin only and runs
// nothing else; the rest is what every answer that is not a page says.
const workerCSP = "default-src 'none'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

// The manifest's colours are app.css's: the bar and the page's background.
const (
	themeColor      = "#12263f"
	backgroundColor = "#f4f3ef"
)

func (s *Server) registerWebAppRoutes(r *gin.Engine) {
	r.GET("/sw.js", s.handleServiceWorker)
	r.GET("/e/:id/manifest.webmanifest", s.handleManifest)
}

// handleServiceWorker handles "GET /sw.js": the worker of this version.
// Served at the root so that its scope may be /e/ without
// Service-Worker-Allowed; no-cache, so that the browser's update check
// sees a deploy at once (a 304 on the version's ETag otherwise).
func (s *Server) handleServiceWorker(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("Content-Type", "text/javascript; charset=utf-8")
	h.Set("Cache-Control", "no-cache")
	h.Set("Content-Security-Policy", workerCSP)
	h.Set("ETag", `"`+ui.Version()+`"`)
	http.ServeContent(c.Writer, c.Request, "sw.js", time.Time{}, bytes.NewReader(ui.ServiceWorker()))
}

// manifest is a web app manifest (W3C Web Application Manifest).
type manifest struct {
	ID              string         `json:"id"`
	Name            string         `json:"name"`
	ShortName       string         `json:"short_name"`
	Lang            string         `json:"lang,omitempty"`
	StartURL        string         `json:"start_url"`
	Scope           string         `json:"scope"`
	Display         string         `json:"display"`
	ThemeColor      string         `json:"theme_color"`
	BackgroundColor string         `json:"background_color"`
	Icons           []manifestIcon `json:"icons"`
}

type manifestIcon struct {
	Src     string `json:"src"`
	Sizes   string `json:"sizes"`
	Type    string `json:"type"`
	Purpose string `json:"purpose"`
}

// handleManifest handles "GET /e/:id/manifest.webmanifest": the event's
// page as an app of its own, named after the event.
func (s *Server) handleManifest(c *gin.Context) {
	ev, err := s.store.Event(c.Request.Context(), c.Param("id"))
	if err != nil {
		s.writeError(c, err)
		return
	}
	page := "/e/" + ev.ID
	data, err := json.Marshal(manifest{
		ID: page, Name: ev.Title, ShortName: shortName(ev.Title, 12), Lang: ev.Language,
		StartURL: page, Scope: page, Display: "standalone",
		ThemeColor: themeColor, BackgroundColor: backgroundColor,
		Icons: []manifestIcon{
			{Src: assets.Path("icon-192.png"), Sizes: "192x192", Type: "image/png", Purpose: "any"},
			{Src: assets.Path("icon-512.png"), Sizes: "512x512", Type: "image/png", Purpose: "any"},
			{Src: assets.Path("icon-maskable-512.png"), Sizes: "512x512", Type: "image/png", Purpose: "maskable"},
		},
	})
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.Header("Cache-Control", "no-cache") // the title may change
	c.Data(http.StatusOK, "application/manifest+json", data)
}

// shortName is what fits under an icon: the title if it has at most max
// characters, else its words up to max, else its first max-1 and "…".
func shortName(title string, max int) string {
	r := []rune(title)
	if len(r) <= max {
		return title
	}
	if i := strings.LastIndexByte(string(r[:max+1]), ' '); i > 0 {
		return strings.TrimSpace(string(r[:max+1])[:i])
	}
	return string(r[:max-1]) + "…"
}
