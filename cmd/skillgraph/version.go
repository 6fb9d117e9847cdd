package main

import (
	"context"
	"fmt"
	"runtime/debug"

	"github.com/urfave/cli/v3"
)

// versionInfo is what the binary knows of its build.
type versionInfo struct {
	version   string // the module version; "(devel)" for a build in a work tree
	commit    string // VCS revision, when the build recorded it
	time      string // VCS commit time
	modified  bool   // the work tree had changes
	goVersion string
}

func buildVersion() versionInfo {
	v := versionInfo{version: "(unknown)"}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return v
	}
	v.goVersion = bi.GoVersion
	if bi.Main.Version != "" {
		v.version = bi.Main.Version
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			v.commit = s.Value
		case "vcs.time":
			v.time = s.Value
		case "vcs.modified":
			v.modified = s.Value == "true"
		}
	}
	return v
}

func versionCommand() *cli.Command {
	return &cli.Command{
		Name:  "version",
		Usage: "print the version, the commit it was built from and the Go version",
		Action: func(_ context.Context, cmd *cli.Command) error {
			v := buildVersion()
			w := cmd.Root().Writer
			fmt.Fprintf(w, "skillgraph %s\n", v.version)
			if v.commit != "" {
				modified := ""
				if v.modified {
					modified = " (with uncommitted changes)"
				}
				fmt.Fprintf(w, "commit     %s%s\n", v.commit, modified)
			}
			if v.time != "" {
				fmt.Fprintf(w, "committed  %s\n", v.time)
			}
			fmt.Fprintf(w, "go         %s\n", v.goVersion)
			return nil
		},
	}
}
