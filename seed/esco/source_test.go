package esco

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/seed/seedtest"
)

func TestFindSourcesZips(t *testing.T) {
	zips := officialZips(t)
	srcs, err := findSources(zips)
	if err != nil {
		t.Fatal(err)
	}
	if v := commonVersion(srcs); v != "v1.1.1" {
		t.Errorf("version %q, want v1.1.1 from the zip names", v)
	}
	s := srcs[fileSkills]
	if s == nil || !strings.HasSuffix(s.name, ".zip:skills_en.csv") || s.size != 9494315 {
		t.Fatalf("skills_en.csv found as %+v, want the zip entry with its uncompressed size", s)
	}
	rc, err := s.open()
	if err != nil {
		t.Fatal(err)
	}
	n, err := io.Copy(io.Discard, rc)
	if err := errors.Join(err, rc.Close()); err != nil || n != s.size {
		t.Errorf("read %d bytes of %d from the zip entry: %v", n, s.size, err)
	}

	// One zip alone lacks the other's files.
	_, err = findSources(zips[:1])
	if graph.ErrorCode(err) != graph.EINVALID || !strings.Contains(err.Error(), "missing ") {
		t.Errorf("one zip alone: %v, want EINVALID naming the missing files", err)
	}
	// The same files twice.
	_, err = findSources([]string{zips[0], zips[1], zips[0]})
	if graph.ErrorCode(err) != graph.EINVALID || !strings.Contains(err.Error(), "found twice") {
		t.Errorf("a zip given twice: %v, want EINVALID", err)
	}
}

func TestFindSourcesDir(t *testing.T) {
	dir := seedtest.DataDir(t, "esco-official-sample")
	srcs, err := findSources([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if v := commonVersion(srcs); v != "" {
		t.Errorf("version %q from a directory that names none, want none", v)
	}
	if s := srcs[fileRequirements]; s == nil || s.name != filepath.Join(dir, fileRequirements) || s.size != 574541 {
		t.Errorf("occupationSkillRelations.csv found as %+v", s)
	}

	// The files themselves, and a directory whose name gives the version.
	tmp := filepath.Join(t.TempDir(), "ESCO dataset - v1.2.0 - classification - en - csv")
	if err := os.Mkdir(tmp, 0o755); err != nil {
		t.Fatal(err)
	}
	var paths []string
	for name, content := range syntheticFiles() {
		p := filepath.Join(tmp, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	srcs, err = findSources(paths)
	if err != nil {
		t.Fatal(err)
	}
	if v := commonVersion(srcs); v != "" {
		t.Errorf("version %q from file names without one", v)
	}
	srcs, err = findSources([]string{filepath.Dir(tmp)})
	if err != nil {
		t.Fatal(err)
	}
	if v := commonVersion(srcs); v != "v1.2.0" {
		t.Errorf("version %q, want v1.2.0 from the directory name", v)
	}
}

func TestFindSourcesErrors(t *testing.T) {
	empty := t.TempDir()
	other := filepath.Join(empty, "notes.txt")
	if err := os.WriteFile(other, []byte("not ESCO"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		paths []string
		code  string
		want  string
	}{
		{"no path", nil, graph.EINVALID, "no path given"},
		{"no such path", []string{filepath.Join(empty, "nowhere")}, graph.EINTERNAL, "no such file"},
		{"no ESCO file", []string{empty}, graph.EINVALID, "holds none of the ESCO files"},
		{"another file", []string{other}, graph.EINVALID, "neither a directory, a zip nor one of the ESCO files"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := findSources(tc.paths)
			if err == nil || graph.ErrorCode(err) != tc.code || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v (code %s), want code %s and %q", err, graph.ErrorCode(err), tc.code, tc.want)
			}
		})
	}
	_, err := findSources([]string{filepath.Join(empty, "nowhere")})
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("error %v for a path that does not exist, want fs.ErrNotExist", err)
	}
}
