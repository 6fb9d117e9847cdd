package esco

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/skillgraph/skillgraph/graph"
)

// The files the import reads, by base name, as the ESCO portal names them.
const (
	fileSkills       = "skills_en.csv"
	fileGroups       = "skillGroups_en.csv"
	fileOccupations  = "occupations_en.csv"
	fileBroader      = "broaderRelationsSkillPillar.csv"
	fileRelated      = "skillSkillRelations.csv"
	fileRequirements = "occupationSkillRelations.csv"
)

// files lists them in reading order.
var files = []string{fileGroups, fileSkills, fileOccupations, fileBroader, fileRelated, fileRequirements}

// maxDepth bounds the search below a directory: extracted zips hold their CSVs at most a
// level or two down, and a mistyped path such as $HOME must not walk a whole disk.
const maxDepth = 4

// versionRE finds a version such as "v1.1.1" in a file or directory name; the portal puts it
// in the zip names ("ESCO dataset - v1.1.1 - classification - en - csv.zip").
var versionRE = regexp.MustCompile(`\bv\d+(?:\.\d+)+\b`)

// source is one input file: on disk or inside a zip.
type source struct {
	name    string // for messages: the file's path, or "ZIP:ENTRY"
	size    int64  // uncompressed size in bytes, for progress
	version string // ESCO version named by the path, if any
	open    func() (io.ReadCloser, error)
}

// findSources locates the files the import reads under paths (zips, directories, or the CSV
// files themselves). It fails when a path cannot be read or holds none of the files, when a
// file is found twice, or when one is missing.
func findSources(paths []string) (map[string]*source, error) {
	if len(paths) == 0 {
		return nil, graph.Errorf(graph.EINVALID, "no path given: name the ESCO CSV zips or a directory of their CSVs")
	}
	found := make(map[string]*source)
	for _, p := range paths {
		srcs, err := sourcesAt(p)
		if err != nil {
			return nil, err
		}
		if len(srcs) == 0 {
			return nil, graph.Errorf(graph.EINVALID, "%s holds none of the ESCO files (%s)", p, strings.Join(files, ", "))
		}
		for base, s := range srcs {
			if prev, ok := found[base]; ok {
				return nil, graph.Errorf(graph.EINVALID, "%s found twice: %s and %s", base, prev.name, s.name)
			}
			found[base] = s
		}
	}
	var missing []string
	for _, f := range files {
		if found[f] == nil {
			missing = append(missing, f)
		}
	}
	if len(missing) > 0 {
		return nil, graph.Errorf(graph.EINVALID, "missing %s: pass both ESCO zips (classification and relations) or a directory holding all their CSVs",
			strings.Join(missing, ", "))
	}
	return found, nil
}

// wanted returns the canonical name of a file the import reads, or "" for any other file.
func wanted(base string) string {
	for _, f := range files {
		if strings.EqualFold(base, f) {
			return f
		}
	}
	return ""
}

// sourcesAt returns the wanted files at one path, keyed by canonical base name.
func sourcesAt(p string) (map[string]*source, error) {
	info, err := os.Stat(p)
	if err != nil {
		return nil, fmt.Errorf("find ESCO files: %w", err)
	}
	if info.IsDir() {
		return sourcesInDir(p)
	}
	if f := wanted(filepath.Base(p)); f != "" {
		return map[string]*source{f: fileSource(p, info.Size(), filepath.Base(p))}, nil
	}
	return sourcesInZip(p)
}

func fileSource(p string, size int64, named string) *source {
	return &source{
		name:    p,
		size:    size,
		version: versionIn(named),
		open:    func() (io.ReadCloser, error) { return os.Open(p) },
	}
}

func sourcesInDir(dir string) (map[string]*source, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("find ESCO files: %w", err)
	}
	out := make(map[string]*source)
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if d.IsDir() {
			if rel != "." && strings.Count(rel, string(filepath.Separator)) >= maxDepth-1 {
				return filepath.SkipDir
			}
			return nil
		}
		f := wanted(d.Name())
		if f == "" {
			return nil
		}
		info, err := os.Stat(p) // follows a symbolic link to the file
		if err != nil || !info.Mode().IsRegular() {
			return err
		}
		if prev, ok := out[f]; ok {
			return graph.Errorf(graph.EINVALID, "%s found twice: %s and %s", f, prev.name, p)
		}
		// The version may be in the directory the user extracted a zip into.
		out[f] = fileSource(p, info.Size(), filepath.Join(filepath.Base(abs), rel))
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("find ESCO files in %s: %w", dir, err)
	}
	return out, nil
}

func sourcesInZip(p string) (map[string]*source, error) {
	zr, err := zip.OpenReader(p)
	if err != nil {
		if errors.Is(err, zip.ErrFormat) {
			return nil, graph.Errorf(graph.EINVALID, "%s is neither a directory, a zip nor one of the ESCO files (%s)", p, strings.Join(files, ", "))
		}
		return nil, fmt.Errorf("open zip %s: %w", p, err)
	}
	defer zr.Close()
	out := make(map[string]*source)
	version := versionIn(filepath.Base(p))
	for _, zf := range zr.File {
		f := wanted(path.Base(zf.Name))
		if f == "" || zf.FileInfo().IsDir() {
			continue
		}
		name := p + ":" + zf.Name
		if prev, ok := out[f]; ok {
			return nil, graph.Errorf(graph.EINVALID, "%s found twice: %s and %s", f, prev.name, name)
		}
		entry := zf.Name
		out[f] = &source{
			name:    name,
			size:    int64(zf.UncompressedSize64),
			version: version,
			open:    func() (io.ReadCloser, error) { return openZipEntry(p, entry) },
		}
	}
	return out, nil
}

// openZipEntry opens one entry of a zip for streaming; closing it closes the zip.
func openZipEntry(zipPath, entry string) (io.ReadCloser, error) {
	zr, err := zip.OpenReader(zipPath)
	if err != nil {
		return nil, fmt.Errorf("open zip %s: %w", zipPath, err)
	}
	for _, zf := range zr.File {
		if zf.Name != entry {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			zr.Close()
			return nil, fmt.Errorf("open %s:%s: %w", zipPath, entry, err)
		}
		return &zipEntry{ReadCloser: rc, zip: zr}, nil
	}
	zr.Close()
	return nil, fmt.Errorf("open %s:%s: %w", zipPath, entry, fs.ErrNotExist)
}

type zipEntry struct {
	io.ReadCloser
	zip *zip.ReadCloser
}

func (z *zipEntry) Close() error {
	return errors.Join(z.ReadCloser.Close(), z.zip.Close())
}

// versionIn returns the last version named in a path, or "".
func versionIn(p string) string {
	all := versionRE.FindAllString(p, -1)
	if len(all) == 0 {
		return ""
	}
	return all[len(all)-1]
}

// commonVersion returns the version the sources agree on: the only one named, or "" when none
// or several are.
func commonVersion(srcs map[string]*source) string {
	v := ""
	for _, s := range srcs {
		switch {
		case s.version == "" || s.version == v:
		case v == "":
			v = s.version
		default:
			return ""
		}
	}
	return v
}
