package server

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"openspace/assets"
)

// writePage sends a rendered page: gzip-compressed to a browser that
// accepts it (a phone on a slow network reads a third of the bytes), with
// a strong ETag over the bytes sent, so that asking again for an unchanged
// page (the service worker checking its copy) costs a 304.
func writePage(c *gin.Context, body []byte) {
	h := c.Writer.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Vary", "Accept-Encoding")
	sum := sha256.Sum256(body)
	etag := hex.EncodeToString(sum[:8])
	if assets.AcceptsGzip(c.GetHeader("Accept-Encoding")) {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
		if _, err := zw.Write(body); err == nil && zw.Close() == nil {
			body, etag = buf.Bytes(), etag+"-gz" // another representation, another ETag
			h.Set("Content-Encoding", "gzip")
		}
	}
	h.Set("ETag", `"`+etag+`"`)
	http.ServeContent(c.Writer, c.Request, "", time.Time{}, bytes.NewReader(body))
}
