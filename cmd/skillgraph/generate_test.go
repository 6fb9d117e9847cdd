package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/skillgraph/skillgraph/seed/seedtest"
)

func TestGenerateCatalogAfterSampleImport(t *testing.T) {
	sample := seedtest.DataDir(t, "esco-official-sample")
	db := filepath.Join(t.TempDir(), "sg.db")
	env := []string{"NEO4J_URI="}
	runCmd(t, env, "--db", db, "import", "esco", sample)
	args := []string{"--db", db, "generate", "catalog", "--seed", "1", "--credentials", "300", "--learners", "100"}
	out, progress := runCmd(t, env, args...)
	for _, want := range []string{"catalogue (seed 1)", "300 credentials", "100 learners", "40 organisations"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	if !regexp.MustCompile(`(?m)^\s+credentials\s+300\s+300\s+0\s+0\s`).MatchString(out) {
		t.Errorf("summary does not say the 300 credentials are new:\n%s", out)
	}
	if !strings.Contains(progress, "generating a catalogue into embedded "+db) || !strings.Contains(progress, "holdings") {
		t.Errorf("no progress on stderr:\n%s", progress)
	}

	stats, _ := runCmd(t, env, "stats", "--db", db)
	for name, want := range map[string]string{"Credential": "300", "Learner": "100", "Organization": "40",
		"JobRole": "50", "Competency": "2,956"} {
		if got := statsLine(t, stats, name); got != want {
			t.Errorf("%s = %s, want %s", name, got, want)
		}
	}
	for _, rel := range []string{"CERTIFIES", "PREREQUISITE", "HAS", "COMPRISES"} {
		if got := statsLine(t, stats, rel); got == "0" {
			t.Errorf("no %s relationships:\n%s", rel, stats)
		}
	}

	// A second run changes nothing: the total row counts everything unchanged.
	again, _ := runCmd(t, env, args...)
	if !regexp.MustCompile(`(?m)^\s+total\s+[\d,]+\s+0\s+0\s+[1-9][\d,]*\s`).MatchString(again) {
		t.Errorf("second generation changed something:\n%s", again)
	}
	// Another seed over it is refused, and leaves the store as it was.
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"--db", db, "generate", "catalog", "--seed", "2", "--credentials", "300", "--learners", "100"}, &stdout, &stderr)
	if err == nil || !strings.Contains(err.Error(), "already holds a different generated") {
		t.Errorf("another seed over a catalogue: %v", err)
	}
	if after, _ := runCmd(t, env, "stats", "--db", db); after != stats {
		t.Errorf("the refused generation changed the store:\n%s", after)
	}
}

func TestGenerateUsageErrors(t *testing.T) {
	t.Setenv("NEO4J_URI", "")
	dir := t.TempDir()
	db := filepath.Join(dir, "x.db")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"generate"}, "generate: name a command: catalog"},
		{[]string{"generate", "learners"}, "generate: unknown command \"learners\""},
		{[]string{"generate", "catalog", "--credentials", "lots"}, "invalid value \"lots\" for flag -credentials"},
		{[]string{"generate", "catalog", "--seed", "-1"}, "invalid value \"-1\" for flag -seed"},
		{[]string{"generate", "catalog", "--frobnicate"}, "generate catalog: unknown flag --frobnicate"},
		{[]string{"generate", "catalog", "--batch", "-1"}, "invalid value \"-1\" for flag -batch: must not be negative"},
		{[]string{"generate", "catalog", "--credentials", "-5"}, "credentials: must be between 0 and 999,999 (got -5)"},
		{[]string{"generate", "catalog", "--learners", "5000000"}, "learners: must be between 0 and 999,999"},
		{[]string{"generate", "catalog", "--organizations", "1000"}, "organizations: must be between 0 and 999"},
		{[]string{"generate", "catalog", "extra"}, "unexpected arguments \"extra\""},
	} {
		var stdout, stderr bytes.Buffer
		err := run(context.Background(), append([]string{"--db", db}, tc.args...), &stdout, &stderr)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want an error saying %q", strings.Join(tc.args, " "), err, tc.want)
		}
	}
	if _, err := os.Stat(db); err == nil {
		t.Error("a refused command created the store file")
	}

	// An empty store says what to do first.
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"--db", db, "generate", "catalog", "--credentials", "10", "--learners", "10"}, &stdout, &stderr)
	if err == nil || !strings.Contains(err.Error(), "import ESCO first: skillgraph import esco") {
		t.Errorf("generate on an empty store: %v", err)
	}
}
