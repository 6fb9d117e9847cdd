//go:build !linux

package embedded

import "go.etcd.io/bbolt"

// releaseFilePages is a Linux optimisation (see pages_linux.go); elsewhere the kernel keeps
// the loaded pages mapped until it wants them back.
func releaseFilePages(*bbolt.DB) error { return nil }
