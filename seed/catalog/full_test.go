package catalog

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/skillgraph/skillgraph/seed/esco"
	"github.com/skillgraph/skillgraph/seed/seedtest"
)

// TestGenerateOnFullESCO generates the benchmark catalogue (20,000 credentials, 10,000
// learners) over the whole ESCO export on the embedded store.
func TestGenerateOnFullESCO(t *testing.T) {
	if testing.Short() {
		t.Skip("full ESCO import and catalogue: skipped in -short mode")
	}
	zips := seedtest.OfficialZips(t)
	s := openBolt(t, filepath.Join(t.TempDir(), "esco.db"))
	start := time.Now()
	if _, err := esco.Import(context.Background(), s, zips, esco.Options{}); err != nil {
		t.Fatal(err)
	}
	t.Logf("ESCO import: %.1f s", time.Since(start).Seconds())

	opts := Options{Seed: 1, Credentials: 20000, Learners: 10000}
	start = time.Now()
	res, snap := generate(t, s, opts)
	elapsed := time.Since(start)
	t.Logf("catalogue of %d credentials and %d learners generated in %.1f s\n%s", opts.Credentials, opts.Learners, elapsed.Seconds(), res.Summary())
	t.Logf("%d blocks, %d certifications, %d achievements; %d CERTIFIES, %d PREREQUISITE, %d REQUIRES_COMPETENCY, %d HAS, %d TARGETS",
		res.Blocks, res.Certifications, res.Achievements, res.Certifies, res.Prerequisites, res.RequiredCompetencies, res.Holdings, res.Targets)
	if res.Competencies != 13896+640 || res.Roles != 3007 {
		t.Errorf("read %d competencies and %d roles, want 14,536 and 3,007", res.Competencies, res.Roles)
	}
	checkCatalogue(t, snap)
	checkCoverage(t, snap)
}
