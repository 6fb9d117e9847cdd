package resolvers

// CompiledFields exposes, to tests, the fields the compiled catalogue path answers.
var CompiledFields = compiledFields
