package pathways

import (
	"strconv"
	"strings"

	"github.com/skillgraph/skillgraph/i18n"
)

// MessageCode says what an explanation is; with its parameters it renders in any language
// the product speaks, and clients may render it themselves. The set is closed.
type MessageCode string

const (
	// MsgStep: a new step, its hours, and what it covers, unlocks and completes.
	MsgStep MessageCode = "STEP"
	// MsgStepInProgress: a step already under way, and what it covers, unlocks and completes.
	MsgStepInProgress MessageCode = "STEP_IN_PROGRESS"
	// MsgGapNoCredential .. MsgGapConstraints: why a gap is left uncovered (ReasonNoCredential..).
	MsgGapNoCredential  MessageCode = "GAP_NO_CREDENTIAL"
	MsgGapNotAllowed    MessageCode = "GAP_NOT_ALLOWED"
	MsgGapPrerequisites MessageCode = "GAP_PREREQUISITES"
	MsgGapConstraints   MessageCode = "GAP_CONSTRAINTS"
)

// Parameter keys. A list is the same key repeated, in order.
const (
	ParamCredential             = "credential"             // the step's credential: Value its title, Ref its id
	ParamHours                  = "hours"                  // the step's workload, a decimal number
	ParamEssentialGap           = "essentialGap"           // an essential gap it covers: competency name, id, level
	ParamOptionalGap            = "optionalGap"            // an optional gap it covers
	ParamUnlocks                = "unlocks"                // a later step it is a prerequisite of: title, id
	ParamEnables                = "enables"                // a later step requiring a competency it is the first to certify: title, id
	ParamCompletesBlock         = "completesBlock"         // a block it completes: title, id
	ParamCompletesCertification = "completesCertification" // a certification it completes: title, id
	ParamCompetency             = "competency"             // an uncovered gap's competency: name, id, level
)

// Param is one parameter of a message: its key, its value as text, the id of the node it
// names (if any) and a level (0 when none).
type Param struct {
	Key   string
	Value string
	Ref   string
	Level int
}

// Message is an explanation as a code and parameters.
type Message struct {
	Code   MessageCode
	Params []Param
}

// MessageCodes lists every code, for checks that the set is closed.
var MessageCodes = []MessageCode{MsgStep, MsgStepInProgress, MsgGapNoCredential, MsgGapNotAllowed, MsgGapPrerequisites, MsgGapConstraints}

var gapCodes = map[Reason]MessageCode{
	ReasonNoCredential: MsgGapNoCredential, ReasonNotAllowed: MsgGapNotAllowed,
	ReasonPrerequisites: MsgGapPrerequisites, ReasonConstraints: MsgGapConstraints,
}

// texts are the words of the explanations in each language.
var texts = i18n.Messages{
	"covers.essential.one":  {i18n.English: "covers the essential gap %s", i18n.French: "couvre l'écart essentiel %s"},
	"covers.essential.many": {i18n.English: "covers the essential gaps %s", i18n.French: "couvre les écarts essentiels %s"},
	"covers.optional.one":   {i18n.English: "covers the optional gap %s", i18n.French: "couvre l'écart optionnel %s"},
	"covers.optional.many":  {i18n.English: "covers the optional gaps %s", i18n.French: "couvre les écarts optionnels %s"},
	"gap":                   {i18n.English: "%s (level %d)", i18n.French: "%s (niveau %d)"},
	"unlocks":               {i18n.English: "is needed before %s", i18n.French: "doit précéder %s"},
	"enables":               {i18n.English: "certifies what %s requires", i18n.French: "valide ce qu'exige %s"},
	"completes":             {i18n.English: "completes %s", i18n.French: "complète %s"},
	"block":                 {i18n.English: "the block %s", i18n.French: "le bloc %s"},
	"certification":         {i18n.English: "the certification %s", i18n.French: "la certification %s"},
	"sooner":                {i18n.English: "lets later steps start sooner", i18n.French: "permet aux étapes suivantes de commencer plus tôt"},
	"and":                   {i18n.English: " and ", i18n.French: " et "},
	string(MsgStep):         {i18n.English: "%s (%s h) %s.", i18n.French: "%s (%s h) %s."},
	string(MsgStepInProgress): {i18n.English: "%s, already in progress, %s.",
		i18n.French: "%s, déjà en cours, %s."},
	string(MsgGapNoCredential): {i18n.English: "No credential certifies %s at level %d or above.",
		i18n.French: "Aucune micro-certification ne valide %s au niveau %d ou au-delà."},
	string(MsgGapNotAllowed): {i18n.English: "The credentials that certify %s at level %d are excluded or of another modality or language.",
		i18n.French: "Les micro-certifications qui valident %s au niveau %d sont exclues, ou d'une autre modalité ou langue."},
	string(MsgGapPrerequisites): {i18n.English: "The credentials that certify %s at level %d have prerequisites that cannot be met.",
		i18n.French: "Les micro-certifications qui valident %s au niveau %d ont des prérequis impossibles à remplir."},
	string(MsgGapConstraints): {i18n.English: "Covering %s at level %d would break the budget, hours or deadline.",
		i18n.French: "Couvrir %s au niveau %d dépasserait le budget, les heures ou l'échéance."},
}

// Text renders the message in lang: a sentence built from the parameters alone, so that the
// English of Step.Explanation and UncoveredGap.Reason is Text(i18n.English).
func (m Message) Text(lang i18n.Lang) string {
	first := func(key string) Param {
		for _, p := range m.Params {
			if p.Key == key {
				return p
			}
		}
		return Param{}
	}
	switch m.Code {
	case MsgStep, MsgStepInProgress:
		clauses := m.clauses(lang)
		title := first(ParamCredential).Value
		if m.Code == MsgStepInProgress {
			return texts.T(lang, string(m.Code), title, clauses)
		}
		return texts.T(lang, string(m.Code), title, number(first(ParamHours).Value, lang), clauses)
	case MsgGapNoCredential, MsgGapNotAllowed, MsgGapPrerequisites, MsgGapConstraints:
		c := first(ParamCompetency)
		return texts.T(lang, string(m.Code), c.Value, c.Level)
	}
	return string(m.Code)
}

// clauses joins what a step does: the gaps it covers, the steps it unlocks or enables, the
// blocks it completes; or that it lets later steps start sooner.
func (m Message) clauses(lang i18n.Lang) string {
	var ess, opt, unlocks, enables, completes []string
	for _, p := range m.Params {
		switch p.Key {
		case ParamEssentialGap:
			ess = append(ess, texts.T(lang, "gap", p.Value, p.Level))
		case ParamOptionalGap:
			opt = append(opt, texts.T(lang, "gap", p.Value, p.Level))
		case ParamUnlocks:
			unlocks = append(unlocks, p.Value)
		case ParamEnables:
			enables = append(enables, p.Value)
		case ParamCompletesBlock:
			completes = append(completes, texts.T(lang, "block", p.Value))
		case ParamCompletesCertification:
			completes = append(completes, texts.T(lang, "certification", p.Value))
		}
	}
	var parts []string
	if len(ess) > 0 {
		parts = append(parts, texts.T(lang, "covers.essential."+oneOrMany(len(ess)), joinIn(lang, ess)))
	}
	if len(opt) > 0 {
		parts = append(parts, texts.T(lang, "covers.optional."+oneOrMany(len(opt)), joinIn(lang, opt)))
	}
	if len(unlocks) > 0 {
		parts = append(parts, texts.T(lang, "unlocks", joinIn(lang, unlocks)))
	}
	if len(enables) > 0 {
		parts = append(parts, texts.T(lang, "enables", joinIn(lang, enables)))
	}
	if len(completes) > 0 {
		parts = append(parts, texts.T(lang, "completes", joinIn(lang, completes)))
	}
	if len(parts) == 0 {
		parts = append(parts, texts.T(lang, "sooner"))
	}
	return joinIn(lang, parts)
}

func oneOrMany(n int) string {
	if n == 1 {
		return "one"
	}
	return "many"
}

// joinIn lists items as a sentence does: "a, b and c", "a, b et c".
func joinIn(lang i18n.Lang, list []string) string {
	switch len(list) {
	case 0:
		return ""
	case 1:
		return list[0]
	}
	return strings.Join(list[:len(list)-1], ", ") + texts.T(lang, "and") + list[len(list)-1]
}

// number writes a decimal number as lang does: 1.5 in English, 1,5 in French.
func number(s string, lang i18n.Lang) string {
	if lang == i18n.French {
		return strings.ReplaceAll(s, ".", ",")
	}
	return s
}

// stepMessage is the message of a step, from its facts.
func (p *problem) stepMessage(st *Step) Message {
	m := Message{Code: MsgStep, Params: []Param{{Key: ParamCredential, Value: p.credTitle(st.CredentialID), Ref: st.CredentialID}}}
	if st.InProgress {
		m.Code = MsgStepInProgress
	} else {
		m.Params = append(m.Params, Param{Key: ParamHours, Value: strconv.FormatFloat(st.Hours, 'g', -1, 64)})
	}
	for _, c := range st.Covers {
		key := ParamOptionalGap
		if c.Essential {
			key = ParamEssentialGap
		}
		m.Params = append(m.Params, Param{Key: key, Value: p.compName(c.CompetencyID), Ref: c.CompetencyID, Level: c.Level})
	}
	for _, id := range st.Unlocks {
		m.Params = append(m.Params, Param{Key: ParamUnlocks, Value: p.credTitle(id), Ref: id})
	}
	for _, id := range st.Enables {
		m.Params = append(m.Params, Param{Key: ParamEnables, Value: p.credTitle(id), Ref: id})
	}
	for _, id := range st.CompletesBlocks {
		key, title := ParamCompletesBlock, id
		if b := p.pc.Blocks[id]; b != nil && b.Title != "" {
			title = b.Title
			if b.Certification {
				key = ParamCompletesCertification
			}
		}
		m.Params = append(m.Params, Param{Key: key, Value: title, Ref: id})
	}
	return m
}

// gapMessage is the message of an uncovered gap; code is one of the Reason constants, each
// of which has a message (a test holds them together).
func gapMessage(code Reason, compID, name string, level int) Message {
	return Message{Code: gapCodes[code], Params: []Param{{Key: ParamCompetency, Value: name, Ref: compID, Level: level}}}
}
