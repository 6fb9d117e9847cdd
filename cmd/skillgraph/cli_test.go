package main

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/urfave/cli/v3"

	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/graph/embedded"
	"github.com/skillgraph/skillgraph/graph/neo4j/neo4jtest"
	"github.com/skillgraph/skillgraph/seed/seedtest"
)

// runOut runs a command line in process and returns what it printed and returned.
func runOut(args ...string) (stdout, stderr string, err error) {
	var out, errOut bytes.Buffer
	err = run(context.Background(), args, &out, &errOut)
	return out.String(), errOut.String(), err
}

// commandPaths lists every command of the tree that runs something, as its words after
// "skillgraph", with the flags it accepts (its own and the persistent ones above it).
func commandPaths(app *cli.Command) map[string][]cli.Flag {
	out := map[string][]cli.Flag{}
	var walk func(c *cli.Command, path []string, inherited []cli.Flag)
	walk = func(c *cli.Command, path []string, inherited []cli.Flag) {
		flags := append(append([]cli.Flag(nil), inherited...), c.Flags...)
		if len(c.Commands) == 0 {
			out[strings.Join(path, " ")] = flags
		}
		for _, sub := range c.Commands {
			walk(sub, append(append([]string(nil), path...), sub.Name), flags)
		}
	}
	walk(app, nil, nil)
	return out
}

// Every command's help, asked either way, lists every flag it accepts with the environment
// variable that sets it and its default.
func TestHelpListsEveryFlag(t *testing.T) {
	paths := commandPaths(newApp(nil, nil))
	for _, want := range []string{"serve", "import esco", "import demo", "generate catalog", "stats", "token", "version"} {
		if _, ok := paths[want]; !ok {
			t.Errorf("no command %q", want)
		}
	}
	for path, flags := range paths {
		words := strings.Fields(path)
		for _, args := range [][]string{append(words, "--help"), append([]string{"help"}, words...)} {
			out, _, err := runOut(args...)
			if err != nil {
				t.Errorf("skillgraph %s: %v", strings.Join(args, " "), err)
				continue
			}
			for _, f := range flags {
				if v, ok := f.(cli.VisibleFlag); ok && !v.IsVisible() {
					continue
				}
				name := f.Names()[0]
				line := regexp.MustCompile(`(?m)^\s+--` + regexp.QuoteMeta(name) + `\b.*$`).FindString(out)
				if line == "" {
					t.Errorf("skillgraph %s: no line for --%s in\n%s", strings.Join(args, " "), name, out)
					continue
				}
				doc, ok := f.(cli.DocGenerationFlag)
				if !ok {
					t.Fatalf("--%s documents nothing", name)
				}
				for _, env := range doc.GetEnvVars() {
					if !strings.Contains(line, "[$"+env+"]") {
						t.Errorf("skillgraph %s: --%s does not name $%s: %q", strings.Join(args, " "), name, env, line)
					}
				}
				if def := doc.GetDefaultText(); def != "" && !strings.Contains(line, "(default: "+def+")") {
					t.Errorf("skillgraph %s: --%s does not give its default %q: %q", strings.Join(args, " "), name, def, line)
				} else if v := doc.GetValue(); def == "" && doc.TakesValue() && v != "" && !strings.Contains(line, v) {
					t.Errorf("skillgraph %s: --%s does not give its default %q: %q", strings.Join(args, " "), name, v, line)
				}
			}
		}
	}

	// The settings of serve that no help used to mention, with their variables.
	out, _, err := runOut("serve", "--help")
	if err != nil {
		t.Fatal(err)
	}
	for flag, env := range map[string]string{
		"addr": "SKILLGRAPH_ADDR", "cors-origins": "SKILLGRAPH_CORS_ORIGINS", "base-url": "SKILLGRAPH_BASE_URL",
		"keys": "SKILLGRAPH_KEYS", "signing-alg": "SKILLGRAPH_SIGNING_ALG", "jwks-file": "SKILLGRAPH_JWKS_FILE",
		"jwks-url": "SKILLGRAPH_JWKS_URL", "jwt-issuer": "SKILLGRAPH_JWT_ISSUER", "jwt-audience": "SKILLGRAPH_JWT_AUDIENCE",
		"dev-secret": "SKILLGRAPH_DEV_SECRET", "private-catalogue": "SKILLGRAPH_PRIVATE_CATALOGUE",
		"catalogue-cache": "SKILLGRAPH_CATALOGUE_CACHE", "gc-percent": "SKILLGRAPH_GC_PERCENT", "gc-headroom": "SKILLGRAPH_GC_HEADROOM", "db": "SKILLGRAPH_DB", "neo4j-uri": "NEO4J_URI",
		"key-encryption-key-file": "SKILLGRAPH_KEY_ENCRYPTION_KEY_FILE",
	} {
		if !regexp.MustCompile(`(?m)^\s+--` + flag + `\b.*\[\$` + env + `\]$`).MatchString(out) {
			t.Errorf("serve --help: no --%s with $%s", flag, env)
		}
	}
	for _, flag := range []string{"no-demo", "no-introspection"} {
		if !strings.Contains(out, "--"+flag+" ") {
			t.Errorf("serve --help: no --%s", flag)
		}
	}
}

// The README documents every flag of every command.
func TestReadmeNamesEveryFlag(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for path, flags := range commandPaths(newApp(nil, nil)) {
		for _, f := range flags {
			if v, ok := f.(cli.VisibleFlag); ok && !v.IsVisible() {
				continue
			}
			if name := f.Names()[0]; !bytes.Contains(raw, []byte("`--"+name)) {
				t.Errorf("the README does not document --%s of skillgraph %s", name, path)
			}
		}
	}
}

// The binary's exit statuses: 0 for help and version, 2 for a command line it cannot run
// (with a suggestion for a typo), 1 for a failure.
func TestExitStatuses(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	for _, tc := range []struct {
		args       []string
		status     int
		out, inErr string
	}{
		{[]string{"--help"}, 0, "COMMANDS:", ""},
		{[]string{"serve", "--help"}, 0, "--signing-alg", ""},
		{[]string{"import", "esco", "--help"}, 0, "--batch", ""},
		{[]string{"help", "import"}, 0, "esco", ""},
		{[]string{"version"}, 0, runtime.Version(), ""},
		{[]string{"--generate-shell-completion"}, 0, "\nimport:import the official ESCO export", ""},
		{[]string{"--d", "--generate-shell-completion"}, 0, "--db", ""},
		{[]string{"serv"}, 2, "", `skillgraph: unknown command "serv"; did you mean "serve"?`},
		{[]string{"improt", "esco", "x"}, 2, "", `did you mean "import"?`},
		{[]string{"help", "serv"}, 2, "", `did you mean "serve"?`},
		{[]string{"import", "escoo"}, 2, "", `import: unknown command "escoo"; did you mean "esco"?`},
		{[]string{"serve", "--adr", ":0"}, 2, "", `serve: unknown flag --adr; did you mean "--addr"?`},
		{[]string{"import", "esco", "--bacth", "5", "x"}, 2, "", `did you mean "--batch"?`},
		{[]string{"frobnicate"}, 2, "", `skillgraph: unknown command "frobnicate" (see 'skillgraph --help')`},
		{[]string{}, 2, "", "name a command: serve, import"},
		{[]string{"--db", filepath.Join(dir, "typo.db"), "stats"}, 1, "", "typo.db: no such store file"},
		{[]string{"--db", filepath.Join(dir, "x.db"), "serve", "extra"}, 2, "", `serve: unexpected arguments "extra"`},
		{[]string{"version", "extra"}, 2, "", `version: unexpected arguments "extra"`},
		{[]string{"--db", filepath.Join(dir, "x.db"), "import", "demo", "extra"}, 2, "", `import demo: unexpected arguments "extra"`},
	} {
		cmd := exec.Command(bin, tc.args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "NEO4J_URI=")
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		status := 0
		if ee := (*exec.ExitError)(nil); errors.As(err, &ee) {
			status = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if status != tc.status || !strings.Contains(stdout.String(), tc.out) || !strings.Contains(stderr.String(), tc.inErr) {
			t.Errorf("skillgraph %s: status %d, stdout\n%s\nstderr\n%s\nwant status %d, %q on stdout, %q on stderr",
				strings.Join(tc.args, " "), status, stdout.String(), stderr.String(), tc.status, tc.out, tc.inErr)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("the refused command lines left %v behind", entries)
	}
}

// Flags go before or after arguments, and the store flags before or after the command.
func TestFlagsAfterArguments(t *testing.T) {
	sample, err := filepath.Abs(seedtest.DataDir(t, "esco-official-sample"))
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("NEO4J_URI", "")
	dir := t.TempDir()
	t.Chdir(dir) // where a store would land if --db were not taken as a flag
	runCmd(t, nil, "import", "esco", sample, "--db", "x.db", "--batch", "400")
	out, _ := runCmd(t, nil, "stats", "--db", "x.db")
	if got := statsLine(t, out, "JobRole"); got != "50" {
		t.Errorf("JobRole = %s, want 50", got)
	}
	if _, err := os.Stat("skillgraph.db"); err == nil {
		t.Error("import esco PATH --db x.db created ./skillgraph.db")
	}
	// The Neo4j URI is a store flag too: after the command, it is read (and checked).
	if _, _, err := runOut("stats", "--neo4j-uri", "localhost:7687"); err == nil || !strings.Contains(err.Error(), "neo4j-uri") {
		t.Errorf("stats --neo4j-uri localhost:7687: %v, want an error naming the flag", err)
	}
}

// Bad configuration is refused before anything is opened, written or loaded, with the
// variable or flag at fault named.
func TestConfigValidatedBeforeAnythingIsWritten(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	garbage := filepath.Join(dir, "garbage.jwks")
	if err := os.WriteFile(garbage, []byte("not a key set"), 0o600); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "sub", "store.db")
	for _, tc := range []struct {
		env  string // NAME=value, or nothing
		args []string
		want string
	}{
		{"SKILLGRAPH_PRIVATE_CATALOGUE=yes", []string{"serve"}, `"SKILLGRAPH_PRIVATE_CATALOGUE"`},
		{"SKILLGRAPH_CATALOGUE_CACHE=maybe", []string{"serve"}, `"SKILLGRAPH_CATALOGUE_CACHE"`},
		{"SKILLGRAPH_JWKS_URL=notaurl", []string{"serve"}, `"SKILLGRAPH_JWKS_URL" for flag jwks-url: want an absolute http:// or https:// URL`},
		{"SKILLGRAPH_SIGNING_ALG=HS512", []string{"serve"}, `"SKILLGRAPH_SIGNING_ALG" for flag signing-alg: want one of [EdDSA RS256 ES256]`},
		{"SKILLGRAPH_ADDR=bogus", []string{"serve"}, `"SKILLGRAPH_ADDR" for flag addr: want host:port`},
		{"SKILLGRAPH_ADDR=:99999", []string{"serve"}, `"SKILLGRAPH_ADDR" for flag addr: port "99999"`},
		{"SKILLGRAPH_BASE_URL=localhost:8080", []string{"serve"}, `"SKILLGRAPH_BASE_URL"`},
		{"SKILLGRAPH_CORS_ORIGINS=https://a.example, b.example", []string{"serve"}, `"SKILLGRAPH_CORS_ORIGINS" for flag cors-origins: origin "b.example"`},
		{"NEO4J_URI=localhost:7687", []string{"serve"}, `"NEO4J_URI" for flag neo4j-uri`},
		{"SKILLGRAPH_GC_PERCENT=5", []string{"serve"}, `"SKILLGRAPH_GC_PERCENT" for flag gc-percent: must be -1 (off) or at least 10`},
		{"SKILLGRAPH_GC_HEADROOM=-1", []string{"serve"}, `"SKILLGRAPH_GC_HEADROOM" for flag gc-headroom: must not be negative`},
		{"", []string{"serve", "--addr", "8080"}, `invalid value "8080" for flag -addr`},
		{"", []string{"serve", "--signing-alg", "none"}, `for flag -signing-alg`},
		{"", []string{"serve", "--jwks-file", filepath.Join(dir, "missing.jwks")}, "--jwks-file"},
		{"", []string{"serve", "--jwks-file", garbage}, "--jwks-file " + garbage},
		{"SKILLGRAPH_KEY_ENCRYPTION_KEY=tooshort", []string{"serve"}, "SKILLGRAPH_KEY_ENCRYPTION_KEY: keyEncryptionKey: want 32 random bytes"},
		{"", []string{"serve", "--key-encryption-key-file", garbage}, "--key-encryption-key-file " + garbage + ": keyEncryptionKey: want 32 random bytes"},
		{"", []string{"serve", "--key-encryption-key-file", filepath.Join(dir, "missing.key")}, "--key-encryption-key-file"},
		{"SKILLGRAPH_KEY_ENCRYPTION_KEY=" + strings.Repeat("ab", 32), []string{"serve", "--key-encryption-key-file", garbage}, "both set"},
		{"", []string{"import", "esco", "--batch", "-5", dir}, `invalid value "-5" for flag -batch`},
		{"", []string{"token", "--role", "learner", "--ttl", "forever"}, `invalid value "forever" for flag -ttl`},
		{"", []string{"token", "--role", "learner", "--learner", "l", "--ttl", "-1h"}, `for flag -ttl: must be positive`},
		{"", []string{"token", "--role", "learner"}, "token: learner"},
		{"", []string{"token", "--role", "superuser"}, `for flag -role: want one of`},
	} {
		t.Run(strings.Join(append([]string{tc.env}, tc.args...), " "), func(t *testing.T) {
			t.Setenv("NEO4J_URI", "")
			if tc.env != "" {
				k, v, _ := strings.Cut(tc.env, "=")
				t.Setenv(k, v)
			}
			_, _, err := runOut(append(tc.args, "--db", db)...)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("%v, want an error saying %q", err, tc.want)
			}
		})
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Name() != "garbage.jwks" {
			t.Errorf("a refused configuration wrote %s", e.Name())
		}
	}
}

// A variable set but empty is unset: the flag keeps its default.
func TestEmptyVariablesAreUnset(t *testing.T) {
	for _, k := range []string{"SKILLGRAPH_DB", "NEO4J_URI", "SKILLGRAPH_ADDR", "SKILLGRAPH_SIGNING_ALG", "SKILLGRAPH_PRIVATE_CATALOGUE",
		"SKILLGRAPH_CATALOGUE_CACHE", "SKILLGRAPH_JWKS_URL", "SKILLGRAPH_BASE_URL", "SKILLGRAPH_CORS_ORIGINS", "SKILLGRAPH_KEYS"} {
		t.Setenv(k, "")
	}
	t.Chdir(t.TempDir())
	s := startServe(t)
	if err := s.stop(); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"skillgraph.db", "skillgraph.db.keys.json", "skillgraph.db.secret"} {
		if _, err := os.Stat(f); err != nil {
			t.Errorf("serve with empty variables: %v", err)
		}
	}
	if !strings.Contains(s.stderr.String(), `"alg":"EdDSA"`) {
		t.Errorf("serve with SKILLGRAPH_SIGNING_ALG= did not sign with EdDSA:\n%s", s.stderr.String())
	}
}

// stats only reads: a store file that does not exist is an error naming it, not an empty
// store created to print zeros.
func TestReadOnlyCommandsRefuseMissingStore(t *testing.T) {
	t.Setenv("NEO4J_URI", "")
	dir := t.TempDir()
	typo := filepath.Join(dir, "typo.db")
	for _, args := range [][]string{{"--db", typo, "stats"}, {"stats", "--db", typo}} {
		if _, _, err := runOut(args...); err == nil || !strings.Contains(err.Error(), typo+": no such store file") {
			t.Errorf("%s: %v", strings.Join(args, " "), err)
		}
	}
	t.Setenv("SKILLGRAPH_DB", typo)
	if _, _, err := runOut("stats"); err == nil || !strings.Contains(err.Error(), typo) {
		t.Errorf("SKILLGRAPH_DB=%s stats: %v", typo, err)
	}
	if _, err := os.Stat(typo); err == nil {
		t.Error("stats created the store file")
	}
}

// serve says where it serves, and every address it prints answers.
func TestServePrintsItsURLs(t *testing.T) {
	t.Setenv("NEO4J_URI", "")
	s := startServe(t, "--db", filepath.Join(t.TempDir(), "demo.db"))
	out := s.stdout
	base := "http://" + s.addr
	for _, path := range []string{"/graphql", "/", "/healthz", "/readyz", "/metrics"} {
		if !strings.Contains(out.String(), base+path) {
			t.Errorf("serve did not print %s:\n%s", base+path, out.String())
		}
	}
	for _, u := range regexp.MustCompile(`http://\S+`).FindAllString(out.String(), -1) {
		req, err := http.NewRequest(http.MethodGet, u, nil)
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(u, "/graphql") {
			req.URL.RawQuery = "query=%7B__typename%7D"
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("GET %s: %v", u, err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Errorf("GET %s: %d", u, res.StatusCode)
		}
	}
}

var jwt = regexp.MustCompile(`eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+`)

// Demo tokens are printed when the demo's people are in the store, and only then.
func TestDemoTokensOnlyWithTheDemo(t *testing.T) {
	t.Setenv("NEO4J_URI", "")
	dir := t.TempDir()
	demo := startServe(t, "--db", filepath.Join(dir, "demo.db"))
	if out := demo.stdout.String(); len(jwt.FindAllString(out, -1)) != len(demoTokens) {
		t.Errorf("serve on the demo printed %d tokens, want %d:\n%s", len(jwt.FindAllString(out, -1)), len(demoTokens), out)
	}
	if err := demo.stop(); err != nil {
		t.Fatal(err)
	}

	sample := seedtest.DataDir(t, "esco-official-sample")
	esco := filepath.Join(dir, "esco.db")
	runCmd(t, nil, "import", "esco", sample, "--db", esco)
	empty := filepath.Join(dir, "empty.db")
	for _, args := range [][]string{{"--db", esco}, {"--db", empty, "--no-demo"}} {
		s := startServe(t, args...)
		out := s.stdout.String()
		if strings.Contains(out, "Development tokens") || jwt.MatchString(out) {
			t.Errorf("serve %s printed demo tokens without the demo:\n%s", strings.Join(args, " "), out)
		}
		if !strings.Contains(out, "http://"+s.addr+"/graphql") {
			t.Errorf("serve %s did not print its URLs:\n%s", strings.Join(args, " "), out)
		}
		if err := s.stop(); err != nil {
			t.Fatal(err)
		}
	}
	st, err := embedded.Open(esco)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.Get(context.Background(), graph.KindLearner, "learner-lea-dubois"); err == nil {
		t.Error("serve loaded the demo into a store that held ESCO")
	}
}

// On Neo4j, where serve never loads the demo, its tokens are printed once `import demo` has
// put it there.
func TestDemoTokensOnNeo4j(t *testing.T) {
	neo4jtest.Open(t)    // skips loudly, or fails when Neo4j is required; leaves an empty database
	t.Chdir(t.TempDir()) // the key file and the development secret default to the working directory
	s := startServe(t)
	if out := s.stdout.String(); jwt.MatchString(out) || !strings.Contains(out, "/graphql") {
		t.Errorf("serve on an empty Neo4j:\n%s", out)
	}
	if err := s.stop(); err != nil {
		t.Fatal(err)
	}
	runCmd(t, nil, "import", "demo")
	s = startServe(t)
	if n := len(jwt.FindAllString(s.stdout.String(), -1)); n != len(demoTokens) {
		t.Errorf("serve on Neo4j with the demo printed %d tokens, want %d:\n%s", n, len(demoTokens), s.stdout.String())
	}
}

// version prints the module version, the commit and its time when the build recorded them,
// and the Go version: what `go version -m` reads from the same binary.
func TestVersion(t *testing.T) {
	out, _, err := runOut("version")
	if err != nil || !strings.Contains(out, "go         "+runtime.Version()+"\n") || !strings.HasPrefix(out, "skillgraph ") {
		t.Fatalf("version: %v\n%s", err, out)
	}

	bin := filepath.Join(t.TempDir(), "skillgraph")
	if b, err := exec.Command("go", "build", "-buildvcs=true", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build -buildvcs=true: %v\n%s", err, b)
	}
	info, err := exec.Command("go", "version", "-m", bin).Output()
	if err != nil {
		t.Fatal(err)
	}
	recorded := func(pattern string) string {
		if m := regexp.MustCompile(pattern).FindSubmatch(info); m != nil {
			return string(m[1])
		}
		return ""
	}
	b, err := exec.Command(bin, "version").Output()
	if err != nil {
		t.Fatal(err)
	}
	out = string(b)
	mod := recorded(`(?m)^\s+mod\s+github.com/skillgraph/skillgraph\s+(\S+)`)
	if mod == "" || !strings.HasPrefix(out, "skillgraph "+mod+"\n") {
		t.Errorf("version does not print the module version %q:\n%s", mod, out)
	}
	rev, when := recorded(`vcs\.revision=(\S+)`), recorded(`vcs\.time=(\S+)`)
	if rev == "" {
		// Go records no VCS for a git worktree (its .git is a file); a clone, as CI's, has one.
		t.Log("*** THE BUILD RECORDED NO COMMIT (a git worktree?): only its absence is checked ***")
		if strings.Contains(out, "commit") {
			t.Errorf("version prints a commit the build did not record:\n%s", out)
		}
		return
	}
	if !regexp.MustCompile(`(?m)^commit\s+`+rev+`\b`).MatchString(out) || !regexp.MustCompile(`(?m)^committed\s+`+regexp.QuoteMeta(when)+`$`).MatchString(out) {
		t.Errorf("version does not print the recorded commit %s of %s:\n%s", rev, when, out)
	}
	if head, err := exec.Command("git", "rev-parse", "HEAD").Output(); err == nil && strings.TrimSpace(string(head)) != rev {
		t.Errorf("the build recorded commit %s, HEAD is %s", rev, head)
	}
}

// Shell completion: scripts for bash, zsh and fish, and the completions they ask the binary for.
func TestCompletion(t *testing.T) {
	for _, shell := range []string{"bash", "zsh", "fish"} {
		out, _, err := runOut("completion", shell)
		if err != nil || !strings.Contains(out, "skillgraph") {
			t.Errorf("completion %s: %v\n%s", shell, err, out)
		}
	}
	// The root's own completions read os.Args: TestExitStatuses asks the binary for them.
	out, _, err := runOut("import", "--generate-shell-completion")
	if err != nil || !regexp.MustCompile(`(?m)^esco:`).MatchString(out) {
		t.Errorf("import's commands: %v\n%s", err, out)
	}
	out, _, err = runOut("serve", "--sign", "--generate-shell-completion")
	if err != nil || !regexp.MustCompile(`(?m)^--signing-alg\b`).MatchString(out) {
		t.Errorf("serve's flags: %v\n%s", err, out)
	}
}
