package i18n

import "testing"

func TestNegotiate(t *testing.T) {
	for _, c := range []struct {
		choice, accept string
		want           Lang
	}{
		{"", "", English},
		{"", "fr-FR,fr;q=0.9,en;q=0.8", French},
		{"", "de-DE,de;q=0.9,fr;q=0.5", French},
		{"", "en-GB,fr;q=0.5", English},
		{"", "de", English},
		{"", "garbage;;q=x", English},
		{"en", "fr", English},
		{"fr", "en", French},
		{"xx", "fr", French},
		{"FR-ca", "", French},
	} {
		if got := Negotiate(c.choice, c.accept); got != c.want {
			t.Errorf("Negotiate(%q, %q) = %s, want %s", c.choice, c.accept, got, c.want)
		}
	}
}

func TestMessages(t *testing.T) {
	m := Messages{"hello": {English: "Hello %s", French: "Bonjour %s"}, "only": {English: "Only English"}}
	if got := m.T(French, "hello", "Léa"); got != "Bonjour Léa" {
		t.Errorf("French: %q", got)
	}
	if got := m.T(French, "only"); got != "Only English" {
		t.Errorf("fallback to English: %q", got)
	}
	if got := m.T(English, "missing"); got != "missing" {
		t.Errorf("missing key: %q", got)
	}
}
