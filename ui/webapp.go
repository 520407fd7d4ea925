package ui

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"regexp"
	"text/template"

	"openspace/assets"
)

// Version names what this server sends to browsers: the first 12 hex
// digits of a SHA-256 over the assets' version and every template (the
// pages' and the service worker's). The attendee page carries it in
// <meta name="openspace-version">, the service worker in its cache's
// name: a page is kept only by the worker of its own version.
func Version() string { return version }

var version = versionOf(files, assets.Version())

func versionOf(templates fs.FS, assetsVersion string) string {
	h := sha256.New()
	fmt.Fprintf(h, "assets %s\n", assetsVersion)
	err := fs.WalkDir(templates, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(templates, name)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s\x00%x\n", name, sha256.Sum256(data))
		return nil
	})
	if err != nil {
		panic(fmt.Sprintf("ui: %v", err))
	}
	return hex.EncodeToString(h.Sum(nil))[:12]
}

var assetURL = regexp.MustCompile(`/assets/[A-Za-z0-9._-]+`)

// AssetURLs lists the hashed asset URLs a page refers to, in the order
// they come, each once: its scripts, its style sheets, its icons and the
// later parts it loads after the first screen (data-later).
func AssetURLs(page string) ([]string, error) {
	var buf bytes.Buffer
	if err := Render(&buf, page, Page{EventID: "x"}); err != nil {
		return nil, err
	}
	var out []string
	seen := map[string]bool{}
	for _, u := range assetURL.FindAllString(buf.String(), -1) {
		if !seen[u] {
			seen[u] = true
			out = append(out, u)
		}
	}
	return out, nil
}

// ServiceWorker is the text of /sw.js: templates/sw.js with this version,
// the attendee page's asset URLs to keep, and its style sheet (app.css
// within) for the offline page.
func ServiceWorker() []byte { return serviceWorker }

// serviceWorker is written at start-up: a template that does not run stops
// the server there, not on a phone's request.
var serviceWorker = func() []byte {
	urls, err := AssetURLs("attendee")
	if err != nil {
		panic(fmt.Sprintf("ui: %v", err))
	}
	js := func(v any) string {
		data, err := json.Marshal(v) // escapes <, > and &: safe in a script
		if err != nil {
			panic(fmt.Sprintf("ui: %v", err))
		}
		return string(data)
	}
	tmpl := template.Must(template.ParseFS(files, "templates/sw.js"))
	var buf bytes.Buffer
	if err := tmpl.Execute(&buf, map[string]string{
		"Version": js(version), "Assets": js(urls), "Style": js(assets.Path("attendee-first.css")),
	}); err != nil {
		panic(fmt.Sprintf("ui: %v", err))
	}
	return buf.Bytes()
}()
