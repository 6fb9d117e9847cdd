package generated

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
)

// fieldArgs lists the fields whose arguments FieldArgs coerces: those the compiled catalogue
// path answers (resolvers/compiled.go). A field added here must exist in the schema, which the
// compiler checks through the generated function it names.
var fieldArgs = map[string]func(*executionContext, context.Context, map[string]any) (map[string]any, error){
	"Query.competency":                (*executionContext).field_Query_competency_args,
	"Query.credential":                (*executionContext).field_Query_credential_args,
	"Query.jobRole":                   (*executionContext).field_Query_jobRole_args,
	"Query.learner":                   (*executionContext).field_Query_learner_args,
	"Learner.holdings":                (*executionContext).field_Learner_holdings_args,
	"Learner.targets":                 (*executionContext).field_Learner_targets_args,
	"Query.block":                     (*executionContext).field_Query_block_args,
	"Query.competencies":              (*executionContext).field_Query_competencies_args,
	"Query.credentials":               (*executionContext).field_Query_credentials_args,
	"Query.jobRoles":                  (*executionContext).field_Query_jobRoles_args,
	"Query.blocks":                    (*executionContext).field_Query_blocks_args,
	"Competency.name":                 (*executionContext).field_Competency_name_args,
	"Competency.broader":              (*executionContext).field_Competency_broader_args,
	"Competency.narrower":             (*executionContext).field_Competency_narrower_args,
	"Competency.certifiedBy":          (*executionContext).field_Competency_certifiedBy_args,
	"Competency.requiredBy":           (*executionContext).field_Competency_requiredBy_args,
	"JobRole.title":                   (*executionContext).field_JobRole_title_args,
	"JobRole.requirements":            (*executionContext).field_JobRole_requirements_args,
	"Credential.certifies":            (*executionContext).field_Credential_certifies_args,
	"Credential.prerequisites":        (*executionContext).field_Credential_prerequisites_args,
	"Credential.requiredBy":           (*executionContext).field_Credential_requiredBy_args,
	"Credential.requiredCompetencies": (*executionContext).field_Credential_requiredCompetencies_args,
	"Credential.blocks":               (*executionContext).field_Credential_blocks_args,
	"Block.components":                (*executionContext).field_Block_components_args,
	"Block.partOf":                    (*executionContext).field_Block_partOf_args,
}

// FieldArgs coerces the arguments of object.field exactly as the generated executor does
// (variables, defaults, enums, input objects), for a path that answers the field without it.
// ok is false for a field it does not list; err is the generated coercion's error.
func FieldArgs(ctx context.Context, oc *graphql.OperationContext, es graphql.ExecutableSchema, object, field string, raw map[string]any) (args map[string]any, ok bool, err error) {
	coerce, ok := fieldArgs[object+"."+field]
	if !ok {
		return nil, false, nil
	}
	schema, ok := es.(*executableSchema)
	if !ok {
		return nil, false, nil
	}
	args, err = coerce(newExecutionContext(oc, schema, nil), ctx, raw)
	return args, true, err
}
