package resolvers

//go:generate go tool gqlgen generate
//go:generate sed -i s/graphql[.]MarshalSliceConcurrently[(]/marshalSlice(/ generated/generated.go
