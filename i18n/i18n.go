// Package i18n picks the language a person reads (French or English) and renders messages in
// it from small catalogues kept beside the code that uses them. It imports nothing of the
// product, so that pages and the API share one negotiation.
package i18n

import (
	"fmt"
	"strings"

	"golang.org/x/text/language"
)

// Lang is a language the product speaks.
type Lang string

// The languages the product speaks; English is the default.
const (
	English Lang = "en"
	French  Lang = "fr"
)

// Supported lists the languages, default first.
var Supported = []Lang{English, French}

var matcher = language.NewMatcher([]language.Tag{language.English, language.French})

// Parse returns the language a tag names ("fr", "fr-CA", "EN"), and false when the product
// does not speak it.
func Parse(tag string) (Lang, bool) {
	t, err := language.Parse(strings.TrimSpace(tag))
	if err != nil {
		return English, false
	}
	base, _ := t.Base()
	switch base.String() {
	case "fr":
		return French, true
	case "en":
		return English, true
	}
	return English, false
}

// Negotiate picks the language of a response: the explicit choice (a ?lang= parameter) when
// the product speaks it, else the best match of an Accept-Language header, else English.
func Negotiate(choice, acceptLanguage string) Lang {
	if l, ok := Parse(choice); ok {
		return l
	}
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(tags) == 0 {
		return English
	}
	_, i, conf := matcher.Match(tags...)
	if conf == language.No {
		return English
	}
	return Supported[i]
}

// Messages is a catalogue: for each key, the text in each language, a fmt format when the
// message takes parameters.
type Messages map[string]map[Lang]string

// T renders key in lang with args, falling back to English, then to the key itself, so that a
// missing translation shows as English rather than as nothing.
func (m Messages) T(lang Lang, key string, args ...any) string {
	texts := m[key]
	s, ok := texts[lang]
	if !ok {
		if s, ok = texts[English]; !ok {
			s = key
		}
	}
	if len(args) == 0 {
		return s
	}
	return fmt.Sprintf(s, args...)
}
