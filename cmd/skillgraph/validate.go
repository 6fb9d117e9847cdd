package main

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"

	"github.com/skillgraph/skillgraph/badges"
)

// The validators below run on a flag's value whether it came from the command line or from
// the environment; the library adds which of the two, so each error names the flag or the
// variable at fault. They run before anything is opened, written or loaded.

// validListenAddr accepts host:port with a numeric port (0 picks a free one); the host may be
// empty (every interface).
func validListenAddr(s string) error {
	host, port, err := net.SplitHostPort(s)
	if err != nil {
		return errors.New("want host:port or :port, e.g. :8080 or 127.0.0.1:8080")
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return fmt.Errorf("port %q: want a number from 0 to 65535", port)
	}
	if strings.ContainsAny(host, " /") {
		return fmt.Errorf("host %q: not a host name or IP address", host)
	}
	return nil
}

// validHTTPURL accepts an empty value (unset) or an absolute http(s) URL.
func validHTTPURL(s string) error {
	if s == "" {
		return nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return errors.New("want an absolute http:// or https:// URL")
	}
	return nil
}

// validOrigins accepts a comma-separated list of browser origins: * or scheme://host[:port],
// where the host may hold one * wildcard.
func validOrigins(s string) error {
	for _, o := range splitList(s) {
		if o == "*" {
			continue
		}
		u, err := url.Parse(o)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
			(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
			return fmt.Errorf("origin %q: want * or http(s)://host[:port]", o)
		}
	}
	return nil
}

// validSigningAlg accepts the algorithms badges are signed with.
func validSigningAlg(s string) error {
	if !badges.Algorithm(s).Valid() {
		return fmt.Errorf("want one of %v", badges.Algorithms)
	}
	return nil
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
