package server

import (
	"context"
	"html"
	"net/http"

	"github.com/gin-gonic/gin"

	"openspace/openspace"
	"openspace/openspace/recap"
)

// RecapStore is what the recap routes need from the store.
type RecapStore interface {
	Recap(ctx context.Context, eventID string) (recap.Evening, error)
	SetIntro(ctx context.Context, eventID, intro string) (openspace.Event, error)
}

// registerRecapRoutes adds the recap routes: ev for everyone, org for the
// organizer (see docs/API.md). The recap is the organizer's until they
// post it: it holds the draft when nothing is published.
func (s *Server) registerRecapRoutes(ev, org *gin.RouterGroup) {
	org.GET("/recap.md", s.handleRecap)
	org.GET("/recap.html", s.handleRecapHTML)
	org.PUT("/intro", s.handleIntroUpdate)
	org.GET("/intro/suggestion", s.handleIntroSuggestion)
}

// recapOf reads the evening and renders its Markdown in the format the
// query asks for (?format=jekyll, the default, or hugo).
func (s *Server) recapOf(c *gin.Context) (recap.Evening, string, bool) {
	format, err := recap.ParseFormat(c.Query("format"))
	if err != nil {
		s.writeError(c, err)
		return recap.Evening{}, "", false
	}
	ev, err := s.store.Recap(c.Request.Context(), c.Param("id"))
	if err != nil {
		s.writeError(c, err)
		return recap.Evening{}, "", false
	}
	return ev, recap.Render(ev, format), true
}

// handleRecap handles "GET /api/events/:id/recap.md".
func (s *Server) handleRecap(c *gin.Context) {
	_, md, ok := s.recapOf(c)
	if !ok {
		return
	}
	disposition := "inline"
	if c.Query("download") != "" {
		disposition = "attachment"
	}
	c.Header("Content-Disposition", disposition+`; filename="recap.md"`)
	c.Header("Cache-Control", "no-store")
	c.Data(http.StatusOK, "text/markdown; charset=utf-8", []byte(md))
}

// recapStyle is the preview's only style: a blog's reading column.
const recapStyle = `body{font:16px/1.6 system-ui,sans-serif;color:#1f2328;max-width:46rem;margin:0 auto;padding:1rem 1.5rem 3rem}
h1,h2,h3{line-height:1.25}h1{font-size:1.8rem}h2{margin-top:2rem;border-bottom:1px solid #d0d7de;padding-bottom:.3rem}
table{border-collapse:collapse;margin:1rem 0;display:block;overflow-x:auto}th,td{border:1px solid #d0d7de;padding:.3rem .6rem}
th{background:#f6f8fa}blockquote{margin:0;padding:0 1rem;color:#59636e;border-left:.25rem solid #d0d7de}`

// handleRecapHTML handles "GET /api/events/:id/recap.html": the recap as a
// blog would show it, for the console's sandboxed preview. Raw HTML is
// never rendered, and the page may load nothing and run nothing.
func (s *Server) handleRecapHTML(c *gin.Context) {
	ev, md, ok := s.recapOf(c)
	if !ok {
		return
	}
	body, err := recap.HTML(md)
	if err != nil {
		s.writeError(c, err)
		return
	}
	lang := ev.Event.Language
	if lang != openspace.LangEN {
		lang = openspace.LangFR
	}
	title := recap.Title(ev)
	page := "<!doctype html>\n<html lang=\"" + lang + "\"><head><meta charset=\"utf-8\"><title>" + html.EscapeString(title) +
		"</title><style>" + recapStyle + "</style></head><body>\n<h1>" + html.EscapeString(title) + "</h1>\n" + body + "</body></html>\n"
	c.Header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	c.Header("X-Content-Type-Options", "nosniff")
	c.Header("Cache-Control", "no-store")
	c.Data(http.StatusOK, "text/html; charset=utf-8", []byte(page))
}

// handleIntroUpdate handles "PUT /api/events/:id/intro".
func (s *Server) handleIntroUpdate(c *gin.Context) {
	var in struct {
		Intro string `json:"intro"`
	}
	if err := decodeJSON(c, &in); err != nil {
		s.writeError(c, err)
		return
	}
	eventID := c.Param("id")
	ev, err := s.store.SetIntro(c.Request.Context(), eventID, in.Intro)
	if err != nil {
		s.writeError(c, err)
		return
	}
	s.announce(c, eventID, openspace.Change{Event: true})
	c.JSON(http.StatusOK, ev)
}

// handleIntroSuggestion handles "GET /api/events/:id/intro/suggestion".
func (s *Server) handleIntroSuggestion(c *gin.Context) {
	ev, err := s.store.Recap(c.Request.Context(), c.Param("id"))
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"suggestion": recap.Suggest(ev)})
}
