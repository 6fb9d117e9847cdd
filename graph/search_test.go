package graph

import (
	"sync"
	"testing"
)

// Fold is called from many goroutines at once (searches, and writes indexing words): each
// gets the same answer as alone.
func TestFoldConcurrently(t *testing.T) {
	words := map[string]string{"Élève": "eleve", "Façade": "facade", "Œuvre": "oeuvre", "Straße": "strasse", "Ångström": "angstrom"}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 2000 {
				for in, want := range words {
					if got := Fold(in); got != want {
						t.Errorf("Fold(%q) = %q, want %q", in, got, want)
						return
					}
				}
			}
		})
	}
	wg.Wait()
}
