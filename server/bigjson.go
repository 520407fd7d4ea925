package server

import (
	"bytes"
	"compress/gzip"
	"encoding/json"

	"github.com/gin-gonic/gin"

	"openspace/assets"
)

// writeBigJSON answers JSON like c.JSON, gzip-compressed when the client
// accepts it and the body is over 1 kB: an event's state is tens of
// kilobytes (700 kB for 300 long topics), read by every phone that opens
// the page, on the venue's Wi-Fi.
func (s *Server) writeBigJSON(c *gin.Context, status int, v any) {
	data, err := json.Marshal(v)
	if err != nil {
		s.writeError(c, err)
		return
	}
	h := c.Writer.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Vary", "Accept-Encoding")
	if len(data) > 1024 && assets.AcceptsGzip(c.GetHeader("Accept-Encoding")) {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
		if _, err := zw.Write(data); err == nil && zw.Close() == nil {
			data = buf.Bytes()
			h.Set("Content-Encoding", "gzip")
		}
	}
	c.Data(status, h.Get("Content-Type"), data)
}
