// Package catalogfile reads an organisation's catalogue of micro-credentials from a CSV or JSON
// file, checks every row against the file and the store, and writes it as one batch: each
// credential with what it certifies, its prerequisites and the competencies it requires.
// Credentials are keyed by the file's stable keys, so importing a file again writes nothing
// new. The layout is described in the README ("Importing a catalogue"); testdata/ holds an
// example of each format.
package catalogfile

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/seed/esco"
)

// MaxRows bounds the credentials one file may hold.
const MaxRows = 100_000

// RowError is what is wrong with one row (one credential) of a file: "file:line: field: message".
type RowError struct {
	File  string
	Line  int    // 1-based; the line the row starts on
	Field string // the column or JSON field at fault; "" for the row as a whole
	Err   error
}

func (e *RowError) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
	}
	return fmt.Sprintf("%s:%d: %s: %v", e.File, e.Line, e.Field, e.Err)
}

func (e *RowError) Unwrap() error { return e.Err }

// ByLine sorts errors by line, row errors first in file order, keeping their order on a line.
func ByLine(errs []error) []error {
	line := func(err error) int {
		var re *RowError
		if errors.As(err, &re) {
			return re.Line
		}
		return 0
	}
	slices.SortStableFunc(errs, func(a, b error) int { return line(a) - line(b) })
	return errs
}

// rowErr places a domain error on a row: its field becomes the row error's field.
func rowErr(file string, line int, err error) *RowError {
	var ge *graph.Error
	if errors.As(err, &ge) && ge.Field != "" {
		return &RowError{File: file, Line: line, Field: ge.Field, Err: errors.New(ge.Message)}
	}
	return &RowError{File: file, Line: line, Err: err}
}

// LevelRef names a competency, by store key or ESCO concept URI, at a level (0: unset, 1).
type LevelRef struct {
	Competency string `json:"competency"`
	Level      int    `json:"level,omitempty"`
}

// UnmarshalJSON takes an object {"competency": ..., "level": ...} or a string "key=level".
func (r *LevelRef) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		ref, err := parseLevelRef(s)
		*r = ref
		return err
	}
	type plain LevelRef
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	return dec.Decode((*plain)(r))
}

// parseLevelRef reads "key" or "key=level".
func parseLevelRef(s string) (LevelRef, error) {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '='); i >= 0 {
		l, err := strconv.Atoi(strings.TrimSpace(s[i+1:]))
		if err != nil {
			return LevelRef{}, fmt.Errorf("%q: the level after = must be a whole number", s)
		}
		return LevelRef{Competency: strings.TrimSpace(s[:i]), Level: l}, nil
	}
	return LevelRef{Competency: s}, nil
}

// Record is one credential of a catalogue, as the file gives it. CSV columns and JSON fields
// have the same names.
type Record struct {
	Key                  string     `json:"key"`
	Title                string     `json:"title"`
	Description          string     `json:"description,omitempty"`
	Outcomes             []string   `json:"outcomes,omitempty"`
	Hours                float64    `json:"hours"`
	ECTS                 float64    `json:"ects,omitempty"`
	EQFLevel             int        `json:"eqfLevel,omitempty"`
	Modality             string     `json:"modality"`
	AssessmentTypes      []string   `json:"assessmentTypes,omitempty"`
	Language             string     `json:"language"`
	Price                float64    `json:"price"`
	Currency             string     `json:"currency,omitempty"`
	Organization         string     `json:"organization,omitempty"`
	QualityAssurance     string     `json:"qualityAssurance,omitempty"`
	PartialValidation    bool       `json:"partialValidation,omitempty"`
	RetakesAllowed       int        `json:"retakesAllowed,omitempty"`
	RetakePolicy         string     `json:"retakePolicy,omitempty"`
	ValidityMonths       int        `json:"validityMonths,omitempty"`
	Country              string     `json:"country,omitempty"`
	URL                  string     `json:"url,omitempty"`
	Certifies            []LevelRef `json:"certifies,omitempty"`
	Prerequisites        []string   `json:"prerequisites,omitempty"`
	RequiredCompetencies []LevelRef `json:"requiredCompetencies,omitempty"`
}

// Org is the organisation a catalogue belongs to: created when the store does not have it, left
// as it is when it does.
type Org struct {
	Key         string `json:"key"`
	Name        string `json:"name"`
	Kind        string `json:"kind,omitempty"`
	Description string `json:"description,omitempty"`
	Country     string `json:"country,omitempty"`
	URL         string `json:"url,omitempty"`
	Email       string `json:"email,omitempty"`
}

// Row is a record with the line it starts on.
type Row struct {
	Line int
	Record
}

// File is a catalogue as read.
type File struct {
	Name         string
	Organization *Org // JSON's "organization", or CSV's organizationName column; nil when neither
	Rows         []Row
}

// Read reads a catalogue; the name's extension (.csv or .json) says the format. Errors are
// *RowError values, all of them, or one error when the file cannot be read at all.
func Read(name string, r io.Reader) (*File, []error) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".csv":
		return readCSV(name, r)
	case ".json":
		return readJSON(name, r)
	}
	return nil, []error{fmt.Errorf("%s: unknown format: name a .csv or .json file", name)}
}

// csvColumns are the CSV columns: every Record field, and organizationName.
var csvColumns = []string{"key", "title", "description", "outcomes", "hours", "ects", "eqfLevel", "modality",
	"assessmentTypes", "language", "price", "currency", "organization", "organizationName", "qualityAssurance",
	"partialValidation", "retakesAllowed", "retakePolicy", "validityMonths", "country", "url", "certifies",
	"prerequisites", "requiredCompetencies"}

var requiredColumns = []string{"key", "title", "hours", "modality", "language", "price", "organization"}

func readCSV(name string, r io.Reader) (*File, []error) {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return nil, []error{&RowError{File: name, Line: 1, Err: fmt.Errorf("no header row: %w", err)}}
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		if !slices.Contains(csvColumns, h) {
			return nil, []error{&RowError{File: name, Line: 1, Field: h, Err: fmt.Errorf("unknown column (the columns are %s)", strings.Join(csvColumns, ", "))}}
		}
		if _, dup := col[h]; dup {
			return nil, []error{&RowError{File: name, Line: 1, Field: h, Err: errors.New("column given twice")}}
		}
		col[h] = i
	}
	for _, c := range requiredColumns {
		if _, ok := col[c]; !ok {
			return nil, []error{&RowError{File: name, Line: 1, Field: c, Err: errors.New("required column missing")}}
		}
	}
	f := &File{Name: name}
	var errs []error
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				errs = append(errs, &RowError{File: name, Line: pe.Line, Err: pe.Err})
				if pe.Err == csv.ErrFieldCount {
					continue
				}
			} else {
				errs = append(errs, &RowError{File: name, Line: line, Err: err})
			}
			return f, errs
		}
		if len(f.Rows) == MaxRows {
			return f, append(errs, &RowError{File: name, Line: line, Err: fmt.Errorf("more than %d rows", MaxRows)})
		}
		get := func(c string) string {
			if i, ok := col[c]; ok {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		row, field, err := csvRow(get)
		if err != nil {
			errs = append(errs, &RowError{File: name, Line: line, Field: field, Err: err})
			continue
		}
		row.Line = line
		if on := get("organizationName"); on != "" {
			o := &Org{Key: row.Organization, Name: on}
			if f.Organization != nil && *f.Organization != *o {
				errs = append(errs, &RowError{File: name, Line: line, Field: "organizationName",
					Err: fmt.Errorf("one file holds one organisation's catalogue (%s, %q above)", f.Organization.Key, f.Organization.Name)})
				continue
			}
			f.Organization = o
		}
		f.Rows = append(f.Rows, row)
	}
	return f, errs
}

// csvRow parses one CSV row; on error it names the column.
func csvRow(get func(string) string) (Row, string, error) {
	var r Row
	r.Key, r.Title, r.Description = get("key"), get("title"), get("description")
	r.Modality, r.Language, r.Currency = strings.ToUpper(get("modality")), get("language"), get("currency")
	r.Organization, r.QualityAssurance, r.RetakePolicy = get("organization"), get("qualityAssurance"), get("retakePolicy")
	r.Country, r.URL = get("country"), get("url")
	r.Outcomes = list(get("outcomes"))
	for _, a := range list(get("assessmentTypes")) {
		r.AssessmentTypes = append(r.AssessmentTypes, strings.ToUpper(a))
	}
	r.Prerequisites = list(get("prerequisites"))
	for _, c := range []struct {
		name string
		dst  *float64
	}{{"hours", &r.Hours}, {"ects", &r.ECTS}, {"price", &r.Price}} {
		if v := get(c.name); v != "" {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				return r, c.name, fmt.Errorf("%q is not a number", v)
			}
			*c.dst = f
		}
	}
	for _, c := range []struct {
		name string
		dst  *int
	}{{"eqfLevel", &r.EQFLevel}, {"retakesAllowed", &r.RetakesAllowed}, {"validityMonths", &r.ValidityMonths}} {
		if v := get(c.name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				return r, c.name, fmt.Errorf("%q is not a whole number", v)
			}
			*c.dst = n
		}
	}
	if v := get("partialValidation"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return r, "partialValidation", fmt.Errorf("%q is not true or false", v)
		}
		r.PartialValidation = b
	}
	for _, c := range []struct {
		name string
		dst  *[]LevelRef
	}{{"certifies", &r.Certifies}, {"requiredCompetencies", &r.RequiredCompetencies}} {
		for _, item := range list(get(c.name)) {
			ref, err := parseLevelRef(item)
			if err != nil {
				return r, c.name, err
			}
			*c.dst = append(*c.dst, ref)
		}
	}
	return r, "", nil
}

// list splits a CSV cell of several values, separated by semicolons.
func list(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ";") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func readJSON(name string, r io.Reader) (*File, []error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, []error{fmt.Errorf("%s: %w", name, err)}
	}
	lineAt := func(off int64) int {
		for off < int64(len(data)) && strings.ContainsRune(" \t\r\n,", rune(data[off])) {
			off++
		}
		return 1 + bytes.Count(data[:off], []byte("\n"))
	}
	fail := func(off int64, err error) []error {
		// A syntax error says where it is; the line of the row is the next best thing.
		var se *json.SyntaxError
		if errors.As(err, &se) && se.Offset > 0 {
			off = se.Offset - 1
		}
		return []error{&RowError{File: name, Line: lineAt(off), Err: err}}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, fail(0, errors.New(`want an object {"organization": ..., "credentials": [...]}`))
	}
	f := &File{Name: name}
	var errs []error
	seen := map[string]bool{}
	for dec.More() {
		off := dec.InputOffset()
		t, err := dec.Token()
		if err != nil {
			return f, append(errs, fail(off, err)...)
		}
		key, _ := t.(string)
		if seen[key] {
			return f, append(errs, &RowError{File: name, Line: lineAt(off), Field: key, Err: errors.New("given twice")})
		}
		seen[key] = true
		switch key {
		case "organization":
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return f, append(errs, &RowError{File: name, Line: lineAt(off), Field: key, Err: err})
			}
			org := &Org{}
			d := json.NewDecoder(bytes.NewReader(raw))
			d.DisallowUnknownFields()
			if err := d.Decode(org); err != nil {
				return f, append(errs, &RowError{File: name, Line: lineAt(off), Field: key, Err: err})
			}
			f.Organization = org
		case "credentials":
			if t, err := dec.Token(); err != nil || t != json.Delim('[') {
				return f, append(errs, &RowError{File: name, Line: lineAt(off), Field: key, Err: errors.New("want an array")})
			}
			for dec.More() {
				start := dec.InputOffset()
				var raw json.RawMessage
				if err := dec.Decode(&raw); err != nil {
					return f, append(errs, fail(start, err)...)
				}
				line := lineAt(start)
				if len(f.Rows) == MaxRows {
					return f, append(errs, &RowError{File: name, Line: line, Err: fmt.Errorf("more than %d credentials", MaxRows)})
				}
				var rec Record
				d := json.NewDecoder(bytes.NewReader(raw))
				d.DisallowUnknownFields()
				if err := d.Decode(&rec); err != nil {
					errs = append(errs, &RowError{File: name, Line: line, Err: err})
					continue
				}
				f.Rows = append(f.Rows, Row{Line: line, Record: rec})
			}
			if _, err := dec.Token(); err != nil {
				return f, append(errs, fail(dec.InputOffset(), err)...)
			}
		default:
			return f, append(errs, &RowError{File: name, Line: lineAt(off), Field: key, Err: errors.New(`unknown field (want "organization" and "credentials")`)})
		}
	}
	if f.Organization != nil {
		for i := range f.Rows {
			if f.Rows[i].Organization == "" {
				f.Rows[i].Organization = f.Organization.Key
			}
		}
	}
	return f, errs
}

// competencyID is the store key a file's competency reference names: ESCO concept URIs map to
// the ids the ESCO import gives.
func competencyID(ref string) string {
	if strings.HasPrefix(ref, "http://") || strings.HasPrefix(ref, "https://") {
		return esco.ID(ref)
	}
	return ref
}
