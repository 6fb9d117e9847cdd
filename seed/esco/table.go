package esco

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/skillgraph/skillgraph/graph"
)

// FileError is a problem at a line of an input file: malformed CSV, a missing column, or a
// value the graph rejects. Err is an EINVALID graph error, or the store's error for the item.
type FileError struct {
	File string // the file: its path, or "ZIP:ENTRY" inside a zip
	Line int    // 1-based line where the record at fault starts
	Err  error
}

func (e *FileError) Error() string { return fmt.Sprintf("%s line %d: %v", e.File, e.Line, e.Err) }
func (e *FileError) Unwrap() error { return e.Err }

// table streams the records of one CSV file and looks their columns up by name.
type table struct {
	file string
	r    *csv.Reader
	cols map[string]int
	rec  []string
}

// newTable reads the header of r, which must have the required columns. A UTF-8 byte order
// mark before the header is skipped.
func newTable(file string, r io.Reader, required []string) (*table, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	if bom, err := br.Peek(3); err == nil && string(bom) == "\uFEFF" {
		br.Discard(3)
	}
	t := &table{file: file, r: csv.NewReader(br)}
	t.r.ReuseRecord = true // records are copied out field by field
	header, err := t.r.Read()
	if err == io.EOF {
		return nil, &FileError{File: file, Line: 1, Err: graph.Errorf(graph.EINVALID, "empty file: no header row")}
	}
	if err != nil {
		return nil, t.wrap(err)
	}
	t.cols = make(map[string]int, len(header))
	for i, h := range header {
		h = strings.TrimSpace(h)
		if _, dup := t.cols[h]; !dup {
			t.cols[h] = i
		}
	}
	for _, c := range required {
		if _, ok := t.cols[c]; !ok {
			return nil, &FileError{File: file, Line: 1, Err: graph.Errorf(graph.EINVALID,
				"missing column %q (the header has %s)", c, strings.Join(header, ", "))}
		}
	}
	return t, nil
}

// next reads the next record; false at the end of the file.
func (t *table) next() (bool, error) {
	rec, err := t.r.Read()
	t.rec = rec // kept on error too: a record with the wrong field count comes with it
	if err == io.EOF {
		return false, nil
	}
	if err != nil {
		return false, t.wrap(err)
	}
	return true, nil
}

// get returns the value of a column of the current record; "" when the file has no such
// column (optional columns).
func (t *table) get(col string) string {
	if i, ok := t.cols[col]; ok {
		return t.rec[i]
	}
	return ""
}

// line returns the line where the current record starts.
func (t *table) line() int {
	line, _ := t.r.FieldPos(0)
	return line
}

// offset returns how many bytes of the file have been parsed, for progress.
func (t *table) offset() int64 { return t.r.InputOffset() }

// wrap turns a CSV syntax error into a FileError at the record's first line.
func (t *table) wrap(err error) error {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return fmt.Errorf("read %s: %w", t.file, err)
	}
	msg, cause := "malformed CSV", pe.Err
	switch {
	case errors.Is(pe.Err, csv.ErrFieldCount):
		cause = fmt.Errorf("%w: %d where the header has %d", pe.Err, len(t.rec), t.r.FieldsPerRecord)
	case pe.Line != pe.StartLine:
		msg = fmt.Sprintf("malformed CSV in the record starting here, at line %d, column %d", pe.Line, pe.Column)
	default:
		msg = fmt.Sprintf("malformed CSV at column %d", pe.Column)
	}
	return &FileError{File: t.file, Line: pe.StartLine, Err: &graph.Error{Code: graph.EINVALID, Message: msg, Err: cause}}
}
