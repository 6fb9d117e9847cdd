package resolvers

//go:generate go run github.com/99designs/gqlgen generate
//go:generate sed -i s/graphql[.]MarshalSliceConcurrently[(]/marshalSlice(/ generated/generated.go
