module github.com/skillgraph/skillgraph

go 1.26.0

require (
	github.com/neo4j/neo4j-go-driver/v5 v5.28.4 // indirect
	go.etcd.io/bbolt v1.4.3 // indirect
	golang.org/x/sys v0.50.0 // indirect
	golang.org/x/term v0.48.0 // indirect
)
