package neo4jtest

import (
	"io"
	"net"
	"sync"
	"sync/atomic"
	"testing"
)

// Proxy forwards TCP connections to a Neo4j server, so that a test can take the server away
// and bring it back: while down it cuts every open connection and closes new ones at once
// (counting them), as a server that went away would.
type Proxy struct {
	ln       net.Listener
	target   string
	down     atomic.Bool
	refused  atomic.Int64
	mu       sync.Mutex
	conns    map[net.Conn]bool
	finished sync.WaitGroup
}

// StartProxy listens on a free loopback port and forwards to target (host:port) until t ends.
func StartProxy(t testing.TB, target string) *Proxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &Proxy{ln: ln, target: target, conns: map[net.Conn]bool{}}
	p.finished.Go(p.serve)
	t.Cleanup(func() {
		ln.Close()
		p.cut()
		p.finished.Wait()
	})
	return p
}

// URI is the Bolt URI of the proxy.
func (p *Proxy) URI() string { return "bolt://" + p.ln.Addr().String() }

// Refused counts the connections closed at once while down.
func (p *Proxy) Refused() int64 { return p.refused.Load() }

// SetDown takes the server away (cutting every connection) or brings it back.
func (p *Proxy) SetDown(down bool) {
	p.down.Store(down)
	if down {
		p.cut()
	}
}

func (p *Proxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		if p.down.Load() {
			p.refused.Add(1)
			c.Close()
			continue
		}
		up, err := net.Dial("tcp", p.target)
		if err != nil {
			c.Close()
			continue
		}
		p.mu.Lock()
		p.conns[c], p.conns[up] = true, true
		p.mu.Unlock()
		p.finished.Go(func() { io.Copy(up, c); up.Close() })
		p.finished.Go(func() { io.Copy(c, up); c.Close() })
	}
}

// cut closes every open connection.
func (p *Proxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for c := range p.conns {
		c.Close()
	}
	clear(p.conns)
}
