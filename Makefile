# skillgraph: common tasks. `make test` is the test command of the README and of CI.
GO ?= go
NEO4J_PORT ?= 7687

.PHONY: test test-short test-race fuzz-short vet fmt build neo4j neo4j-stop bench clean

# The packages that run work concurrently: the loaders and badge issuance under parallel
# resolvers, access, the server, the embedded store's readers and writers, the catalogue copy
# swapped under readers, the pathways engine.
RACE_PKGS = ./access/... ./badges/... ./graph/cached/... ./graph/embedded/... ./pathways/... ./resolvers/... ./server/...
# -short: the full-ESCO tests take too long under the race detector and add no concurrency.
RACE_TEST = $(GO) test -race -short -count=1 -timeout 30m $(RACE_PKGS)

## test: every Go test, with the Neo4j suite against NEO4J_URI or a Neo4j started for the run,
## then the race detector over the packages with concurrency, on the same Neo4j
test: vet
	@./tools/neo4j/with-neo4j.sh sh -c '$(GO) test -count=1 -timeout 40m ./... && $(RACE_TEST)'

## test-race: the race detector alone (RACE_PKGS, -short)
test-race:
	@./tools/neo4j/with-neo4j.sh $(RACE_TEST)

## test-short: the fast tests only (no full ESCO import)
test-short:
	$(GO) test -count=1 -short ./...

## fuzz-short: each fuzz target for FUZZTIME (input validation, search words, scalars, the HTTP endpoint, badge verification)
FUZZTIME ?= 10s
FUZZ_TARGETS = ./graph:FuzzValidate ./graph:FuzzSearchWords ./resolvers/scalars:FuzzScalars ./resolvers:FuzzEndpoint ./badges:FuzzVerify
fuzz-short:
	@set -e; for t in $(FUZZ_TARGETS); do \
	  echo "fuzz $${t#*:} ($${t%%:*}, $(FUZZTIME))"; \
	  $(GO) test -run '^$$' -fuzz "^$${t#*:}$$" -fuzztime $(FUZZTIME) "$${t%%:*}"; \
	done

## vet: gofmt and go vet must be clean, and go.mod and go.sum tidy
vet:
	@out="$$(gofmt -l $$(git ls-files '*.go') 2>/dev/null)"; if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	@$(GO) mod tidy -diff || { echo "go.mod or go.sum is not tidy: run go mod tidy"; exit 1; }

fmt:
	gofmt -w $$(git ls-files '*.go')

build:
	$(GO) build -o bin/skillgraph ./cmd/skillgraph

## neo4j: start a local Neo4j Community 5.26 (embedded launcher, Bolt on 127.0.0.1) in the background
neo4j:
	@./tools/neo4j/neo4j.sh start $(NEO4J_PORT)

## neo4j-stop: stop it
neo4j-stop:
	@./tools/neo4j/neo4j.sh stop

## bench: store benchmarks on the full ESCO graph, both stores
bench:
	@./tools/neo4j/with-neo4j.sh $(GO) test -run '^$$' -bench . -benchmem -timeout 60m ./graph/...

clean:
	rm -rf bin tools/neo4j/target
