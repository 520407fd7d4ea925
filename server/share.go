package server

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
	qrcode "github.com/skip2/go-qrcode"

	"openspace/openspace"
)

// joinBase is what the QR code and the projector's join link start with:
// the public URL when one is set, else the scheme and host the projector
// used, so that the QR code works from phones on the venue's network
// whatever the server's name.
func (s *Server) joinBase(r *http.Request) string {
	if s.publicURL != "" {
		return s.publicURL
	}
	scheme := "http"
	if r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https" {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// handleQR handles "GET /api/events/:id/qr.svg": the join URL as a QR code,
// in SVG so that it stays sharp on a projector.
func (s *Server) handleQR(c *gin.Context) {
	ev, err := s.store.Event(c.Request.Context(), c.Param("id"))
	if err != nil {
		s.writeError(c, err)
		return
	}
	q, err := qrcode.New(s.joinBase(c.Request)+"/j/"+ev.JoinCode, qrcode.Medium)
	if err != nil { // only an absurd Host header makes the URL too long to encode
		s.writeError(c, openspace.Errorf(openspace.EINVALID, "The join address is too long for a QR code."))
		return
	}
	c.Header("Cache-Control", "no-cache")
	c.Data(http.StatusOK, "image/svg+xml", qrSVG(q.Bitmap()))
}

// qrSVG draws a QR bitmap as one SVG path of unit squares.
func qrSVG(bits [][]bool) []byte {
	n := strconv.Itoa(len(bits))
	var b strings.Builder
	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ` + n + ` ` + n +
		`" shape-rendering="crispEdges" role="img" aria-label="QR code"><rect width="100%" height="100%" fill="#fff"/><path fill="#000" d="`)
	for y, row := range bits {
		for x, on := range row {
			if on {
				b.WriteString("M" + strconv.Itoa(x) + " " + strconv.Itoa(y) + "h1v1h-1z")
			}
		}
	}
	b.WriteString(`"/></svg>`)
	return []byte(b.String())
}
