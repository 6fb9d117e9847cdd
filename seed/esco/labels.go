package esco

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/skillgraph/skillgraph/graph"
)

// LabelsResult says what ImportLabels did.
type LabelsResult struct {
	Languages []string // the languages found, e.g. ["fr"]
	// Skills and Roles count the competencies and roles that got a name in a language;
	// Missing counts rows naming a concept the store does not hold (not imported).
	Skills, Roles, Missing int
	Written                graph.BulkResult
}

// Summary is a one-line account of the import.
func (r *LabelsResult) Summary() string {
	return fmt.Sprintf("labels in %s: %d skills and %d occupations named; %d rows for concepts not in the store",
		strings.Join(r.Languages, ", "), r.Skills, r.Roles, r.Missing)
}

// labelFile matches the files of translated labels: skills_fr.csv, occupations_fr.csv.
var labelFile = regexp.MustCompile(`^(skills|occupations)_([a-z]{2})\.csv$`)

// ImportLabels reads ESCO's labels in other languages from dir, the simplified layout of
// skills_<lang>.csv and occupations_<lang>.csv (columns id, the concept URI, and
// preferred_label), and sets them as Competency.Names and JobRole.Titles of the concepts an
// ESCO import already wrote, in batches of batchSize (0: DefaultBatchSize), one transaction
// each. Concepts the store does not hold are counted, not created; English files are left
// out (the import reads English). A rerun changes nothing. EINVALID ("path") when dir holds no
// such file or a file lacks the columns.
func ImportLabels(ctx context.Context, store graph.Store, dir string, batchSize int) (*LabelsResult, error) {
	if batchSize <= 0 {
		batchSize = DefaultBatchSize
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("import labels: %w", graph.Invalid("path", "%v", err))
	}
	res := &LabelsResult{}
	langs := map[string]bool{}
	for _, e := range entries {
		m := labelFile.FindStringSubmatch(e.Name())
		if m == nil || m[2] == "en" {
			continue
		}
		kind := graph.KindCompetency
		if m[1] == "occupations" {
			kind = graph.KindJobRole
		}
		n, err := importLabelFile(ctx, store, filepath.Join(dir, e.Name()), kind, m[2], batchSize, res)
		if err != nil {
			return res, fmt.Errorf("import labels %s: %w", e.Name(), err)
		}
		if kind == graph.KindJobRole {
			res.Roles += n
		} else {
			res.Skills += n
		}
		langs[m[2]] = true
	}
	if len(langs) == 0 {
		return nil, fmt.Errorf("import labels: %w", graph.Invalid("path", "%s holds no skills_<lang>.csv or occupations_<lang>.csv", dir))
	}
	res.Languages = slices.Sorted(maps.Keys(langs))
	return res, nil
}

// importLabelFile names the nodes of one file, a batch at a time, and returns how many it named.
func importLabelFile(ctx context.Context, store graph.Store, path string, kind graph.Kind, lang string, batchSize int, res *LabelsResult) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, graph.Invalid("path", "%v", err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		return 0, graph.Invalid("path", "no header: %v", err)
	}
	idCol, labelCol := slices.Index(header, "id"), slices.Index(header, "preferred_label")
	if idCol < 0 || labelCol < 0 {
		return 0, graph.Invalid("path", "the header lacks id or preferred_label")
	}
	named := 0
	batch := map[string]string{} // node id -> label
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		nodes, err := store.GetMany(ctx, kind, slices.Collect(maps.Keys(batch)))
		if err != nil {
			return err
		}
		var b graph.Batch
		for id, label := range batch {
			n := nodes[id]
			if n == nil {
				res.Missing++
				continue
			}
			if setLabel(n, lang, label) {
				b.Nodes = append(b.Nodes, n)
			}
			named++
		}
		clear(batch)
		if len(b.Nodes) == 0 {
			return nil
		}
		w, err := store.BulkUpsert(ctx, b)
		res.Written.Add(w)
		return err
	}
	for {
		row, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return named, graph.Invalid("path", "%v", err)
		}
		if len(row) <= max(idCol, labelCol) {
			continue
		}
		id, label := ID(row[idCol]), strings.TrimSpace(row[labelCol])
		if id == "" || label == "" || strings.ContainsAny(label, "\r\n") || !utf8.ValidString(label) ||
			utf8.RuneCountInString(label) > graph.MaxNameLen {
			continue // not a name the graph keeps
		}
		batch[id] = label
		if len(batch) >= batchSize {
			if err := flush(); err != nil {
				return named, err
			}
		}
	}
	return named, flush()
}

// setLabel sets a competency's or role's name in lang, and reports whether it changed.
func setLabel(n graph.Node, lang, label string) bool {
	var m *map[string]string
	switch v := n.(type) {
	case *graph.Competency:
		m = &v.Names
	case *graph.JobRole:
		m = &v.Titles
	default:
		return false
	}
	if (*m)[lang] == label {
		return false
	}
	if *m == nil {
		*m = map[string]string{}
	}
	(*m)[lang] = label
	return true
}
