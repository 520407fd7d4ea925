package assets

import (
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

func servePage(t *testing.T, body string, header map[string]string) *http.Response {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, "/e/x", nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	ServePage(rec, req, []byte(body))
	return rec.Result()
}

func TestServePageCompressesAndRevalidates(t *testing.T) {
	const page = "<!doctype html><p>the attendee page, long enough to be worth compressing, compressing, compressing</p>"
	plain := servePage(t, page, nil)
	zipped := servePage(t, page, map[string]string{"Accept-Encoding": "gzip, deflate"})

	if got := plain.Header.Get("Content-Encoding"); got != "" {
		t.Errorf("without Accept-Encoding: Content-Encoding %q, want none", got)
	}
	if b, _ := io.ReadAll(plain.Body); string(b) != page {
		t.Errorf("plain body = %q, want the page", b)
	}
	if got := zipped.Header.Get("Content-Encoding"); got != "gzip" {
		t.Fatalf("with Accept-Encoding gzip: Content-Encoding %q, want gzip", got)
	}
	zr, err := gzip.NewReader(zipped.Body)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := io.ReadAll(zr); string(b) != page {
		t.Errorf("gunzipped body = %q, want the page", b)
	}
	if plain.Header.Get("ETag") == zipped.Header.Get("ETag") {
		t.Errorf("both representations carry ETag %s: each needs its own", plain.Header.Get("ETag"))
	}
	if got := servePage(t, page+" ", nil).Header.Get("ETag"); got == plain.Header.Get("ETag") {
		t.Errorf("another page has the same ETag %s", got)
	}

	tests := []struct {
		name     string
		header   map[string]string
		wantCode int
	}{
		{"same ETag, gzip", map[string]string{"Accept-Encoding": "gzip", "If-None-Match": zipped.Header.Get("ETag")}, http.StatusNotModified},
		{"same ETag, plain", map[string]string{"If-None-Match": plain.Header.Get("ETag")}, http.StatusNotModified},
		{"an old ETag", map[string]string{"If-None-Match": `"0123"`}, http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := servePage(t, page, tt.header).StatusCode; got != tt.wantCode {
				t.Errorf("status = %d, want %d", got, tt.wantCode)
			}
		})
	}
}
