//go:build linux

package embedded

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"strconv"
	"syscall"

	"go.etcd.io/bbolt"
)

// releaseFilePages tells the kernel that the process no longer needs the pages of the file
// that loading read through bbolt's memory map: the store serves reads from its own copy, and
// left mapped those pages count in the process's resident memory (about as much as the file:
// 1.6 GB at ten times the demo catalogue) until the kernel wants them back. A page read again
// later, by a write, is mapped back from the page cache; the file's data is untouched (the
// map is shared and read-only). The map's extent is read from /proc/self/maps, so that the
// advice never reaches memory beyond it.
func releaseFilePages(db *bbolt.DB) error {
	start := db.Info().Data
	end, err := mappingEnd(start, db.Path())
	if err != nil {
		return err
	}
	if _, _, errno := syscall.Syscall(syscall.SYS_MADVISE, start, end-start, syscall.MADV_DONTNEED); errno != 0 {
		return fmt.Errorf("release file pages: %w", errno)
	}
	return nil
}

// mappingEnd returns the end of the mapping of path that starts at start.
func mappingEnd(start uintptr, path string) (uintptr, error) {
	raw, err := os.ReadFile("/proc/self/maps")
	if err != nil {
		return 0, fmt.Errorf("release file pages: %w", err)
	}
	sc := bufio.NewScanner(bytes.NewReader(raw))
	for sc.Scan() {
		// start-end perms offset dev inode path
		fields := bytes.Fields(sc.Bytes())
		if len(fields) < 6 {
			continue
		}
		lo, hi, ok := bytes.Cut(fields[0], []byte("-"))
		if !ok {
			continue
		}
		s, err1 := strconv.ParseUint(string(lo), 16, 64)
		e, err2 := strconv.ParseUint(string(hi), 16, 64)
		if err1 != nil || err2 != nil || uintptr(s) != start {
			continue
		}
		if !sameFile(string(bytes.Join(fields[5:], []byte(" "))), path) {
			return 0, fmt.Errorf("release file pages: the map at %#x is not of %s", start, path)
		}
		return uintptr(e), nil
	}
	return 0, fmt.Errorf("release file pages: no map of %s at %#x", path, start)
}

// sameFile reports whether two paths name the same file.
func sameFile(a, b string) bool {
	fa, err := os.Stat(a)
	if err != nil {
		return false
	}
	fb, err := os.Stat(b)
	return err == nil && os.SameFile(fa, fb)
}
