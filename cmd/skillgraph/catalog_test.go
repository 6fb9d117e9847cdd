package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/skillgraph/skillgraph/graph/neo4j/neo4jtest"
)

var (
	exampleCSV  = filepath.Join("..", "..", "seed", "catalogfile", "testdata", "catalogue.csv")
	exampleJSON = filepath.Join("..", "..", "seed", "catalogfile", "testdata", "catalogue.json")
)

func TestImportCatalogEmbedded(t *testing.T) {
	checkImportCatalog(t, []string{"NEO4J_URI="}, []string{"--db", filepath.Join(t.TempDir(), "sg.db")})
}

func TestImportCatalogNeo4j(t *testing.T) {
	neo4jtest.Open(t) // an empty database, or a loud skip
	checkImportCatalog(t, []string{"NEO4J_URI=" + os.Getenv("NEO4J_URI")}, nil)
}

// checkImportCatalog runs `import catalog` on the example files of both formats, as a user
// would: a dry run writes nothing, the import writes, a rerun (or the other format of the same
// catalogue) writes nothing new and says so, and a file with errors names each row and writes
// nothing.
func checkImportCatalog(t *testing.T, env, store []string) {
	cmd := func(args ...string) []string { return append(append([]string(nil), store...), args...) }
	runCmd(t, env, cmd("import", "demo")...)
	before, _ := runCmd(t, env, cmd("stats")...)

	out, progress := runCmd(t, env, cmd("import", "catalog", "--dry-run", exampleCSV)...)
	if !strings.Contains(out, "dry run, nothing written") || !strings.Contains(out, "3 created") || !strings.Contains(out, "9 created") {
		t.Errorf("dry run summary:\n%s", out)
	}
	if !strings.Contains(progress, "3 credentials read") {
		t.Errorf("dry run progress:\n%s", progress)
	}
	if after, _ := runCmd(t, env, cmd("stats")...); after != before {
		t.Fatalf("the dry run wrote:\n%s\nwas:\n%s", after, before)
	}

	out, progress = runCmd(t, env, cmd("import", "catalog", exampleCSV)...)
	if !strings.Contains(out, "imported 3 credentials (3 created, 0 updated, 0 unchanged, its organisation created); relationships 9 created") {
		t.Errorf("import summary:\n%s", out)
	}
	if !regexp.MustCompile(`catalogue\.csv: 13/13 items sent to the store`).MatchString(progress) {
		t.Errorf("import progress:\n%s", progress)
	}
	stats, _ := runCmd(t, env, cmd("stats")...)
	if statsLine(t, stats, "Credential") == statsLine(t, before, "Credential") {
		t.Fatalf("no credential imported:\n%s", stats)
	}
	for _, f := range []string{exampleCSV, exampleJSON} {
		out, _ = runCmd(t, env, cmd("import", "catalog", f)...)
		if !strings.Contains(out, "nothing new: the store already holds its 3 credentials and 9 relationships") {
			t.Errorf("rerun with %s:\n%s", filepath.Base(f), out)
		}
		if again, _ := runCmd(t, env, cmd("stats")...); again != stats {
			t.Errorf("rerun with %s changed the counts:\n%s", filepath.Base(f), again)
		}
	}

	// A file with errors: every row at fault named with its line, and nothing written.
	bad := filepath.Join(t.TempDir(), "bad.csv")
	if err := os.WriteFile(bad, []byte(strings.Join([]string{
		"key,title,organization,hours,modality,language,price,certifies,prerequisites",
		"fine-1,Fine,org-octet,10,REMOTE,fr,0,esco:skill/7ee4c2ea-b349-4bd2-81a3-ec31475d4833=2,datalab-fouille",
		"bad-hours,Bad,org-octet,-3,REMOTE,fr,0,,",
		"bad-competency,Bad,org-octet,3,REMOTE,fr,0,esco:skill/no-such=2,",
		"datalab-dataviz,Taken,org-octet,3,REMOTE,fr,0,,",
		"bad-number,Bad,org-octet,three,REMOTE,fr,0,,",
	}, "\n")), 0o600); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, err := runOut(cmd("import", "catalog", bad)...)
	if err == nil || !strings.Contains(err.Error(), "4 errors; nothing written") || stdout != "" {
		t.Fatalf("bad file: err %v, stdout %q", err, stdout)
	}
	for _, want := range []string{
		bad + `:3: hours: must be between 0 and 100000 (got -3)`,
		bad + `:4: certifies[0]: no competency "esco:skill/no-such"`,
		bad + `:5: key: "datalab-dataviz" is a credential of another organisation (org-datalab-lyon)`,
		bad + `:6: hours: "three" is not a number`,
	} {
		if !strings.Contains(stderr, want+"\n") {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if again, _ := runCmd(t, env, cmd("stats")...); again != stats {
		t.Errorf("a file with errors changed the counts:\n%s", again)
	}
}
