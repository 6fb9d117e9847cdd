package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// processes are the children to stop on the way out, in reverse order of start.
type processes []*process

type process struct {
	name  string
	cmd   *exec.Cmd
	grace time.Duration
	log   string
	done  chan struct{}
}

func (ps *processes) start(ctx context.Context, name, dir, log string, grace time.Duration, env []string, args ...string) (*process, error) {
	f, err := os.Create(log)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	c := exec.Command(args[0], args[1:]...) // not tied to ctx: stopAll stops it gracefully
	c.Dir, c.Env, c.Stdout, c.Stderr = dir, env, f, f
	if err := c.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	p := &process{name: name, cmd: c, grace: grace, log: log, done: make(chan struct{})}
	go func() { c.Wait(); close(p.done) }()
	*ps = append(*ps, p)
	return p, ctx.Err()
}

func (ps *processes) stopAll() {
	for i := len(*ps) - 1; i >= 0; i-- {
		p := (*ps)[i]
		p.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-p.done:
		case <-time.After(p.grace):
			logf("%s did not stop within %s; killing it", p.name, p.grace)
			p.cmd.Process.Kill()
			<-p.done
		}
	}
	*ps = nil
}

func (p *process) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// waitFor polls ready every 200 ms until it holds, the process exits or the timeout passes.
func (p *process) waitFor(ctx context.Context, timeout time.Duration, ready func() bool) error {
	deadline := time.Now().Add(timeout)
	for !ready() {
		if p.exited() {
			log, _ := os.ReadFile(p.log)
			return fmt.Errorf("%s exited before it was ready; its log:\n%s", p.name, log)
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s was not ready within %s; see %s", p.name, timeout, p.log)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
	return nil
}

// freePort returns a loopback port nothing listens on (never Neo4j's default 7687).
func freePort() (int, error) {
	for range 10 {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return 0, err
		}
		port := ln.Addr().(*net.TCPAddr).Port
		ln.Close()
		if port != 7687 {
			return port, nil
		}
	}
	return 0, errors.New("no free port")
}

func startNeo4j(ctx context.Context, o *options, procs *processes) (*process, error) {
	script := filepath.Join(o.repo, "tools", "neo4j", "neo4j.sh")
	if err := o.command(ctx, o.repo, script, "build").Run(); err != nil {
		return nil, fmt.Errorf("build the Neo4j launcher: %w", err)
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	// neo4j.sh run execs java, so the process is Neo4j itself; on SIGTERM it shuts down
	// cleanly and removes its temporary data directory.
	p, err := procs.start(ctx, "Neo4j", o.repo, filepath.Join(o.work, "neo4j.log"), 90*time.Second, childEnv(), script, "run", strconv.Itoa(port))
	if err != nil {
		return nil, err
	}
	if err := p.waitFor(ctx, 3*time.Minute, func() bool { return logHas(p.log, "BOLT READY") }); err != nil {
		return nil, err
	}
	o.neo4jURI = fmt.Sprintf("bolt://127.0.0.1:%d", port)
	logf("Neo4j ready at %s (pid %d)", o.neo4jURI, p.cmd.Process.Pid)
	return p, nil
}

func logHas(path, s string) bool {
	b, _ := os.ReadFile(path)
	return strings.Contains(string(b), s)
}

// waitIdle waits until the process uses under a tenth of a core for two seconds in a row, at
// most 90 s: the import leaves Neo4j busy for a while.
func waitIdle(ctx context.Context, pid int) {
	cpu := func() int {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil {
			return 0
		}
		// Fields after the command name, which ends with the last ')': utime and stime are the
		// 14th and 15th fields of the line, the 12th and 13th after it.
		s := string(b)
		f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		if len(f) < 13 {
			return 0
		}
		u, _ := strconv.Atoi(f[11])
		st, _ := strconv.Atoi(f[12])
		return u + st
	}
	quiet := 0
	for range 90 {
		before := cpu()
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Second):
		}
		if cpu()-before < 10 { // clock ticks are 1/100 s
			if quiet++; quiet >= 2 {
				return
			}
		} else {
			quiet = 0
		}
	}
	logf("Neo4j is still busy after 90 s; measuring anyway")
}

func httpOK(url string) bool {
	resp, err := http.Get(url)
	if err != nil {
		return false
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}
