package catalog

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/skillgraph/skillgraph/graph"
)

// profile is how an organisation of one kind designs its credentials.
type profile struct {
	kind           graph.OrganizationKind
	share          int     // of the organisations, in percent
	output         int     // relative number of credentials it awards
	eqfMin, eqfMax int     // EQF levels of its credentials
	medianHours    float64 // typical workload
	ratePerHour    float64 // EUR per hour of workload, before adjustments
	free           float64 // share of free credentials
	ects           float64 // share of credentials stating ECTS
	english        float64 // share of credentials taught in English
	validity       float64 // share of credentials that expire
	modality       [3]int  // weights of ONSITE, REMOTE, BLENDED
	assessments    [5]int  // weights of SIMULATION, CASE_STUDY, PROJECT, EXAM, PORTFOLIO
	qualities      []string
	names          []string // name patterns; %s is a place or a sector
}

var profiles = []profile{
	{kind: graph.OrgUniversity, share: 20, output: 10, eqfMin: 5, eqfMax: 7, medianHours: 40, ratePerHour: 11,
		free: 0.08, ects: 0.95, english: 0.15, validity: 0.05, modality: [3]int{35, 20, 45}, assessments: [5]int{10, 30, 35, 40, 15},
		qualities: []string{"Évaluation Hcéres", "Diplôme d'université, conseil de perfectionnement", "Certification Qualiopi"},
		names:     []string{"Université %s", "Université %s – formation continue", "Institut universitaire %s"}},
	{kind: graph.OrgVocationalSchool, share: 25, output: 10, eqfMin: 3, eqfMax: 5, medianHours: 35, ratePerHour: 14,
		free: 0.05, ects: 0.25, english: 0.03, validity: 0.15, modality: [3]int{65, 5, 30}, assessments: [5]int{45, 15, 30, 20, 10},
		qualities: []string{"Certification Qualiopi", "Enregistrement au Répertoire spécifique (France compétences)", "Label Lycée des métiers"},
		names:     []string{"École des métiers %s", "Lycée professionnel %s", "CFA %s", "Institut technique %s"}},
	{kind: graph.OrgOnlineAcademy, share: 20, output: 14, eqfMin: 4, eqfMax: 6, medianHours: 16, ratePerHour: 6,
		free: 0.18, ects: 0.1, english: 0.35, validity: 0.1, modality: [3]int{2, 85, 13}, assessments: [5]int{10, 20, 40, 35, 15},
		qualities: []string{"Certification Qualiopi", "Contrôle qualité interne, jury externe", "Accréditation de la plateforme"},
		names:     []string{"Académie numérique %s", "Campus en ligne %s", "École en ligne %s"}},
	{kind: graph.OrgEmployer, share: 20, output: 7, eqfMin: 3, eqfMax: 6, medianHours: 14, ratePerHour: 9,
		free: 0.5, ects: 0.02, english: 0.2, validity: 0.3, modality: [3]int{45, 25, 30}, assessments: [5]int{45, 25, 20, 10, 10},
		qualities: []string{"Académie d'entreprise, comité pédagogique", "Certification Qualiopi", "Référentiel métier de la branche"},
		names:     []string{"Académie %s", "Université d'entreprise %s", "Campus des métiers %s"}},
	{kind: graph.OrgProfessionalBody, share: 15, output: 6, eqfMin: 4, eqfMax: 7, medianHours: 21, ratePerHour: 22,
		free: 0.03, ects: 0.05, english: 0.1, validity: 0.6, modality: [3]int{40, 30, 30}, assessments: [5]int{25, 25, 10, 50, 20},
		qualities: []string{"Certificat de qualification professionnelle (CQP) de branche", "Habilitation de l'organisme professionnel", "Enregistrement au Répertoire spécifique (France compétences)"},
		names:     []string{"Chambre professionnelle %s", "Fédération %s", "Ordre professionnel %s"}},
}

// places name universities, schools and academies, with the article French puts before them;
// the names are made for the catalogue.
var places = []string{"du Val de Loire", "de la Côte d'Opale", "des Monts d'Auvergne", "des Trois Vallées",
	"du Pays basque", "de la Baie de Somme", "de la Plaine d'Alsace", "de l'Estuaire", "du Vercors", "des Cévennes",
	"du Marais poitevin", "du Bocage normand", "de la Presqu'île", "de Beauce", "de Sologne", "de Camargue",
	"du Morvan", "du Jura", "d'Argonne", "du Pays de Caux", "du Luberon", "du Golfe du Lion", "de Brocéliande",
	"de Haute-Provence", "de Champagne", "du Périgord", "du Limousin", "du Quercy"}

// sectors name employers and professional bodies.
var sectors = []string{"de la logistique", "de l'hôtellerie-restauration", "de l'industrie", "de la santé",
	"du numérique", "du bâtiment", "de l'agriculture", "du commerce", "de la banque", "de l'énergie",
	"des transports", "de l'aéronautique", "de l'agroalimentaire", "des services à la personne", "de la culture"}

// employerNames are the groups whose academies award credentials; made for the catalogue.
var employerNames = []string{"Groupe Vernier", "Maison Delorme", "Fabre Industries", "Lemaire Logistique",
	"Groupe Aubrac", "Roussel Énergies", "Caradec Distribution", "Mercier Santé", "Groupe Lantier",
	"Berthier Construction", "Solène Services", "Atelier Garnier"}

// countries of the organisations: France mostly, and French-speaking neighbours.
var (
	countries      = []string{"FR", "BE", "CH", "LU", "CA"}
	countryWeights = []int{85, 6, 5, 2, 2}
)

// organizationID is the id of the i-th organisation, counting from 0.
func organizationID(i int) string { return fmt.Sprintf("%sorg:%03d", IDPrefix, i+1) }

// org is a generated organisation and how it designs credentials.
type org struct {
	node *graph.Organization
	prof *profile
}

// buildOrganizations makes n organisations: one of each kind first, so that every kind is
// present, then kinds by their shares.
func buildOrganizations(r *rand.Rand, n int) []org {
	shares := make([]int, len(profiles))
	for i, p := range profiles {
		shares[i] = p.share
	}
	placeOrder := r.Perm(len(places))
	used := map[string]int{}
	out := make([]org, n)
	for i := range out {
		pi := i
		if i >= len(profiles) {
			pi = weighted(r, shares)
		}
		prof := &profiles[pi]
		var what string
		switch prof.kind {
		case graph.OrgEmployer:
			what = employerNames[r.IntN(len(employerNames))]
		case graph.OrgProfessionalBody:
			what = sectors[r.IntN(len(sectors))]
		default:
			what = places[placeOrder[i%len(places)]]
		}
		name := fmt.Sprintf(prof.names[r.IntN(len(prof.names))], what)
		if used[name]++; used[name] > 1 {
			name = fmt.Sprintf("%s (%d)", name, used[name])
		}
		country := countries[weighted(r, countryWeights)]
		slug := strings.ToLower(asciiFold.Replace(name))
		slug = strings.Map(func(c rune) rune {
			if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' {
				return c
			}
			return -1
		}, slug)
		out[i] = org{prof: prof, node: &graph.Organization{
			Meta:        graph.Meta{ID: organizationID(i)},
			Name:        name,
			Kind:        prof.kind,
			Description: describeOrganization(prof.kind),
			Country:     country,
			URL:         "https://" + slug + ".example.org",
		}}
	}
	return out
}

func describeOrganization(k graph.OrganizationKind) string {
	switch k {
	case graph.OrgUniversity:
		return "Université proposant des micro-certifications en formation continue, capitalisables en ECTS."
	case graph.OrgVocationalSchool:
		return "Établissement de formation professionnelle : parcours courts, mises en situation sur plateau technique."
	case graph.OrgOnlineAcademy:
		return "Organisme de formation à distance : modules courts, projets évalués en ligne."
	case graph.OrgEmployer:
		return "Académie d'entreprise ouverte aux salariés et aux candidats de la branche."
	case graph.OrgProfessionalBody:
		return "Organisme professionnel délivrant des certifications de branche à durée de validité limitée."
	}
	return ""
}
