// Package assets embeds the static files of the web UI (CSS, JavaScript,
// icons) and serves them under content-hashed URLs.
//
// Every file in static/ is read once at start-up; its URL carries the first
// 8 hex digits of the SHA-256 of its content, e.g. /assets/app.3f2a1b9c.css,
// so browsers may cache it for a year: a new build changes the URL.
package assets

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
)

//go:embed static
var embedded embed.FS

// Prefix is the URL path under which the files are served.
const Prefix = "/assets/"

// file is one embedded asset, read and hashed at start-up.
type file struct {
	name        string // "app.css"
	hash        string // first 8 hex digits of the SHA-256 of data
	contentType string
	data        []byte
	gzipped     []byte // data gzip-compressed at start-up; nil when that does not pay
}

// files maps a file name relative to static/ ("app.css") to the file.
var files = mustLoad()

func mustLoad() map[string]*file {
	root, err := fs.Sub(embedded, "static")
	if err != nil {
		panic(fmt.Sprintf("assets: %v", err))
	}
	out := map[string]*file{}
	err = fs.WalkDir(root, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(root, name)
		if err != nil {
			return err
		}
		out[name] = newFile(name, data)
		return nil
	})
	if err != nil {
		panic(fmt.Sprintf("assets: %v", err))
	}
	if err := addBundles(out, bundles); err != nil {
		panic(fmt.Sprintf("assets: %v", err))
	}
	return out
}

func newFile(name string, data []byte) *file {
	sum := sha256.Sum256(data)
	return &file{
		name:        name,
		hash:        hex.EncodeToString(sum[:])[:8],
		contentType: contentType(name, data),
		data:        data,
		gzipped:     compress(name, data),
	}
}

// contentTypes pins the types that matter, independent of the host's mime tables.
var contentTypes = map[string]string{
	".css":         "text/css; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".json":        "application/json",
	".svg":         "image/svg+xml",
	".png":         "image/png",
	".ico":         "image/x-icon",
	".webmanifest": "application/manifest+json",
	".txt":         "text/plain; charset=utf-8",
}

func contentType(name string, data []byte) string {
	ext := path.Ext(name)
	if ct, ok := contentTypes[ext]; ok {
		return ct
	}
	if ct := mime.TypeByExtension(ext); ct != "" {
		return ct
	}
	return http.DetectContentType(data)
}

// compress gzips text files (CSS, JavaScript, SVG): the attendee page is
// read on phones over slow 3G, where a third of the bytes matters.
func compress(name string, data []byte) []byte {
	switch path.Ext(name) {
	case ".css", ".js", ".svg", ".json", ".txt", ".webmanifest":
	default:
		return nil
	}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if _, err := zw.Write(data); err != nil {
		return nil
	}
	if err := zw.Close(); err != nil || buf.Len() >= len(data) {
		return nil
	}
	return buf.Bytes()
}

// AcceptsGzip reports whether an Accept-Encoding header allows gzip.
func AcceptsGzip(header string) bool {
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if name = strings.TrimSpace(name); name != "gzip" && name != "*" {
			continue
		}
		q := 1.0
		if k, v, ok := strings.Cut(strings.TrimSpace(params), "="); ok && strings.TrimSpace(k) == "q" {
			if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
				q = f
			}
		}
		return q > 0
	}
	return false
}

// Path returns the content-hashed URL of a static file, e.g.
// Path("app.css") == "/assets/app.3f2a1b9c.css". For an unknown name it
// returns the unhashed URL, which the handler answers with 404.
func Path(name string) string {
	f, ok := files[name]
	if !ok {
		return Prefix + name
	}
	return Prefix + hashedName(f.name, f.hash)
}

// Version names this set of assets: the first 12 hex digits of a SHA-256
// over every file's name and content, so that any change to any file gives
// another version. The service worker's cache carries it (see package ui).
func Version() string { return version }

var version = versionOf(files)

func versionOf(files map[string]*file) string {
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	slices.Sort(names)
	h := sha256.New()
	for _, name := range names {
		fmt.Fprintf(h, "%s\x00%x\n", name, sha256.Sum256(files[name].data))
	}
	return hex.EncodeToString(h.Sum(nil))[:12]
}

// Names lists the embedded files (for tests and diagnostics).
func Names() []string {
	out := make([]string, 0, len(files))
	for name := range files {
		out = append(out, name)
	}
	return out
}

// hashedName inserts the hash before the extension: app.css → app.<hash>.css.
func hashedName(name, hash string) string {
	ext := path.Ext(name)
	return strings.TrimSuffix(name, ext) + "." + hash + ext
}

// parseHashed splits "app.3f2a1b9c.css" into ("app.css", "3f2a1b9c").
func parseHashed(p string) (name, hash string, ok bool) {
	ext := path.Ext(p)
	if ext == "" {
		return "", "", false
	}
	base := strings.TrimSuffix(p, ext)
	i := strings.LastIndexByte(base, '.')
	if i <= 0 {
		return "", "", false
	}
	return base[:i] + ext, base[i+1:], true
}

// Handler serves GET and HEAD /assets/<name>.<hash>.<ext>. It expects the
// full URL path, /assets/ included. A known name with its current hash gets
// the file with a year-long immutable cache and a strong ETag (the hash);
// If-None-Match with that ETag gets 304. Text files go out gzip-compressed to
// clients that accept it (precompressed once, as nginx's gzip_static does),
// with the ETag "<hash>-gz". Anything else is a 404.
func Handler() http.Handler {
	return http.HandlerFunc(serve)
}

func serve(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	rest, ok := strings.CutPrefix(r.URL.Path, Prefix)
	if !ok {
		http.NotFound(w, r)
		return
	}
	name, hash, ok := parseHashed(rest)
	f, found := files[name]
	if !ok || !found || hash != f.hash {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", f.contentType)
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("X-Content-Type-Options", "nosniff")
	etag, body := `"`+f.hash+`"`, f.data
	if f.gzipped != nil {
		h.Set("Vary", "Accept-Encoding")
		if AcceptsGzip(r.Header.Get("Accept-Encoding")) {
			// Another representation, so another strong ETag (RFC 9110 8.8.3).
			etag, body = `"`+f.hash+`-gz"`, f.gzipped
			h.Set("Content-Encoding", "gzip")
		}
	}
	h.Set("ETag", etag)
	// ServeContent answers If-None-Match (304), HEAD and Range from the ETag.
	http.ServeContent(w, r, f.name, time.Time{}, bytes.NewReader(body))
}
