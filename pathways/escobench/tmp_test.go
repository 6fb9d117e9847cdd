package escobench

import "os"

// tmpDir is a folder for the benchmark's store that outlives any one test or benchmark.
func tmpDir() (string, error) { return os.MkdirTemp("", "skillgraph-escobench-") }
