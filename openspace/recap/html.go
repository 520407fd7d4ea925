package recap

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// markdown is the engine of the preview: CommonMark with GitHub's tables,
// strikethrough and autolinks (as Hugo's goldmark has by default); raw
// HTML is left out (goldmark's default, unsafe off).
var markdown = goldmark.New(goldmark.WithExtensions(extension.GFM))

// Body is the Markdown after its front matter.
func Body(md string) string {
	if !strings.HasPrefix(md, "---\n") {
		return md
	}
	if i := strings.Index(md[4:], "\n---\n"); i >= 0 {
		return strings.TrimLeft(md[4+i+5:], "\n")
	}
	return md
}

// HTML renders the recap's Markdown (without its front matter) as the
// body of an HTML page, as a blog would show it.
func HTML(md string) (string, error) {
	var b bytes.Buffer
	if err := markdown.Convert([]byte(Body(md)), &b); err != nil {
		return "", err
	}
	return b.String(), nil
}
