package badges

import "github.com/skillgraph/skillgraph/i18n"

// messages are the labels of the public pages and images, in every language the product
// speaks. Values signed into badges stay as issued; only the words around them change.
var messages = i18n.Messages{
	"type.micro":              {i18n.English: "Micro-credential", i18n.French: "Micro-certification"},
	"type.block":              {i18n.English: "Block of competencies", i18n.French: "Bloc de compétences"},
	"type.certification":      {i18n.English: "Certification", i18n.French: "Certification"},
	"type.badge":              {i18n.English: "Badge", i18n.French: "Badge"},
	"mark.verified":           {i18n.English: "Verified", i18n.French: "Vérifié"},
	"mark.expired":            {i18n.English: "Genuine, but expired", i18n.French: "Authentique, mais expiré"},
	"mark.revoked":            {i18n.English: "Revoked by its issuer", i18n.French: "Révoqué par son émetteur"},
	"mark.suspended":          {i18n.English: "Suspended by its issuer", i18n.French: "Suspendu par son émetteur"},
	"mark.failed":             {i18n.English: "Not verified: fails verification", i18n.French: "Non vérifié : la vérification échoue"},
	"mark.expired.note":       {i18n.English: "The signature is genuine; the badge is no longer valid since %s.", i18n.French: "La signature est authentique ; le badge n'est plus valide depuis le %s."},
	"awarded.to":              {i18n.English: "Awarded to", i18n.French: "Décerné à"},
	"issued.by":               {i18n.English: "Issued by", i18n.French: "Délivré par"},
	"issued.on":               {i18n.English: "Issued on", i18n.French: "Délivré le"},
	"valid.until":             {i18n.English: "Valid until", i18n.French: "Valide jusqu'au"},
	"expired.on":              {i18n.English: "Expired on", i18n.French: "Expiré le"},
	"status":                  {i18n.English: "Status", i18n.French: "Statut"},
	"result":                  {i18n.English: "Result", i18n.French: "Résultat"},
	"status.VALID":            {i18n.English: "Valid", i18n.French: "Valide"},
	"status.REVOKED":          {i18n.English: "Revoked", i18n.French: "Révoqué"},
	"status.SUSPENDED":        {i18n.English: "Suspended", i18n.French: "Suspendu"},
	"status.EXPIRED":          {i18n.English: "Expired", i18n.French: "Expiré"},
	"status.unknown":          {i18n.English: "Unknown", i18n.French: "Inconnu"},
	"about":                   {i18n.English: "About", i18n.French: "Présentation"},
	"outcomes":                {i18n.English: "Learning outcomes", i18n.French: "Acquis d'apprentissage"},
	"certified.level":         {i18n.English: "Certified at level %d of %d", i18n.French: "Certifiée au niveau %d sur %d"},
	"competencies":            {i18n.English: "Competencies certified", i18n.French: "Compétences certifiées"},
	"constituents":            {i18n.English: "Badges stacked into this one", i18n.French: "Badges qui le composent"},
	"details":                 {i18n.English: "Details", i18n.French: "Détails"},
	"verification":            {i18n.English: "Verification", i18n.French: "Vérification"},
	"checks.caption":          {i18n.English: "Checks run on the signed badge", i18n.French: "Contrôles effectués sur le badge signé"},
	"check":                   {i18n.English: "Check", i18n.French: "Contrôle"},
	"check.result":            {i18n.English: "Result", i18n.French: "Résultat"},
	"check.detail":            {i18n.English: "Detail", i18n.French: "Détail"},
	"check.passed":            {i18n.English: "Passed", i18n.French: "Réussi"},
	"check.skipped":           {i18n.English: "Not run", i18n.French: "Non effectué"},
	"check.failed":            {i18n.English: "Failed", i18n.French: "Échoué"},
	"share":                   {i18n.English: "Share and download", i18n.French: "Partager et télécharger"},
	"share.link":              {i18n.English: "Link to this page", i18n.French: "Lien vers cette page"},
	"share.linkedin.add":      {i18n.English: "Add to LinkedIn profile", i18n.French: "Ajouter au profil LinkedIn"},
	"share.linkedin.post":     {i18n.English: "Share on LinkedIn", i18n.French: "Partager sur LinkedIn"},
	"share.email":             {i18n.English: "Send by e-mail", i18n.French: "Envoyer par e-mail"},
	"download.jwt":            {i18n.English: "Download the signed badge (VC-JWT)", i18n.French: "Télécharger le badge signé (VC-JWT)"},
	"download.json":           {i18n.English: "Download the credential (JSON)", i18n.French: "Télécharger l'attestation (JSON)"},
	"download.image":          {i18n.English: "Badge image (SVG)", i18n.French: "Image du badge (SVG)"},
	"issuer.keys":             {i18n.English: "Issuer keys (JWKS)", i18n.French: "Clés de l'émetteur (JWKS)"},
	"language":                {i18n.English: "Language", i18n.French: "Langue"},
	"badge.image.alt":         {i18n.English: "Badge: %s", i18n.French: "Badge : %s"},
	"detail.awardingBody":     {i18n.English: "Awarding body", i18n.French: "Organisme certificateur"},
	"detail.country":          {i18n.English: "Country", i18n.French: "Pays"},
	"detail.workload":         {i18n.English: "Workload (hours)", i18n.French: "Charge de travail (heures)"},
	"detail.ects":             {i18n.English: "ECTS credits", i18n.French: "Crédits ECTS"},
	"detail.eqf":              {i18n.English: "EQF level", i18n.French: "Niveau CEC"},
	"detail.assessment":       {i18n.English: "Assessment", i18n.French: "Évaluation"},
	"detail.participation":    {i18n.English: "Form of participation", i18n.French: "Modalité"},
	"detail.language":         {i18n.English: "Language", i18n.French: "Langue"},
	"detail.qualityAssurance": {i18n.English: "Quality assurance", i18n.French: "Assurance qualité"},
	"detail.prerequisites":    {i18n.English: "Prerequisites", i18n.French: "Prérequis"},
	"assessment.SIMULATION":   {i18n.English: "simulation", i18n.French: "mise en situation"},
	"assessment.CASE_STUDY":   {i18n.English: "case study", i18n.French: "étude de cas"},
	"assessment.PROJECT":      {i18n.English: "project", i18n.French: "projet"},
	"assessment.EXAM":         {i18n.English: "exam", i18n.French: "examen"},
	"assessment.PORTFOLIO":    {i18n.English: "portfolio", i18n.French: "portfolio"},
	"modality.ONSITE":         {i18n.English: "on site", i18n.French: "présentiel"},
	"modality.REMOTE":         {i18n.English: "remote", i18n.French: "à distance"},
	"modality.BLENDED":        {i18n.English: "blended", i18n.French: "hybride"},
	"org.kind":                {i18n.English: "Organisation", i18n.French: "Organisme"},
	"org.website":             {i18n.English: "Website", i18n.French: "Site web"},
	"org.credentials":         {i18n.English: "Micro-credentials it awards", i18n.French: "Micro-certifications délivrées"},
	"org.blocks":              {i18n.English: "Blocks and certifications it awards", i18n.French: "Blocs et certifications délivrés"},
	"org.none":                {i18n.English: "Nothing published yet.", i18n.French: "Rien de publié pour l'instant."},
	"org.hours":               {i18n.English: "%s h", i18n.French: "%s h"},
	"org.ects":                {i18n.English: "%s ECTS", i18n.French: "%s ECTS"},
	"org.more":                {i18n.English: "and %d more.", i18n.French: "et %d de plus."},
	"error.notfound":          {i18n.English: "There is nothing to show at this address.", i18n.French: "Il n'y a rien à afficher à cette adresse."},
	"esco.attribution":        {i18n.English: ESCOAttribution, i18n.French: "Ce service utilise la classification ESCO de la Commission européenne."},
}

// typeLabel names a kind of achievement in lang.
func typeLabel(achievementType string, lang i18n.Lang) string {
	switch achievementType {
	case AchievementTypeMicroCredential:
		return messages.T(lang, "type.micro")
	case AchievementTypeCertificate:
		return messages.T(lang, "type.block")
	case AchievementTypeCertification:
		return messages.T(lang, "type.certification")
	}
	return messages.T(lang, "type.badge")
}

// monthNames are the months in each language, for dates written out in full.
var monthNames = map[i18n.Lang][12]string{
	i18n.English: {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
	i18n.French:  {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
}
