package embedded

import (
	"context"

	"github.com/skillgraph/skillgraph/graph"
)

// PathwayContext returns everything the pathway engine needs for a learner and a target role,
// assembled by graph.ReadPathwayContext over this store's reads. ENOTFOUND when either node
// does not exist; EINTERNAL once closed.
func (s *Store) PathwayContext(ctx context.Context, learnerID, roleID string) (*graph.PathwayContext, error) {
	pc, err := graph.ReadPathwayContext(ctx, s, learnerID, roleID)
	return pc, wrap("PathwayContext", err)
}
