GO ?= go
BIN ?= bin/archie
FUZZTIME ?= 10m

.PHONY: build test bench fuzz fmt lint generate clean

build: ## build bin/archie
	$(GO) build -o $(BIN) ./cmd/archie

test: ## run every test (the seed corpus of the fuzzers included)
	$(GO) vet ./...
	@test -z "$$(gofmt -l .)" || { echo "gofmt needed on:"; gofmt -l .; exit 1; }
	$(GO) test ./...

bench: ## run the benchmarks (numbers go to docs/performance.md)
	$(GO) test -run '^$$' -bench . -benchmem ./...

fuzz: ## fuzz the loader, the importers' front ends and path resolution, and the output escaping, FUZZTIME (default 10m) each
	$(GO) test -run '^$$' -fuzz FuzzLoad -fuzztime $(FUZZTIME) ./schema
	$(GO) test -run '^$$' -fuzz FuzzCloudFormation -fuzztime $(FUZZTIME) ./schema/imports
	$(GO) test -run '^$$' -fuzz FuzzTerraform -fuzztime $(FUZZTIME) ./schema/imports
	$(GO) test -run '^$$' -fuzz FuzzServerless -fuzztime $(FUZZTIME) ./schema/imports
	$(GO) test -run '^$$' -fuzz FuzzLocalPath -fuzztime $(FUZZTIME) ./schema/imports/ir
	$(GO) test -run '^$$' -fuzz FuzzText -fuzztime $(FUZZTIME) ./schema/safetext
	$(GO) test -run '^$$' -fuzz FuzzFormats -fuzztime $(FUZZTIME) ./lint
	$(GO) test -run '^$$' -fuzz FuzzDiagramText -fuzztime $(FUZZTIME) ./render
	$(GO) test -run '^$$' -fuzz FuzzImportNames -fuzztime $(FUZZTIME) ./schema/imports

fmt: ## format Go code and the bundled architectures
	gofmt -w .
	$(GO) run ./cmd/archie fmt --recursive examples

lint: ## static checks and archie on its own examples
	$(GO) vet ./...
	$(GO) run ./cmd/archie lint --fail-on info $$(ls -d examples/*/ | grep -v broken)

generate: ## regenerate docs/rules from the rule metadata
	$(GO) generate ./...

clean:
	rm -rf bin
