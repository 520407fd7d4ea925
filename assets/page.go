package assets

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"time"
)

// ServePage writes a rendered HTML page with a strong ETag (the SHA-256 of
// its bytes), gzip-compressed for clients that accept it, and answers a
// matching If-None-Match with 304: a phone coming back to the page on a
// slow network downloads a few hundred bytes instead of the whole page
// when nothing changed. The caller sets Cache-Control and the other
// headers first.
func ServePage(w http.ResponseWriter, r *http.Request, body []byte) {
	sum := sha256.Sum256(body)
	tag := hex.EncodeToString(sum[:16])
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Vary", "Accept-Encoding")
	etag := `"` + tag + `"`
	if AcceptsGzip(r.Header.Get("Accept-Encoding")) {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		_, _ = zw.Write(body) // a bytes.Buffer does not fail
		_ = zw.Close()
		etag, body = `"`+tag+`-gz"`, buf.Bytes()
		h.Set("Content-Encoding", "gzip")
	}
	h.Set("ETag", etag)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
}
