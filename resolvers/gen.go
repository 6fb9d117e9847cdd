package resolvers

//go:generate go tool gqlgen generate
//go:generate sed -i -e s/graphql[.]MarshalSliceConcurrently[(]/marshalSlice(/ -e "s/graphql[.]NewDeferredGroup[(]ctx[)]/deferredGroup(ctx, fields)/" generated/generated.go
