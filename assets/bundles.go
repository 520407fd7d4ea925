package assets

import (
	"bytes"
	"fmt"
	"path"
	"slices"
)

// bundles are files served as one, made at start-up by joining others in
// order, for the first screen of a page on a slow network: over HTTP/1.1 a
// browser opens at most six connections to a host, so a first screen that
// needs ten requests (its files and its data) waits for a second round
// trip. Measured on 400 ms and 50,000 bytes/s (docs/OFFLINE.md): 1.84 s to
// a usable attendee page with its six scripts and two style sheets apart,
// 1.48 s with these two bundles. Each part stays a file of its own too.
var bundles = map[string][]string{
	// The attendee page's first screen (ui/templates/attendee.html); the
	// rest of the page loads after it (later.js).
	"attendee-first.js":  {"i18n.js", "api.js", "queue.js", "live.js", "offline.js", "later.js", "attendee-queue.js", "attendee.js"},
	"attendee-first.css": {"app.css", "attendee.css"},
}

// addBundles adds each bundle to files: its parts' contents joined, a
// newline and a semicolon between scripts (a part that ends without one
// cannot run into the next).
func addBundles(files map[string]*file, bundles map[string][]string) error {
	names := make([]string, 0, len(bundles))
	for name := range bundles {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if _, ok := files[name]; ok {
			return fmt.Errorf("bundle %s has the name of a file", name)
		}
		sep := []byte("\n")
		if path.Ext(name) == ".js" {
			sep = []byte("\n;\n")
		}
		var data [][]byte
		for _, part := range bundles[name] {
			f, ok := files[part]
			if !ok || path.Ext(part) != path.Ext(name) {
				return fmt.Errorf("bundle %s: no file %s of its kind", name, part)
			}
			data = append(data, f.data)
		}
		files[name] = newFile(name, bytes.Join(data, sep))
	}
	return nil
}

// Parts lists the files a bundle is made of, in order; nil for a plain file.
func Parts(name string) []string { return slices.Clone(bundles[name]) }
