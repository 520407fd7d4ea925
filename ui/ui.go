// Package ui renders the HTML pages: home, attendee, projector and organizer.
//
// The templates only carry the layout, the hashed asset URLs and the event ID
// (as data-event-id on <body>); every text comes from the JavaScript in
// assets/static (translated there) or from the JSON API, and is put in the DOM
// with textContent, so user text stays inert.
package ui

import (
	"embed"
	"fmt"
	"html/template"
	"io"
	"strings"

	"openspace/assets"
)

//go:embed templates
var files embed.FS // the pages' templates and the service worker's (webapp.go)

// Page is what a page template needs.
type Page struct {
	EventID string // empty on the home page
	Title   string // the document title before the script sets the event's
	// JoinBase starts the links a page shows or shares, the join link
	// first (the public URL, or the address the page was opened at);
	// Reachable lists, for the projector, the addresses to offer when that
	// one is loopback, which no phone can open.
	JoinBase  string
	Reachable []string
	// Data is what a page drawn by the server shows (the printable
	// schedule: a calendar.Sheet); nil for the others.
	Data any
}

// pages maps a page name to its template file.
var pages = map[string]string{
	"home":      "home.html",
	"attendee":  "attendee.html",
	"projector": "projector.html",
	"organizer": "organizer.html",
	"print":     "print.html",
}

var templates = template.Must(template.New("").Funcs(template.FuncMap{
	"asset":   assets.Path,
	"join":    strings.Join,
	"version": Version,
}).ParseFS(files, "templates/*.html"))

// Render writes the named page ("home", "attendee", "projector" or
// "organizer"). An unknown page is an error and writes nothing.
func Render(w io.Writer, page string, data Page) error {
	name, ok := pages[page]
	if !ok {
		return fmt.Errorf("ui: unknown page %q", page)
	}
	return templates.ExecuteTemplate(w, name, data)
}
