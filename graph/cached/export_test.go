package cached

// OnVersionWait sets a function called each time a request waits for the next shared version
// read.
func (s *Store) OnVersionWait(f func()) {
	s.versions.mu.Lock()
	defer s.versions.mu.Unlock()
	s.versions.joined = f
}
