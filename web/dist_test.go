package web

import (
	"bytes"
	"compress/gzip"
	"context"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/skillgraph/skillgraph/badges/badgetest"
)

// appBudget is the most the app's first load (its page's scripts and styles) may weigh, gzipped.
const appBudget = 300 << 10

// The app's page loads at most appBudget of JavaScript and CSS, gzipped.
func TestAppBudget(t *testing.T) {
	total, files := AppWeight(t)
	t.Logf("app: %d bytes gzipped in %d files (budget %d)", total, files, appBudget)
	if total > appBudget {
		t.Errorf("the app loads %d bytes gzipped, over its budget of %d", total, appBudget)
	}
}

// AppWeight sums the gzipped sizes of the scripts and styles index.html loads.
func AppWeight(t testing.TB) (total, files int) {
	index, err := fs.ReadFile(Dist(), "index.html")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range regexp.MustCompile(`(?:src|href)="/(assets/[^"]+\.(?:js|css))"`).FindAllStringSubmatch(string(index), -1) {
		b, err := fs.ReadFile(Dist(), m[1])
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		zw.Write(b)
		zw.Close()
		total += buf.Len()
		files++
	}
	if files == 0 {
		t.Fatal("index.html loads no script or style")
	}
	return total, files
}

// The committed bundle (dist/) and generated types (src/gql/) are what the sources build:
// npm ci from the lock file, codegen and build in a copy of web/ and schema/, compared byte
// for byte. It skips without Node.js and npm, unless SKILLGRAPH_REQUIRE_NPM=1.
func TestCommittedBundleIsCurrent(t *testing.T) {
	badgetest.RequireNode(t)
	tmp := t.TempDir()
	copyTree(t, ".", filepath.Join(tmp, "web"), func(rel string) bool {
		return rel == "node_modules" || rel == "dist" || rel == "test-results" || strings.HasPrefix(rel, "src/gql")
	})
	copyTree(t, filepath.Join("..", "schema"), filepath.Join(tmp, "schema"), func(string) bool { return false })
	dir := filepath.Join(tmp, "web")
	for _, args := range [][]string{
		{"ci", "--prefer-offline", "--no-audit", "--no-fund"},
		{"run", "codegen"},
		{"run", "build"},
	} {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
		cmd := exec.CommandContext(ctx, "npm", args...)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		cancel()
		if err != nil {
			t.Fatalf("npm %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	for _, sub := range []string{"dist", filepath.Join("src", "gql")} {
		want, got := readTree(t, sub), readTree(t, filepath.Join(dir, sub))
		for name, b := range got {
			if w, ok := want[name]; !ok {
				t.Errorf("web/%s/%s is built but not committed: run npm run codegen && npm run build in web/ and commit", sub, name)
			} else if !bytes.Equal(w, b) {
				t.Errorf("web/%s/%s differs from what the sources build: run npm run codegen && npm run build in web/ and commit", sub, name)
			}
		}
		for name := range want {
			if _, ok := got[name]; !ok {
				t.Errorf("web/%s/%s is committed but no longer built", sub, name)
			}
		}
	}
}

func readTree(t *testing.T, root string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		b, err := os.ReadFile(p)
		files[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// copyTree copies src to dst, leaving out the paths (relative to src) skip names.
func copyTree(t *testing.T, src, dst string, skip func(rel string) bool) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if rel != "." && skip(filepath.ToSlash(rel)) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}
