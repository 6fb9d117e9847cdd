package pathways

import (
	"slices"
	"strings"
	"testing"

	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/i18n"
)

// A step's message carries what its sentence says, and renders in French with the same facts.
func TestStepMessage(t *testing.T) {
	b := newBuilder().require("g", 2, true, 1).require("h", 1, false, 1).
		cred("base", 2.5, 10, nil).
		cred("stack", 10, 100, map[string]int{"g": 2, "h": 1}).prereq("stack", "base").
		cred("done", 5, 100, nil).
		block("blk", graph.Rule{Kind: graph.RuleAll}, "done", "stack").
		earned("done", false)
	res := recommend(t, b.pc, Options{OptionalCoverage: 1})
	steps := res.Pathways[0].Steps
	if len(steps) != 2 {
		t.Fatalf("steps %+v", steps)
	}
	last := steps[1]
	if last.Message.Code != MsgStep || last.Explanation != last.Message.Text(i18n.English) {
		t.Fatalf("message %+v, explanation %q", last.Message, last.Explanation)
	}
	var keys []string
	for _, p := range last.Message.Params {
		keys = append(keys, p.Key)
	}
	if !slices.Equal(keys, []string{ParamCredential, ParamHours, ParamEssentialGap, ParamOptionalGap, ParamCompletesBlock}) {
		t.Fatalf("params %+v", last.Message.Params)
	}
	if got, want := last.Message.Text(i18n.French),
		"course stack (10 h) couvre l'écart essentiel skill g (niveau 2), couvre l'écart optionnel skill h (niveau 1) et complète le bloc B-blk."; got != want {
		t.Errorf("French:\n got %q\nwant %q", got, want)
	}
	if got, want := steps[0].Message.Text(i18n.French), "course base (2,5 h) doit précéder course stack."; got != want {
		t.Errorf("French:\n got %q\nwant %q", got, want)
	}
	if got, want := steps[0].Explanation, "course base (2.5 h) is needed before course stack."; got != want {
		t.Errorf("English:\n got %q\nwant %q", got, want)
	}
}

// Every reason a gap is left open has a message, in every language.
func TestGapMessages(t *testing.T) {
	for _, code := range []Reason{ReasonNoCredential, ReasonNotAllowed, ReasonPrerequisites, ReasonConstraints} {
		m := gapMessage(code, "c", "Python", 3)
		if !slices.Contains(MessageCodes, m.Code) {
			t.Errorf("%s: code %q", code, m.Code)
		}
		for _, lang := range i18n.Supported {
			if text := m.Text(lang); text == string(m.Code) || !strings.Contains(text, "Python") || !strings.Contains(text, "3") {
				t.Errorf("%s in %s: %q", code, lang, text)
			}
		}
		if m.Text(i18n.English) == m.Text(i18n.French) {
			t.Errorf("%s: not translated", code)
		}
	}
}
