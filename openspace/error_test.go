package openspace_test

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"openspace/openspace"
)

func TestErrorCodeAndMessage(t *testing.T) {
	wrapped := fmt.Errorf("store: %w", openspace.Errorf(openspace.EBUDGET, "You have no dots left: remove one to vote for this topic."))
	tests := []struct {
		err      error
		lang     string
		wantCode string
		wantMsg  string
	}{
		{nil, openspace.LangEN, "", ""},
		{wrapped, openspace.LangEN, openspace.EBUDGET, "You have no dots left: remove one to vote for this topic."},
		{wrapped, openspace.LangFR, openspace.EBUDGET, "Plus aucun point : retirez-en un pour voter pour ce sujet."},
		{openspace.Errorf(openspace.EINVALID, "The %s is required.", "title"), openspace.LangFR, openspace.EINVALID, "Le champ « titre » est obligatoire."},
		{openspace.Errorf(openspace.EINVALID, "%q is placed twice.", "title"), openspace.LangFR, openspace.EINVALID, `"title" est placé deux fois.`},
		{errors.New("disk on fire"), openspace.LangEN, openspace.EINTERNAL, "Internal error."},
		{errors.New("disk on fire"), openspace.LangFR, openspace.EINTERNAL, "Erreur interne."},
		{openspace.Errorf("made_up", "Untranslated %d.", 3), openspace.LangFR, "made_up", "Untranslated 3."},
	}
	for _, tt := range tests {
		if got := openspace.ErrorCode(tt.err); got != tt.wantCode {
			t.Errorf("ErrorCode(%v) = %q, want %q", tt.err, got, tt.wantCode)
		}
		if got := openspace.ErrorMessageIn(tt.err, tt.lang); got != tt.wantMsg {
			t.Errorf("ErrorMessageIn(%v, %s) = %q, want %q", tt.err, tt.lang, got, tt.wantMsg)
		}
	}
}

// TestEveryErrorIsTranslated parses the packages that return domain errors
// and checks that every Errorf format has a French translation, so that a
// new message cannot reach a French screen in English.
func TestEveryErrorIsTranslated(t *testing.T) {
	fset := token.NewFileSet()
	checked := 0
	for _, dir := range []string{".", "recap", "calendar", "schedule", "../store", "../server"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, path := range files {
			if strings.HasSuffix(path, "_test.go") {
				continue
			}
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			f, err := parser.ParseFile(fset, path, src, 0)
			if err != nil {
				t.Fatal(err)
			}
			ast.Inspect(f, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok || len(call.Args) < 2 {
					return true
				}
				name := ""
				switch fn := call.Fun.(type) {
				case *ast.Ident:
					name = fn.Name
				case *ast.SelectorExpr:
					if x, ok := fn.X.(*ast.Ident); ok && x.Name == "openspace" {
						name = fn.Sel.Name
					}
				}
				lit, ok := call.Args[1].(*ast.BasicLit)
				if name != "Errorf" || !ok || lit.Kind != token.STRING {
					return true
				}
				format, err := strconv.Unquote(lit.Value)
				if err != nil {
					t.Fatal(err)
				}
				checked++
				if _, ok := openspace.MessagesFR[format]; !ok {
					t.Errorf("%s: no French for %q", fset.Position(lit.Pos()), format)
				}
				return true
			})
		}
	}
	if checked < 50 {
		t.Errorf("found only %d Errorf formats: is the parser looking in the right places?", checked)
	}
}
